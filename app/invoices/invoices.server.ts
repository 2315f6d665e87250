import { sql } from "../../db/sql";
import type { TenantTransaction } from "../../db/tenant";
import { mayTakeInvoiceAction, transitionInvoice, type InvoiceStatus } from "./invoice-states";
import { invoiceTotals, lineTax, timeAmount, unitsAmount, type Totals } from "./money";
import { can } from "~/kernel/permissions";
import { formatMoney } from "~/kernel/catalog/project-fields";
import { isDay, type Day } from "~/kernel/clock/weeks";
import { getInvoiceSettings } from "./settings.server";

/**
 * Invoices to clients, built from approved billable time (docs/decisions/014).
 * This module reads invoices and edits drafts; invoice-issuing.server.ts moves them
 * on. Every function answers null for an id that isn't the company's, and for a
 * role without the invoice permissions, as RLS would: the route has answered 403
 * before, and null keeps a model called elsewhere from writing a half-refused row.
 */
export type InvoiceKind = "invoice" | "credit_note";
export type { InvoiceStatus } from "./invoice-states";
export type InvoiceLineKind = "time" | "manual" | "discount";
export type GroupBy = "project-task" | "person";

export interface InvoiceLine {
  id: string;
  position: number;
  kind: InvoiceLineKind;
  description: string;
  /** Minutes for time lines, whole units otherwise (negative on credit notes). */
  quantity: number;
  unitPriceMinor: number;
  amountMinor: number;
  taxRateBp: number;
  taxMinor: number;
  projectId: string | null;
  taskId: string | null;
  userId: string | null;
}

/** The seller and client as they were when the invoice was issued. */
export interface InvoiceParty {
  legal_name?: string | null;
  name?: string | null;
  contact_name?: string | null;
  contact_email?: string | null;
  address: string | null;
  tax_id: string | null;
}

export interface Invoice extends Totals {
  id: string;
  kind: InvoiceKind;
  correctsId: string | null;
  correctsNumber: string | null;
  status: InvoiceStatus;
  clientId: string;
  clientName: string;
  currency: string;
  periodFrom: Day | null;
  periodTo: Day | null;
  notes: string | null;
  number: string | null;
  issuedOn: Day | null;
  dueOn: Day | null;
  paidOn: Day | null;
  voidedAt: Date | null;
  seller: InvoiceParty | null;
  buyer: InvoiceParty | null;
  lines: InvoiceLine[];
  /** How many time entries its time lines bill. */
  entryCount: number;
}

export type InvoiceSummary = Omit<Invoice, "lines" | "seller" | "buyer" | "entryCount">;

/** A refusal names the form field it is about, so the page can show it there. */
export type DraftResult = { ok: true; id: string } | { ok: false; field: "from" | "to" | "clientId" | "projectIds"; message: string };
export type ChangeResult = { ok: true } | { ok: false; message: string };

export const mayViewInvoices = (tx: TenantTransaction) => can(tx.tenant.role, "invoice:view");
export const mayManageInvoices = (tx: TenantTransaction) => can(tx.tenant.role, "invoice:manage");

const summaryColumns = sql`
  i.id, i.kind, i.corrects_id as "correctsId", corrected.number as "correctsNumber", i.status, i.client_id as "clientId",
  cl.name as "clientName", i.currency, i.period_from as "periodFrom", i.period_to as "periodTo", i.notes, i.number,
  i.issued_on as "issuedOn", i.due_on as "dueOn", i.paid_on as "paidOn", i.voided_at as "voidedAt"`;

const invoiceColumns = sql`
  ${summaryColumns}, i.subtotal_minor as "subtotalMinor", i.tax_minor as "taxMinor", i.total_minor as "totalMinor"`;

const listColumns = sql`
  ${summaryColumns}, coalesce(i.subtotal_minor, draft.amount) as "subtotalMinor", coalesce(i.tax_minor, draft.tax) as "taxMinor",
  coalesce(i.total_minor, draft.amount + draft.tax) as "totalMinor"`;

const invoiceJoins = sql`
  join clients cl on cl.company_id = i.company_id and cl.id = i.client_id
  left join invoices corrected on corrected.company_id = i.company_id and corrected.id = i.corrects_id`;

// A draft's totals so far, for the list columns: an issued invoice has its own.
const draftTotals = sql`
  left join lateral (
    select coalesce(sum(l.amount_minor), 0)::bigint as amount, coalesce(sum(l.tax_minor), 0)::bigint as tax
      from invoice_lines l
     where l.company_id = i.company_id and l.invoice_id = i.id and i.status = 'draft'
  ) draft on true`;

