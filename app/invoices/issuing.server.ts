import { auditedAs } from "../../db/audit-context";
import { isLockedState, isUniqueViolation } from "../../db/errors";
import { attempt } from "../../db/savepoint";
import { sql } from "../../db/sql";
import type { TenantTransaction } from "../../db/tenant";
import { mayTakeInvoiceAction, transitionInvoice } from "./invoice-states";
import { invoiceTotals, lineTax, unitsAmount, type Totals } from "./money";
import { formatMoney } from "~/kernel/catalog/project-fields";
import { isDay, shiftDay, type Day } from "~/kernel/clock/weeks";
import { getInvoiceSettings } from "./settings.server";
import {
  listInvoiceLines,
  lockInvoice,
  type ChangeResult,
  type ExtraLineInput,
  type InvoiceLine,
} from "./invoices.server";
import { companyClock } from "~/kernel/company/clock.server";

/**
 * Moving invoices on: issue (the number comes from the company's series counter in
 * this transaction, migration 0008), mark paid, void, and correct with a credit
 * note. Each locks the invoice row first, so a double click's second request waits
 * for the first and then finds the invoice issued, and says so.
 */
export type IssueResult =
  | { ok: true; id: string; number: string }
  /** `field` when the refusal is about the issue date finance chose. */
  | { ok: false; message: string; field?: "issuedOn" };

/**
 * How far ahead an invoice may be dated: enough to finish on Friday the invoices
 * dated Monday, or before a holiday, and not so far that a typo in the year passes.
 */
export const maxIssueDaysAhead = 7;

async function companyToday(tx: TenantTransaction): Promise<Day> {
  return (await companyClock(tx)).today;
}

/** Why the draft's time can't be billed as it stands, or null. */
async function timeProblem(tx: TenantTransaction, invoiceId: string): Promise<string | null> {
  const [facts] = await tx.query<{ billedElsewhere: number; changed: number }>(sql`
    select
      (select count(*)::int
         from invoice_entries mine
         join invoice_entries other on other.company_id = mine.company_id and other.entry_id = mine.entry_id and other.billed
        where mine.company_id = ${tx.tenant.companyId} and mine.invoice_id = ${invoiceId}) as "billedElsewhere",
      (select count(*)::int from (
         select 1
           from invoice_lines l
           join invoice_entries ie on ie.company_id = l.company_id and ie.invoice_id = l.invoice_id and ie.line_id = l.id
           join time_entries e on e.company_id = ie.company_id and e.id = ie.entry_id
           join invoices i on i.company_id = l.company_id and i.id = l.invoice_id
          where l.company_id = ${tx.tenant.companyId} and l.invoice_id = ${invoiceId}
          group by l.id, l.quantity, l.unit_price_minor, i.currency
         having bool_or(e.frozen_at is null or e.rate_minor is distinct from l.unit_price_minor
                        or e.currency is distinct from i.currency or not e.billable)
                or sum(e.minutes) <> l.quantity) as stale) as changed`);
  if (facts!.billedElsewhere > 0) return "Some of this time was invoiced on another invoice meanwhile: delete this draft and build it again";
  if (facts!.changed > 0) return "Some of this time changed since the draft was made (a week was reopened): delete this draft and build it again";
  return null;
}

/** Turn what the database refused while issuing into the message a person can act on. */
function issueRefusal(error: unknown): { ok: false; message: string } {
  if (isUniqueViolation(error, "invoice_entries_billed_key")) {
    return { ok: false, message: "Some of this time was invoiced on another invoice meanwhile: delete this draft and build it again" };
  }
  if (isUniqueViolation(error, "invoices_company_id_number_key")) {
    return { ok: false, message: "The number format would repeat an earlier invoice's number: change the prefix in the invoice settings" };
  }
  if (isLockedState(error)) return { ok: false, message: "The invoice or its time changed meanwhile. Reload and try again." };
  throw error;
}

