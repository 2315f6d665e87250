import { approvedTime, createManualDraft, setInvoiceSettings } from "../../../db/testing/invoice-fixtures";
import { createClient, createProject } from "../../../db/testing/time-fixtures";
import type { ContractCases, ContractWorld } from "~/testing/api-contract";

const stale = { "If-Match": '"stale"' };

/** A client with approved billable time in March 2026, in a company that can issue. */
async function clientWithTime(w: ContractWorld): Promise<string> {
  const { companyId } = w.owner;
  await setInvoiceSettings(w.db, companyId);
  const clientId = await createClient(w.db, companyId);
  const projectId = await createProject(w.db, companyId, { clientId, hourlyRateMinor: 12_000 });
  await approvedTime(w.db, [{ companyId, userId: w.employee.userId, projectId, day: "2026-03-03", minutes: 90 }]);
  return clientId;
}

/** A draft of one manual line (100.00), for its own client. */
async function draft(w: ContractWorld): Promise<string> {
  const { companyId } = w.owner;
  await setInvoiceSettings(w.db, companyId);
  return createManualDraft(w.db, companyId, await createClient(w.db, companyId));
}

async function issued(w: ContractWorld): Promise<string> {
  const id = await draft(w);
  const response = await w.call("POST", `/api/v1/invoices/${id}/issue`, { body: {} });
  if (response.status !== 200) throw new Error(`Issuing a contract case's invoice: ${response.status} ${await response.text()}`);
  return id;
}

async function firstLineOf(w: ContractWorld, invoiceId: string): Promise<string> {
  const invoice = (await (await w.call("GET", `/api/v1/invoices/${invoiceId}`)).json()) as { lines: { id: string }[] };
  return invoice.lines[0]!.id;
}