type InvoiceRow = Omit<Invoice, "lines" | "entryCount" | keyof Totals> & {
  subtotalMinor: number | null;
  taxMinor: number | null;
  totalMinor: number | null;
};

export async function listInvoiceLines(tx: TenantTransaction, invoiceId: string): Promise<InvoiceLine[]> {
  return tx.query<InvoiceLine>(sql`
    select id, position, kind, description, quantity, unit_price_minor as "unitPriceMinor", amount_minor as "amountMinor",
           tax_rate_bp as "taxRateBp", tax_minor as "taxMinor", project_id as "projectId", task_id as "taskId", user_id as "userId"
      from invoice_lines
     where company_id = ${tx.tenant.companyId} and invoice_id = ${invoiceId}
     order by position, id`);
}

/** A draft's totals are what issuing would write; an issued invoice's are the ones it was issued with. */
function withTotals<T extends { subtotalMinor: number | null; taxMinor: number | null; totalMinor: number | null }>(
  row: T,
  lines: InvoiceLine[],
): T & Totals {
  if (row.subtotalMinor !== null && row.taxMinor !== null && row.totalMinor !== null) return row as T & Totals;
  return { ...row, ...invoiceTotals(lines) };
}

export async function getInvoice(tx: TenantTransaction, invoiceId: string): Promise<Invoice | null> {
  if (!mayViewInvoices(tx)) return null;
  const [row] = await tx.query<InvoiceRow & { entryCount: number }>(sql`
    select ${invoiceColumns}, i.seller, i.buyer,
           (select count(*)::int from invoice_entries ie where ie.company_id = i.company_id and ie.invoice_id = i.id) as "entryCount"
      from invoices i ${invoiceJoins}
     where i.company_id = ${tx.tenant.companyId} and i.id = ${invoiceId}`);
  if (!row) return null;
  const lines = await listInvoiceLines(tx, invoiceId);
  return { ...withTotals(row, lines), lines };
}

/** Newest first; drafts (no date yet) before everything issued. A draft's totals are its lines' sums so far. */
export async function listInvoices(
  tx: TenantTransaction,
  filter: { status?: InvoiceStatus; clientId?: string; limit?: number; offset?: number } = {},
): Promise<InvoiceSummary[]> {
  if (!mayViewInvoices(tx)) return [];
  return tx.query<InvoiceSummary>(sql`
    select ${listColumns}
      from invoices i ${invoiceJoins}
      ${draftTotals}
     where i.company_id = ${tx.tenant.companyId}
       and (${filter.status ?? null}::text is null or i.status = ${filter.status ?? null})
       and (${filter.clientId ?? null}::uuid is null or i.client_id = ${filter.clientId ?? null})
     order by i.issued_on desc nulls first, i.number_seq desc nulls first, i.created_at desc, i.id
     limit ${filter.limit ?? null} offset ${filter.offset ?? 0}`);
}

export type InvoicePageRow = InvoiceSummary & { createdAt: Date; position: string };

/**
 * Oldest first by when each was made, a page at a time after the last row seen (the
 * public API's cursor, decision 030): an invoice made while a client pages comes on a
 * later page, and issuing one doesn't move it. An issue-date range leaves drafts out.
 */
export async function listInvoicesAfter(
  tx: TenantTransaction,
  options: {
    after: { position: string; id: string } | null;
    limit: number;
    status?: InvoiceStatus;
    clientId?: string;
    issuedFrom?: Day;
    issuedTo?: Day;
  },
): Promise<InvoicePageRow[]> {
  if (!mayViewInvoices(tx)) return [];
  return tx.query<InvoicePageRow>(sql`
    select ${listColumns}, i.created_at as "createdAt", i.created_at::text as position
      from invoices i ${invoiceJoins}
      ${draftTotals}
     where i.company_id = ${tx.tenant.companyId}
       ${options.status ? sql`and i.status = ${options.status}` : sql``}
       ${options.clientId ? sql`and i.client_id = ${options.clientId}` : sql``}
       ${options.issuedFrom ? sql`and i.issued_on >= ${options.issuedFrom}` : sql``}
       ${options.issuedTo ? sql`and i.issued_on <= ${options.issuedTo}` : sql``}
       ${options.after ? sql`and (i.created_at, i.id) > (${options.after.position}::text::timestamptz, ${options.after.id}::uuid)` : sql``}
     order by i.created_at, i.id
     limit ${options.limit}`);
}