/** The issuing update; the database assigns the number and refuses totals that aren't the lines' sums. */
async function issueLocked(tx: TenantTransaction, invoiceId: string, totals: Totals, issuedOn: Day): Promise<IssueResult> {
  const issued = await attempt(tx, (inner) =>
    auditedAs(inner, "invoice.issue", (audited) =>
      audited.query<{ number: string }>(sql`
        update invoices
           set status = 'issued', issued_on = ${issuedOn},
               subtotal_minor = ${totals.subtotalMinor}, tax_minor = ${totals.taxMinor}, total_minor = ${totals.totalMinor}
         where company_id = ${inner.tenant.companyId} and id = ${invoiceId} and status = 'draft'
        returning number`),
    ),
  );
  if (!issued.ok) return issueRefusal(issued.error);
  return { ok: true, id: invoiceId, number: issued.value[0]!.number };
}

async function issuingProblem(tx: TenantTransaction): Promise<string | null> {
  const settings = (await getInvoiceSettings(tx))!;
  if (!settings.legalName) return "Fill in the company's legal name in the invoice settings before issuing";
  return null;
}

/**
 * The issue date finance chose (today in the company's zone when none), or why it
 * can't be. The date is the invoice's legal date: its due date is this day plus the
 * payment terms, and with yearly numbering its year picks the series (migration
 * 0008's trigger), so it is checked before anything is written:
 * - not before `notBefore` (the last day of the time it bills, or for a credit note
 *   the day the invoice it corrects was issued): a document can't bill work not yet
 *   done or correct one not yet issued;
 * - at most `maxIssueDaysAhead` days after today.
 * Backdating within those bounds is allowed (an invoice dated the period's last day,
 * written on the 2nd), and numbers stay gapless whatever the order of dates.
 */
async function issueDate(
  tx: TenantTransaction,
  chosen: Day | undefined,
  notBefore: { day: Day | null; reason: string },
): Promise<{ ok: true; day: Day } | { ok: false; message: string; field: "issuedOn" }> {
  const today = await companyToday(tx);
  if (chosen === undefined) chosen = today;
  if (!isDay(chosen)) return { ok: false, field: "issuedOn", message: "Enter the issue date as YYYY-MM-DD" };
  const latest = shiftDay(today, maxIssueDaysAhead);
  if (chosen > latest) {
    return { ok: false, field: "issuedOn", message: `Date it ${latest} at the latest: an invoice is dated at most ${maxIssueDaysAhead} days ahead` };
  }
  if (notBefore.day && chosen < notBefore.day) {
    return { ok: false, field: "issuedOn", message: `Date it ${notBefore.day} or later: ${notBefore.reason}` };
  }
  return { ok: true, day: chosen };
}

/** The last day of time the draft bills, or null when it bills none. */
async function lastBilledDay(tx: TenantTransaction, invoiceId: string): Promise<Day | null> {
  const [row] = await tx.query<{ day: Day | null }>(sql`
    select max(e.work_date) as day
      from invoice_entries ie
      join time_entries e on e.company_id = ie.company_id and e.id = ie.entry_id
     where ie.company_id = ${tx.tenant.companyId} and ie.invoice_id = ${invoiceId}`);
  return row?.day ?? null;
}

/**
 * Issue a draft: its number, dates and totals are written and its time is billed,
 * all in this transaction or not at all.
 */
export async function issueInvoice(
  tx: TenantTransaction,
  invoiceId: string,
  options: { issuedOn?: Day } = {},
): Promise<IssueResult | null> {
  if (!mayTakeInvoiceAction(tx.tenant.role, "issue")) return null;
  const invoice = await lockInvoice(tx, invoiceId);
  if (!invoice) return null;
  const moved = transitionInvoice(invoice, "issue");
  if (!moved.ok) return moved;
  const problem = await issuingProblem(tx);
  if (problem) return { ok: false, message: problem };
  const lastDay = await lastBilledDay(tx, invoiceId);
  const issuedOn = await issueDate(tx, options.issuedOn, { day: lastDay, reason: `it bills time worked on ${lastDay}` });
  if (!issuedOn.ok) return issuedOn;
  const lines = await listInvoiceLines(tx, invoiceId);
  if (lines.length === 0) return { ok: false, message: "Add at least one line before issuing" };
  const totals = invoiceTotals(lines);
  if (totals.subtotalMinor < 0) return { ok: false, message: "The discounts take this invoice below zero" };
  const stale = await timeProblem(tx, invoiceId);
  if (stale) return { ok: false, message: stale };
  return issueLocked(tx, invoiceId, totals, issuedOn.day);
}

