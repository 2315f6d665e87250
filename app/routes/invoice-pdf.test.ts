import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import { createCompany } from "../../db/testing/fixtures";
import { createManualDraft, setInvoiceSettings } from "../../db/testing/invoice-fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createClient } from "../../db/testing/time-fixtures";
import { createSignedInMembers, createTestApp, requestAs, statusOf, type TestApp } from "~/testing/context";
import { issueInvoice } from "~/invoices/issuing.server";
import { loader } from "./c.$company.invoices.$invoiceId.pdf";

/** The invoice PDF download, as each role and with ids that aren't the company's. */
let db: TestDatabase;
let app: TestApp;
let context: AppLoadContext;
let slug: string;
let tokens: Record<"owner" | "admin" | "finance" | "manager" | "employee", string>;
let issuedId: string;
let issuedNumber: string;
let draftId: string;
let otherCompanysId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createTestApp(db);
  context = app.context();
  const companyId = await createCompany(db, "Download Co");
  [{ slug }] = (await db.query<{ slug: string }>(sql`select slug from companies where id = ${companyId}`)) as [{ slug: string }];
  const members = await createSignedInMembers(db, context, companyId, {
    owner: "owner",
    admin: "admin",
    finance: "finance",
    manager: "manager",
    employee: "employee",
  });
  tokens = members.tokens;
  await setInvoiceSettings(db, companyId, { prefix: "RE/" });
  const clientId = await createClient(db, companyId, { name: "Download Client" });
  issuedId = await createManualDraft(db, companyId, clientId);
  const issued = await context.withTenant(members.people.finance, (tx) => issueInvoice(tx, issuedId, { issuedOn: "2026-02-02" }));
  if (!issued?.ok) throw new Error(JSON.stringify(issued));
  issuedNumber = issued.number;
  draftId = await createManualDraft(db, companyId, clientId);

  const other = await createCompany(db, "Elsewhere Co");
  otherCompanysId = await createManualDraft(db, other, await createClient(db, other, { name: "Elsewhere Client" }));
});

afterAll(async () => {
  await app.close();
  await db.close();
});

async function download(token: string, invoiceId: string) {
  const request = await requestAs(context, token, `/c/${slug}/invoices/${invoiceId}/pdf`);
  try {
    return await loader({ request, params: { company: slug, invoiceId }, context });
  } catch (thrown) {
    return thrown;
  }
}

describe("the invoice PDF download", () => {
  it.each(["finance", "admin", "owner"] as const)("gives %s the PDF as an attachment named by its number", async (role) => {
    const response = (await download(tokens[role], issuedId)) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    // "RE/2026-0001": the slash would make a path of the file name.
    expect(issuedNumber).toBe("RE/2026-0001");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="RE-2026-0001.pdf"');
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(bytes.subarray(-6).toString("latin1")).toContain("%%EOF");
  });

  it("names a draft's file by its id", async () => {
    const response = (await download(tokens.finance, draftId)) as Response;
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="draft-${draftId}.pdf"`);
  });

  it.each(["manager", "employee"] as const)("refuses %s with 403", async (role) => {
    expect(statusOf(await download(tokens[role], issuedId))).toBe(403);
  });

  it("answers 404 for another company's invoice, an unknown id and a malformed one", async () => {
    expect(statusOf(await download(tokens.finance, otherCompanysId))).toBe(404);
    expect(statusOf(await download(tokens.finance, "6f1c1d2e-0000-4000-8000-000000000000"))).toBe(404);
    expect(statusOf(await download(tokens.finance, "not-an-id"))).toBe(404);
    expect(statusOf(await download(tokens.finance, `${issuedId}x`))).toBe(404);
  });
});