interface BillableEntry {
  id: string;
  minutes: number;
  rateMinor: number | null;
  currency: string;
  userId: string;
  personName: string;
  projectId: string;
  projectName: string;
  taskId: string | null;
  taskName: string | null;
}

/** Approved, billable time of the client's projects in the period that no issued invoice bills yet. */
function billableEntries(tx: TenantTransaction, input: { clientId: string; from: Day; to: Day; projectIds: string[] | null }) {
  return tx.query<BillableEntry>(sql`
    select e.id, e.minutes, e.rate_minor as "rateMinor", e.currency, e.user_id as "userId", u.name as "personName",
           e.project_id as "projectId", p.name as "projectName", e.task_id as "taskId", t.name as "taskName"
      from time_entries e
      join timesheets s on s.company_id = e.company_id and s.id = e.timesheet_id and s.status = 'approved'
      join projects p on p.company_id = e.company_id and p.id = e.project_id
      left join tasks t on t.company_id = e.company_id and t.id = e.task_id
      join users u on u.id = e.user_id
     where e.company_id = ${tx.tenant.companyId} and p.client_id = ${input.clientId}
       and e.work_date between ${input.from} and ${input.to}
       and e.billable and e.frozen_at is not null
       and (${input.projectIds}::uuid[] is null or e.project_id = any(${input.projectIds}::uuid[]))
       and not exists (select 1 from invoice_entries ie
                        where ie.company_id = e.company_id and ie.entry_id = e.id and ie.billed)
     order by e.work_date, e.id`);
}

interface TimeLineDraft {
  description: string;
  minutes: number;
  rateMinor: number;
  projectId: string | null;
  taskId: string | null;
  userId: string | null;
  entryIds: string[];
}

/**
 * One line per project and task (or per person) and per frozen rate: a rate that
 * changed between two approvals gives two lines, each hours × its own rate.
 */
function groupIntoLines(entries: (BillableEntry & { rateMinor: number })[], groupBy: GroupBy): TimeLineDraft[] {
  const lines = new Map<string, TimeLineDraft>();
  for (const entry of entries) {
    const key = groupBy === "person" ? `${entry.userId}|${entry.rateMinor}` : `${entry.projectId}|${entry.taskId ?? ""}|${entry.rateMinor}`;
    let line = lines.get(key);
    if (!line) {
      line =
        groupBy === "person"
          ? { description: entry.personName, minutes: 0, rateMinor: entry.rateMinor, projectId: null, taskId: null, userId: entry.userId, entryIds: [] }
          : {
              description: entry.taskName ? `${entry.projectName} · ${entry.taskName}` : entry.projectName,
              minutes: 0,
              rateMinor: entry.rateMinor,
              projectId: entry.projectId,
              taskId: entry.taskId,
              userId: null,
              entryIds: [],
            };
      lines.set(key, line);
    }
    line.minutes += entry.minutes;
    line.entryIds.push(entry.id);
  }
  return [...lines.values()].sort(
    (a, b) => a.description.localeCompare(b.description) || a.rateMinor - b.rateMinor,
  );
}

/**
 * A draft for a client and period from the time that no issued invoice bills yet,
 * optionally only some of the client's projects. Other drafts may list the same
 * time; the first to be issued bills it.
 */