export async function markInvoicePaid(
  tx: TenantTransaction,
  invoiceId: string,
  options: { paidOn?: Day } = {},
): Promise<ChangeResult | null> {
  if (!mayTakeInvoiceAction(tx.tenant.role, "pay")) return null;
  const invoice = await lockInvoice(tx, invoiceId);
  if (!invoice) return null;
  const moved = transitionInvoice(invoice, "pay");
  if (!moved.ok) return moved;
  const paidOn = options.paidOn ?? (await companyToday(tx));
  if (!isDay(paidOn)) return { ok: false, message: "Choose the day it was paid" };
  if (paidOn < invoice.issuedOn!) return { ok: false, message: `Invoice ${invoice.number} was issued on ${invoice.issuedOn}, after that day` };
  await auditedAs(tx, "invoice.mark_paid", (audited) =>
    audited.query(sql`
      update invoices set status = 'paid', paid_on = ${paidOn} where company_id = ${tx.tenant.companyId} and id = ${invoiceId}`),
  );
  return { ok: true };
}

/** Voiding keeps the invoice and its number, and releases its time to be invoiced again. */
export async function voidInvoice(tx: TenantTransaction, invoiceId: string): Promise<ChangeResult | null> {
  if (!mayTakeInvoiceAction(tx.tenant.role, "void")) return null;
  const invoice = await lockInvoice(tx, invoiceId);
  if (!invoice) return null;
  const moved = transitionInvoice(invoice, "void");
  if (!moved.ok) return moved;
  const [credited] = await tx.query<{ count: number }>(sql`
    select count(*)::int as count from invoices
     where company_id = ${tx.tenant.companyId} and corrects_id = ${invoiceId} and status <> 'void'`);
  if (credited!.count > 0) return { ok: false, message: `Invoice ${invoice.number} has credit notes: void them first` };
  await auditedAs(tx, "invoice.void", (audited) =>
    audited.query(sql`update invoices set status = 'void' where company_id = ${tx.tenant.companyId} and id = ${invoiceId}`),
  );
  return { ok: true };
}

type CreditLine = Omit<InvoiceLine, "id" | "position">;

/** The lines that credit all of an invoice: each line negated, so each figure is exactly the original's opposite. */
function negated(lines: InvoiceLine[]): CreditLine[] {
  return lines.map(({ id: _id, position: _position, ...line }) => ({
    ...line,
    quantity: -line.quantity,
    amountMinor: -line.amountMinor,
    taxMinor: -line.taxMinor,
  }));
}

function creditLines(lines: ExtraLineInput[], defaultTaxRateBp: number): CreditLine[] | string {
  const result: CreditLine[] = [];
  for (const line of lines) {
    const quantity = line.quantity ?? 1;
    const description = line.description.trim();
    const taxRateBp = line.taxRateBp ?? defaultTaxRateBp;
    if (description.length === 0 || description.length > 500) return "Describe each credited line in 1 to 500 characters";
    if (!Number.isSafeInteger(quantity) || quantity <= 0 || !Number.isSafeInteger(line.unitPriceMinor) || line.unitPriceMinor <= 0) {
      return "Credit a positive whole quantity at a positive price";
    }
    if (!Number.isInteger(taxRateBp) || taxRateBp < 0 || taxRateBp > 10_000) return "The tax rate is between 0 and 100 %";
    const amountMinor = unitsAmount(-quantity, line.unitPriceMinor);
    result.push({
      kind: "manual",
      description,
      quantity: -quantity,
      unitPriceMinor: line.unitPriceMinor,
      amountMinor,
      taxRateBp,
      taxMinor: lineTax(amountMinor, taxRateBp),
      projectId: null,
      taskId: null,
      userId: null,
    });
  }
  return result.length > 0 ? result : "Credit at least one line";
}