export const invoiceCases: ContractCases = {
  listInvoices: async (w) => {
    await draft(w);
    const clientId = await createClient(w.db, w.owner.companyId);
    return [
      { path: "/api/v1/invoices?limit=1", expect: 200 },
      { path: `/api/v1/invoices?status=issued&clientId=${clientId}&issuedFrom=2026-01-01&issuedTo=2099-12-31`, expect: 200 },
      { path: "/api/v1/invoices?status=sent", expect: 400 },
      { path: "/api/v1/invoices?issuedFrom=2026-13-01", expect: 400 },
    ];
  },
  createDraftInvoice: async (w) => {
    const clientId = await clientWithTime(w);
    const march = { from: "2026-03-01", to: "2026-03-31", groupBy: "project-task" };
    return [
      { path: "/api/v1/invoices", body: { clientId, ...march }, expect: 201 },
      { path: "/api/v1/invoices", body: { clientId: crypto.randomUUID(), ...march }, expect: 422 },
      { path: "/api/v1/invoices", body: { clientId, ...march, from: "2026-04-01" }, expect: 400 },
      { path: "/api/v1/invoices", body: { clientId, ...march, groupBy: "team" }, expect: 400 },
    ];
  },
  getInvoice: async (w) => {
    const id = await draft(w);
    const etag = (await w.call("GET", `/api/v1/invoices/${id}`)).headers.get("ETag")!;
    return [
      { path: `/api/v1/invoices/${id}`, expect: 200 },
      { path: `/api/v1/invoices/${id}`, headers: { "If-None-Match": etag }, expect: 304 },
    ];
  },
  setInvoiceNotes: async (w) => {
    const id = await draft(w);
    const done = await issued(w);
    return [
      { path: `/api/v1/invoices/${id}`, body: { notes: "PO 4711" }, expect: 200 },
      { path: `/api/v1/invoices/${id}`, body: { notes: "Stale" }, headers: stale, expect: 412 },
      { path: `/api/v1/invoices/${done}`, body: { notes: "Too late" }, expect: 422 },
    ];
  },
  deleteDraftInvoice: async (w) => {
    const id = await draft(w);
    const done = await issued(w);
    return [
      { path: `/api/v1/invoices/${id}`, headers: stale, expect: 412 },
      { path: `/api/v1/invoices/${id}`, expect: 204 },
      { path: `/api/v1/invoices/${done}`, expect: 409 },
    ];
  },
  addInvoiceLine: async (w) => {
    const id = await draft(w);
    const done = await issued(w);
    const line = { description: "Licence", quantity: 2, unitPrice: "50.25", taxRate: "7.5" };
    return [
      { path: `/api/v1/invoices/${id}/lines`, body: line, expect: 200 },
      { path: `/api/v1/invoices/${id}/lines`, body: { ...line, quantity: 0 }, expect: 400 },
      { path: `/api/v1/invoices/${id}/lines`, body: line, headers: stale, expect: 412 },
      { path: `/api/v1/invoices/${done}/lines`, body: line, expect: 422 },
    ];
  },
  removeInvoiceLine: async (w) => {
    const id = await draft(w);
    const done = await issued(w);
    const [line, doneLine] = [await firstLineOf(w, id), await firstLineOf(w, done)];
    return [
      { path: `/api/v1/invoices/${id}/lines/${line}`, expect: 200 },
      { path: `/api/v1/invoices/${done}/lines/${doneLine}`, headers: stale, expect: 412 },
      { path: `/api/v1/invoices/${done}/lines/${doneLine}`, expect: 409 },
    ];
  },
  addInvoiceDiscount: async (w) => {
    const id = await draft(w);
    return [
      { path: `/api/v1/invoices/${id}/discounts`, body: { description: "Loyal client", amount: "10" }, expect: 200 },
      { path: `/api/v1/invoices/${id}/discounts`, body: { description: "Too much", amount: "1000" }, expect: 422 },
      { path: `/api/v1/invoices/${id}/discounts`, body: { description: "Stale", amount: "1" }, headers: stale, expect: 412 },
    ];
  },
  issueInvoice: async (w) => {
    const [id, other] = [await draft(w), await draft(w)];
    return [
      { path: `/api/v1/invoices/${id}/issue`, body: {}, expect: 200 },
      { path: `/api/v1/invoices/${id}/issue`, body: {}, expect: 409 },
      { path: `/api/v1/invoices/${other}/issue`, body: { issuedOn: "2099-01-01" }, expect: 422 },
      { path: `/api/v1/invoices/${other}/issue`, body: {}, headers: stale, expect: 412 },
    ];
  },
  markInvoicePaid: async (w) => {
    const id = await issued(w);
    return [
      { path: `/api/v1/invoices/${id}/pay`, body: {}, headers: stale, expect: 412 },
      { path: `/api/v1/invoices/${id}/pay`, body: {}, expect: 200 },
      { path: `/api/v1/invoices/${id}/pay`, body: {}, expect: 422 },
    ];
  },
  voidInvoice: async (w) => {
    const id = await issued(w);
    return [
      { path: `/api/v1/invoices/${id}/void`, headers: stale, expect: 412 },
      { path: `/api/v1/invoices/${id}/void`, expect: 200 },
      { path: `/api/v1/invoices/${id}/void`, expect: 409 },
    ];
  },
  creditInvoice: async (w) => {
    const id = await issued(w);
    return [
      { path: `/api/v1/invoices/${id}/credit`, body: {}, expect: 201 },
      { path: `/api/v1/invoices/${id}/credit`, body: {}, headers: stale, expect: 412 },
      { path: `/api/v1/invoices/${id}/credit`, body: { issuedOn: "2000-01-03" }, expect: 422 },
      { path: `/api/v1/invoices/${id}/credit`, body: {}, expect: 409 },
    ];
  },
  creditInvoicePart: async (w) => {
    const id = await issued(w);
    const part = { description: "Two hours billed twice", amount: "10" };
    return [
      { path: `/api/v1/invoices/${id}/credit-part`, body: part, expect: 201 },
      { path: `/api/v1/invoices/${id}/credit-part`, body: part, headers: stale, expect: 412 },
      { path: `/api/v1/invoices/${id}/credit-part`, body: { ...part, amount: "100000" }, expect: 422 },
      { path: `/api/v1/invoices/${id}/credit-part`, body: { ...part, amount: "-5" }, expect: 400 },
    ];
  },
  getInvoicePdf: async (w) => [{ path: `/api/v1/invoices/${await issued(w)}/pdf`, expect: 200 }],
};