export async function createDraftInvoice(
  tx: TenantTransaction,
  input: { clientId: string; from: Day; to: Day; projectIds?: string[]; groupBy: GroupBy },
): Promise<DraftResult | null> {
  if (!mayManageInvoices(tx)) return null;
  const [client] = await tx.query<{ name: string }>(sql`
    select name from clients where company_id = ${tx.tenant.companyId} and id = ${input.clientId}`);
  if (!client) return null;
  if (!isDay(input.from) || !isDay(input.to)) return { ok: false, field: "from", message: "Choose the period's first and last day" };
  if (input.from > input.to) return { ok: false, field: "to", message: "The period ends before it starts" };
  const projectIds = input.projectIds && input.projectIds.length > 0 ? [...new Set(input.projectIds)] : null;
  if (projectIds) {
    const [found] = await tx.query<{ count: number }>(sql`
      select count(*)::int as count from projects
       where company_id = ${tx.tenant.companyId} and client_id = ${input.clientId} and id = any(${projectIds}::uuid[])`);
    if (found?.count !== projectIds.length) return { ok: false, field: "projectIds", message: `Choose projects of ${client.name}` };
  }

  const entries = await billableEntries(tx, { clientId: input.clientId, from: input.from, to: input.to, projectIds });
  if (entries.length === 0) {
    return { ok: false, field: "clientId", message: `${client.name} has no approved billable time from ${input.from} to ${input.to} that isn't invoiced yet` };
  }
  const currencies = [...new Set(entries.map((entry) => entry.currency))].sort();
  if (currencies.length > 1) {
    return {
      ok: false,
      field: "projectIds",
      message: `This time was approved in several currencies (${currencies.join(", ")}): invoice a period or projects in one currency at a time`,
    };
  }
  const unpriced = [...new Set(entries.filter((entry) => entry.rateMinor === null).map((entry) => entry.projectName))].sort();
  if (unpriced.length > 0) {
    return {
      ok: false,
      field: "projectIds",
      message: `Billable time on ${unpriced.join(", ")} was approved without an hourly rate: set a rate, then reopen and approve those weeks again`,
    };
  }

  const settings = (await getInvoiceSettings(tx))!;
  const timeLines = groupIntoLines(entries as (BillableEntry & { rateMinor: number })[], input.groupBy);
  const [invoice] = await tx.query<{ id: string }>(sql`
    insert into invoices (company_id, client_id, currency, period_from, period_to)
    values (${tx.tenant.companyId}, ${input.clientId}, ${currencies[0]!}, ${input.from}, ${input.to})
    returning id`);
  const invoiceId = invoice!.id;
  for (const [position, line] of timeLines.entries()) {
    const amountMinor = timeAmount(line.minutes, line.rateMinor);
    const [inserted] = await tx.query<{ id: string }>(sql`
      insert into invoice_lines (company_id, invoice_id, position, kind, description, quantity, unit_price_minor,
                                 amount_minor, tax_rate_bp, tax_minor, project_id, task_id, user_id)
      values (${tx.tenant.companyId}, ${invoiceId}, ${position}, 'time', ${line.description}, ${line.minutes}, ${line.rateMinor},
              ${amountMinor}, ${settings.defaultTaxRateBp}, ${lineTax(amountMinor, settings.defaultTaxRateBp)},
              ${line.projectId}, ${line.taskId}, ${line.userId})
      returning id`);
    await tx.query(sql`
      insert into invoice_entries (company_id, invoice_id, line_id, entry_id)
      select ${tx.tenant.companyId}, ${invoiceId}, ${inserted!.id}, unnest(${line.entryIds}::uuid[])`);
  }
  return { ok: true, id: invoiceId };
}

/** The invoice locked for a change, so an issue racing it waits and the check below stays true. */
export async function lockInvoice(
  tx: TenantTransaction,
  invoiceId: string,
): Promise<{ id: string; kind: InvoiceKind; status: InvoiceStatus; number: string | null; totalMinor: number | null; issuedOn: Day | null; clientId: string; currency: string } | null> {
  const [row] = await tx.query<{ id: string; kind: InvoiceKind; status: InvoiceStatus; number: string | null; totalMinor: number | null; issuedOn: Day | null; clientId: string; currency: string }>(sql`
    select id, kind, status, number, total_minor as "totalMinor", issued_on as "issuedOn", client_id as "clientId", currency
      from invoices where company_id = ${tx.tenant.companyId} and id = ${invoiceId}
       for update`);
  return row ?? null;
}

/** The invoice locked, and whether its status lets it be edited or deleted (only a draft's does). */
async function lockDraft(tx: TenantTransaction, invoiceId: string, action: "edit" | "delete"): Promise<ChangeResult | null> {
  if (!mayTakeInvoiceAction(tx.tenant.role, action)) return null;
  const invoice = await lockInvoice(tx, invoiceId);
  if (!invoice) return null;
  const moved = transitionInvoice(invoice, action);
  return moved.ok ? { ok: true } : { ok: false, message: moved.message };
}

export interface ExtraLineInput {
  description: string;
  /** Whole units; for a discount, leave out (one). */
  quantity?: number;
  /** For a manual line the price per unit; for a discount the amount taken off, as a positive number. */
  unitPriceMinor: number;
  /** Defaults to the company's default tax rate. */
  taxRateBp?: number;
}

const maxQuantity = 1_000_000;
const maxPriceMinor = 1_000_000_000_000;