/**
 * A credit note for an issued (or paid) invoice, issued at once with the next
 * number of the same series (decision 014). Without lines it credits the whole
 * invoice; with lines, those amounts. Together, credit notes never credit more
 * than the invoice's total. The invoice's time stays billed: voiding, not
 * crediting, is what releases time to be invoiced again.
 */
export async function createCreditNote(
  tx: TenantTransaction,
  invoiceId: string,
  lines?: ExtraLineInput[],
  options: { issuedOn?: Day } = {},
): Promise<IssueResult | null> {
  if (!mayTakeInvoiceAction(tx.tenant.role, "credit")) return null;
  const invoice = await lockInvoice(tx, invoiceId);
  if (!invoice) return null;
  if (invoice.kind !== "invoice") return { ok: false, message: "A credit note corrects an invoice, not another credit note" };
  const moved = transitionInvoice(invoice, "credit");
  if (!moved.ok) return moved;
  const problem = await issuingProblem(tx);
  if (problem) return { ok: false, message: problem };
  const issuedOn = await issueDate(tx, options.issuedOn, {
    day: invoice.issuedOn,
    reason: `invoice ${invoice.number} was issued that day`,
  });
  if (!issuedOn.ok) return issuedOn;

  const [earlier] = await tx.query<{ count: number; creditedMinor: number }>(sql`
    select count(*)::int as count, coalesce(sum(total_minor), 0)::bigint as "creditedMinor" from invoices
     where company_id = ${tx.tenant.companyId} and corrects_id = ${invoiceId} and status <> 'void'`);
  let credit: CreditLine[];
  if (lines === undefined) {
    if (earlier!.count > 0) return { ok: false, message: `Invoice ${invoice.number} is already partly credited: credit the rest line by line` };
    credit = negated(await listInvoiceLines(tx, invoiceId));
  } else {
    const checked = creditLines(lines, (await getInvoiceSettings(tx))!.defaultTaxRateBp);
    if (typeof checked === "string") return { ok: false, message: checked };
    credit = checked;
  }
  const totals = invoiceTotals(credit);
  const remaining = invoice.totalMinor! + earlier!.creditedMinor;
  if (-totals.totalMinor > remaining) {
    const money = (minor: number) => formatMoney(minor, invoice.currency);
    return { ok: false, message: `Invoice ${invoice.number} has ${money(remaining)} left to credit; this credit note is for ${money(-totals.totalMinor)}` };
  }

  const made = await attempt(tx, async (inner) => {
    const [note] = await inner.query<{ id: string }>(sql`
      insert into invoices (company_id, client_id, kind, corrects_id, currency)
      values (${inner.tenant.companyId}, ${invoice.clientId}, 'credit_note', ${invoiceId}, ${invoice.currency})
      returning id`);
    for (const [position, line] of credit.entries()) {
      await inner.query(sql`
        insert into invoice_lines (company_id, invoice_id, position, kind, description, quantity, unit_price_minor,
                                   amount_minor, tax_rate_bp, tax_minor, project_id, task_id, user_id)
        values (${inner.tenant.companyId}, ${note!.id}, ${position}, ${line.kind}, ${line.description}, ${line.quantity},
                ${line.unitPriceMinor}, ${line.amountMinor}, ${line.taxRateBp}, ${line.taxMinor}, ${line.projectId},
                ${line.taskId}, ${line.userId})`);
    }
    const issued = await issueLocked(inner, note!.id, totals, issuedOn.day);
    // A refusal must undo the note and its lines too: nothing half-made stays behind.
    if (!issued.ok) throw new CreditNoteRefused(issued.message);
    return issued;
  });
  if (made.ok) return made.value;
  if (made.error instanceof CreditNoteRefused) return { ok: false, message: made.error.message };
  throw made.error;
}

class CreditNoteRefused extends Error {}
