import { getAuditExport, requestFinanceExport, retryAuditExport } from "~/kernel/files/exports.server";
import { notFound, operation, outcomeOf, refused, succeeded, type Outcome } from "~/kernel/operations";
import {
  addDiscountInput,
  addLineInput,
  creditInFullInput,
  creditPartInput,
  invoiceInput,
  invoiceNotesInput,
  invoiceSettingsInput,
  issueInvoiceInput,
  markPaidInput,
  newInvoiceInput,
  prepareFinanceExportInput,
  removeLineInput,
  retryFinanceExportInput,
} from "./inputs";
import { addInvoiceLine, createDraftInvoice, deleteDraftInvoice, removeInvoiceLine, setInvoiceNotes } from "./invoices.server";
import { createCreditNote, issueInvoice, markInvoicePaid, voidInvoice } from "./issuing.server";
import type { InvoiceSettings } from "./settings";
import { saveInvoiceSettings } from "./settings.server";

type ModelResult = { ok: true } | { ok: false; message: string; field?: string };

/**
 * A model's answer about one invoice. A refusal about a value someone typed (the
 * model's field, or the form's main one) is a rule (422) shown beside it; any other
 * is a conflict with the invoice's state (409): issued twice, voided meanwhile.
 */
function invoiceOutcome<Result extends ModelResult>(result: Result | null, field?: string, missing = "Invoice"): Outcome<Extract<Result, { ok: true }>> {
  if (result === null) return notFound(missing);
  if (result.ok) return succeeded(result as Extract<Result, { ok: true }>);
  const on = result.field ?? field;
  return on ? refused(422, result.message, on) : refused(409, result.message);
}

// ------------------------------------------------------------ drafts and their lines

/** A draft from a client's approved, billable time in a period that no issued invoice bills yet. */
export const createDraftInvoiceOperation = operation({
  name: "invoice.create-draft",
  permission: "invoice:manage",
  input: newInvoiceInput,
  run: async (tx, input) => {
    const result = await createDraftInvoice(tx, input);
    // A client id that isn't one of the company's reads the same whoever's it is: a stale or forged choice.
    if (!result) return refused(422, "Choose a client from the list", "clientId");
    return invoiceOutcome(result);
  },
});

export const addInvoiceLineOperation = operation({
  name: "invoice.add-line",
  permission: "invoice:manage",
  input: addLineInput,
  run: async (tx, { invoiceId, description, quantity, unitPrice, taxRate }) =>
    invoiceOutcome(
      await addInvoiceLine(tx, invoiceId, "manual", { description, quantity, unitPriceMinor: unitPrice, taxRateBp: taxRate }),
      "unitPrice",
    ),
});

/** Typed as the amount taken off; stored as a negative line taxed at the default rate. */
export const addInvoiceDiscountOperation = operation({
  name: "invoice.add-discount",
  permission: "invoice:manage",
  input: addDiscountInput,
  run: async (tx, { invoiceId, description, amount }) =>
    invoiceOutcome(await addInvoiceLine(tx, invoiceId, "discount", { description, unitPriceMinor: amount }), "amount"),
});

/** A removed time line's time can go on a later invoice. */
export const removeInvoiceLineOperation = operation({
  name: "invoice.remove-line",
  permission: "invoice:manage",
  input: removeLineInput,
  run: async (tx, { invoiceId, lineId }) => invoiceOutcome(await removeInvoiceLine(tx, invoiceId, lineId), undefined, "Invoice or line"),
});

export const setInvoiceNotesOperation = operation({
  name: "invoice.set-notes",
  permission: "invoice:manage",
  input: invoiceNotesInput,
  run: async (tx, { invoiceId, notes }) => invoiceOutcome(await setInvoiceNotes(tx, invoiceId, notes), "notes"),
});

/** Only a draft; its time stays approved for another invoice. */
export const deleteDraftInvoiceOperation = operation({
  name: "invoice.delete-draft",
  permission: "invoice:manage",
  input: invoiceInput,
  run: async (tx, { invoiceId }) => invoiceOutcome(await deleteDraftInvoice(tx, invoiceId)),
});

// ------------------------------------------------------------ issuing, payment, corrections

/** Numbers the invoice, dates it (the company's today when left out) and marks its time invoiced. */
export const issueInvoiceOperation = operation({
  name: "invoice.issue",
  permission: "invoice:manage",
  input: issueInvoiceInput,
  run: async (tx, { invoiceId, issuedOn }) => invoiceOutcome(await issueInvoice(tx, invoiceId, { issuedOn })),
});

export const markInvoicePaidOperation = operation({
  name: "invoice.mark-paid",
  permission: "invoice:manage",
  input: markPaidInput,
  run: async (tx, { invoiceId, paidOn }) => invoiceOutcome(await markInvoicePaid(tx, invoiceId, { paidOn }), "paidOn"),
});

/** An invoice voided keeps its number and releases its time; a credit note voided is owed back again. */
export const voidInvoiceOperation = operation({
  name: "invoice.void",
  permission: "invoice:manage",
  input: invoiceInput,
  run: async (tx, { invoiceId }) => invoiceOutcome(await voidInvoice(tx, invoiceId)),
});

/** A credit note taking back every line of the invoice, issued at once. */
export const creditInFullOperation = operation({
  name: "invoice.credit",
  permission: "invoice:manage",
  input: creditInFullInput,
  run: async (tx, { invoiceId, issuedOn }) => invoiceOutcome(await createCreditNote(tx, invoiceId, undefined, { issuedOn })),
});

/** A credit note of one amount, at most what is left to credit. */
export const creditPartOperation = operation({
  name: "invoice.credit-part",
  permission: "invoice:manage",
  input: creditPartInput,
  run: async (tx, { invoiceId, issuedOn, description, amount, taxRate }) =>
    invoiceOutcome(
      await createCreditNote(tx, invoiceId, [{ description, quantity: 1, unitPriceMinor: amount, taxRateBp: taxRate }], { issuedOn }),
      "amount",
    ),
});

// ------------------------------------------------------------ settings and finance exports

/** The model's field names, as the form names them. */
const formField = (field: keyof InvoiceSettings) => (field === "defaultTaxRateBp" ? "defaultTaxRate" : field);

/** Invoices issued from now on use them; numbers already issued don't change. */
export const saveInvoiceSettingsOperation = operation({
  name: "invoice.save-settings",
  permission: "invoice:manage",
  input: invoiceSettingsInput,
  run: async (tx, { defaultTaxRate, ...settings }) => {
    const result = await saveInvoiceSettings(tx, { ...settings, defaultTaxRateBp: defaultTaxRate });
    return outcomeOf(result && (result.ok ? result : { ...result, field: formField(result.field) }), "Invoice settings", 422);
  },
});

/** An export too large to download at once, written by the export job. */
export const prepareFinanceExportOperation = operation({
  name: "finance-export.prepare",
  permission: "invoice:view",
  input: prepareFinanceExportInput,
  run: async (tx, { kind, from, to }) => succeeded(await requestFinanceExport(tx, { kind, fromDate: from, toDate: to })),
});

/** Another company's export, or one of the audit log's, is "not found", as one that doesn't exist. */
export const retryFinanceExportOperation = operation({
  name: "finance-export.retry",
  permission: "invoice:view",
  input: retryFinanceExportInput,
  run: async (tx, { exportId }) =>
    (await getAuditExport(tx, exportId, "finance")) && (await retryAuditExport(tx, exportId))
      ? succeeded(exportId)
      : refused(404, "Export not found, or not failed"),
});
