import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attempt } from "../../db/savepoint";
import { sql, type SqlFragment } from "../../db/sql";
import { withTenant, type MemberRole, type TenantContext } from "../../db/tenant";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createManualDraft, setInvoiceSettings } from "../../db/testing/invoice-fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createClient } from "../../db/testing/time-fixtures";
import {
  invoiceActions,
  invoiceStatuses,
  mayTakeInvoiceAction,
  transitionInvoice,
  type InvoiceAction,
  type InvoiceStatus,
} from "./invoice-states";

/**
 * Generated from the transition table of invoice-states.ts: every action on an
 * invoice in every status, as every role, done in SQL the way the models do it,
 * must be accepted by migration 0008's triggers exactly when the table allows it.
 */

const roles = ["owner", "admin", "finance", "manager", "employee"] as const satisfies readonly MemberRole[];

let db: TestDatabase;
let companyId: string;
let clientId: string;
const members = {} as Record<MemberRole, TenantContext>;

beforeAll(async () => {
  db = await createTestDatabase();
  companyId = await createCompany(db, "Invoice states Co");
  for (const role of roles) members[role] = await createMember(db, companyId, role);
  await setInvoiceSettings(db, companyId);
  clientId = await createClient(db, companyId);
});
afterAll(() => db.close());

// A manual draft of 100.00 with no tax, so the totals below are its lines' sums.
const issuedOn = "2026-02-01";
const paidOn = "2026-02-10";

/** A fresh invoice in `status`, moved there on the owner connection through the moves the triggers allow. */
async function invoiceIn(status: InvoiceStatus): Promise<string> {
  const id = await createManualDraft(db, companyId, clientId);
  const issue = sql`update invoices set status = 'issued', issued_on = ${issuedOn}, subtotal_minor = 10000, tax_minor = 0, total_minor = 10000 where id = ${id}`;
  const path: Record<InvoiceStatus, SqlFragment[]> = {
    draft: [],
    issued: [issue],
    paid: [issue, sql`update invoices set status = 'paid', paid_on = ${paidOn} where id = ${id}`],
    void: [issue, sql`update invoices set status = 'void' where id = ${id}`],
  };
  for (const change of path[status]) await db.query(change);
  return id;
}

/** Each action as the statement its model issues, without the model's own status check. */
const statements: Record<InvoiceAction, (id: string) => SqlFragment> = {
  edit: (id) => sql`update invoices set notes = 'Thanks!' where company_id = ${companyId} and id = ${id} returning id`,
  delete: (id) => sql`delete from invoices where company_id = ${companyId} and id = ${id} returning id`,
  issue: (id) => sql`
    update invoices set status = 'issued', issued_on = ${issuedOn}, subtotal_minor = 10000, tax_minor = 0, total_minor = 10000
     where company_id = ${companyId} and id = ${id} returning id`,
  pay: (id) => sql`update invoices set status = 'paid', paid_on = ${paidOn} where company_id = ${companyId} and id = ${id} returning id`,
  void: (id) => sql`update invoices set status = 'void' where company_id = ${companyId} and id = ${id} returning id`,
  credit: (id) => sql`
    insert into invoices (company_id, client_id, kind, corrects_id, currency)
    values (${companyId}, ${clientId}, 'credit_note', ${id}, 'EUR') returning id`,
};

/** 'accepted' (one row written), 'no row' (RLS hid it), or the SQLSTATE of the refusal. */
async function attemptAs(member: TenantContext, statement: SqlFragment): Promise<string> {
  const result = await withTenant(db, member, (tx) => attempt(tx, (inner) => inner.query(statement)));
  if (!result.ok) return String((result.error as { code?: string }).code);
  return result.value.length === 1 ? "accepted" : "no row";
}

async function statusOf(id: string): Promise<InvoiceStatus | null> {
  const [row] = await db.query<{ status: InvoiceStatus }>(sql`select status from invoices where id = ${id}`);
  return row?.status ?? null;
}

const cases = invoiceStatuses.flatMap((status) => invoiceActions.map((action) => ({ status, action })));

describe("the invoice table and migration 0008's triggers agree", () => {
  describe.each(roles)("as %s", (role) => {
    it.each(cases)("on $action of a $status invoice", async ({ status, action }) => {
      const id = await invoiceIn(status);
      const moved = transitionInvoice({ status, number: null }, action);
      const outcome = await attemptAs(members[role], statements[action](id));
      const label = `${role}: ${action} a ${status} invoice`;
      if (!mayTakeInvoiceAction(role, action)) {
        // The policies hide invoices from this role; the trigger may refuse first (a credit note's invoice is out of sight).
        expect(["no row", "42501", "55000"], label).toContain(outcome);
        expect(await statusOf(id), label).toBe(status);
      } else if (moved.ok) {
        expect(outcome, label).toBe("accepted");
        expect(await statusOf(id), label).toBe(moved.to);
      } else {
        expect(outcome, label).toBe("55000");
        expect(await statusOf(id), label).toBe(status);
      }
    });
  });
});