function lineProblem(kind: "manual" | "discount", line: ExtraLineInput): string | null {
  const description = line.description.trim();
  if (description.length === 0 || description.length > 500) return "Describe the line in 1 to 500 characters";
  const quantity = line.quantity ?? 1;
  if (!Number.isSafeInteger(quantity) || quantity === 0 || Math.abs(quantity) > maxQuantity) {
    return "The quantity is a whole number other than zero";
  }
  if (!Number.isSafeInteger(line.unitPriceMinor) || Math.abs(line.unitPriceMinor) > maxPriceMinor) {
    return "The price is a whole number of cents";
  }
  if (kind === "discount" && (quantity !== 1 || line.unitPriceMinor <= 0)) return "A discount takes a positive amount off";
  if (line.taxRateBp !== undefined && (!Number.isInteger(line.taxRateBp) || line.taxRateBp < 0 || line.taxRateBp > 10_000)) {
    return "The tax rate is between 0 and 100 %";
  }
  return null;
}

/**
 * A manual line (a fee, expenses) or a discount on a draft. A discount, or a
 * negative manual line, may not take the subtotal below zero: a correction of
 * that size is a credit note.
 */
export async function addInvoiceLine(
  tx: TenantTransaction,
  invoiceId: string,
  kind: "manual" | "discount",
  line: ExtraLineInput,
): Promise<ChangeResult | null> {
  const locked = await lockDraft(tx, invoiceId, "edit");
  if (!locked?.ok) return locked;
  const problem = lineProblem(kind, line);
  if (problem) return { ok: false, message: problem };

  const taxRateBp = line.taxRateBp ?? (await getInvoiceSettings(tx))!.defaultTaxRateBp;
  const quantity = line.quantity ?? 1;
  const unitPriceMinor = kind === "discount" ? -line.unitPriceMinor : line.unitPriceMinor;
  const amountMinor = unitsAmount(quantity, unitPriceMinor);
  const taxMinor = lineTax(amountMinor, taxRateBp);
  const lines = await listInvoiceLines(tx, invoiceId);
  const after = invoiceTotals([...lines, { amountMinor, taxMinor }]);
  if (after.subtotalMinor < 0) {
    const [{ currency }] = (await tx.query<{ currency: string }>(sql`
      select currency from invoices where company_id = ${tx.tenant.companyId} and id = ${invoiceId}`)) as [{ currency: string }];
    return {
      ok: false,
      message: `This would take the invoice below zero (subtotal ${formatMoney(after.subtotalMinor, currency)}): correct an issued invoice with a credit note instead`,
    };
  }
  const position = lines.reduce((last, existing) => Math.max(last, existing.position), -1) + 1;
  await tx.query(sql`
    insert into invoice_lines (company_id, invoice_id, position, kind, description, quantity, unit_price_minor, amount_minor,
                               tax_rate_bp, tax_minor)
    values (${tx.tenant.companyId}, ${invoiceId}, ${position}, ${kind}, ${line.description.trim()}, ${quantity}, ${unitPriceMinor},
            ${amountMinor}, ${taxRateBp}, ${taxMinor})`);
  return { ok: true };
}

/** Removing a time line leaves its time to be invoiced later. */
export async function removeInvoiceLine(tx: TenantTransaction, invoiceId: string, lineId: string): Promise<ChangeResult | null> {
  const locked = await lockDraft(tx, invoiceId, "edit");
  if (!locked?.ok) return locked;
  const lines = await listInvoiceLines(tx, invoiceId);
  if (!lines.some((line) => line.id === lineId)) return null;
  if (invoiceTotals(lines.filter((line) => line.id !== lineId)).subtotalMinor < 0) {
    return { ok: false, message: "Without this line the discounts would take the invoice below zero: remove a discount first" };
  }
  await tx.query(sql`delete from invoice_lines where company_id = ${tx.tenant.companyId} and invoice_id = ${invoiceId} and id = ${lineId}`);
  return { ok: true };
}

export async function setInvoiceNotes(tx: TenantTransaction, invoiceId: string, notes: string | null): Promise<ChangeResult | null> {
  const locked = await lockDraft(tx, invoiceId, "edit");
  if (!locked?.ok) return locked;
  const text = notes?.trim() || null;
  if (text && text.length > 4000) return { ok: false, message: "Notes are at most 4000 characters" };
  await tx.query(sql`update invoices set notes = ${text} where company_id = ${tx.tenant.companyId} and id = ${invoiceId}`);
  return { ok: true };
}

/** A draft is thrown away; an issued invoice is voided instead (it keeps its number). */
export async function deleteDraftInvoice(tx: TenantTransaction, invoiceId: string): Promise<ChangeResult | null> {
  const locked = await lockDraft(tx, invoiceId, "delete");
  if (!locked?.ok) return locked;
  await tx.query(sql`delete from invoices where company_id = ${tx.tenant.companyId} and id = ${invoiceId}`);
  return { ok: true };
}
