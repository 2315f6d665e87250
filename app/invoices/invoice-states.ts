import type { MemberRole } from "../../db/tenant";
import { can, type Permission } from "~/kernel/permissions";

/**
 * An invoice's status machine, declared once (docs/decisions/027, 014):
 *
 *   draft ──issue──▶ issued ──pay──▶ paid
 *     │ edit, delete    │ └───void──▶ void (releases its time)
 *                       └ credit (a credit note; issued and paid invoices alike)
 *
 * The models ask `transitionInvoice` and `mayTakeInvoiceAction`; migration 0008's
 * trigger `invoices_guard` enforces the same table in the database, and
 * invoice-states.db.test.ts tries every action on every status as every role to
 * prove the two agree.
 */
export const invoiceStatuses = ["draft", "issued", "paid", "void"] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

export const invoiceActions = ["edit", "delete", "issue", "pay", "void", "credit"] as const;
export type InvoiceAction = (typeof invoiceActions)[number];

/** What a refusal names: the status, and the number it was issued with. */
export interface InvoiceFacts {
  status: InvoiceStatus;
  number: string | null;
}

interface InvoiceRule {
  /** Where an invoice in each status goes; null: the draft is thrown away. Statuses left out can't take the action. */
  from: Partial<Record<InvoiceStatus, InvoiceStatus | null>>;
  permission: Permission;
  /** Why an invoice in another status can't take the action, in words that say what to do instead. */
  refused: (invoice: InvoiceFacts) => string;
}

// An issued invoice is a document the client has: it changes only by the moves below.
const cantChange = (invoice: InvoiceFacts) => `Invoice ${invoice.number} is already ${invoice.status} and can't change`;

export const invoiceMoves: Record<InvoiceAction, InvoiceRule> = {
  edit: { from: { draft: "draft" }, permission: "invoice:manage", refused: cantChange },
  delete: { from: { draft: null }, permission: "invoice:manage", refused: cantChange },
  issue: {
    from: { draft: "issued" },
    permission: "invoice:manage",
    refused: (invoice) => `This invoice is already issued as ${invoice.number} (now ${invoice.status})`,
  },
  pay: {
    from: { issued: "paid" },
    permission: "invoice:manage",
    refused: (invoice) =>
      invoice.status === "draft" ? "Issue the invoice before marking it paid" : `Invoice ${invoice.number} is ${invoice.status}`,
  },
  void: {
    from: { issued: "void" },
    permission: "invoice:manage",
    refused: (invoice) =>
      invoice.status === "draft"
        ? "A draft has no number to void: delete it instead"
        : invoice.status === "paid"
          ? `Invoice ${invoice.number} is paid: correct it with a credit note`
          : `Invoice ${invoice.number} is already void`,
  },
  // Crediting makes a new document; the corrected invoice keeps its status.
  credit: {
    from: { issued: "issued", paid: "paid" },
    permission: "invoice:manage",
    refused: (invoice) => (invoice.status === "draft" ? "A draft is changed, not credited" : `Invoice ${invoice.number} is void`),
  },
};

export type InvoiceTransition = { ok: true; to: InvoiceStatus | null } | { ok: false; message: string };

/** Where the invoice goes on `action`, or why it can't. */
export function transitionInvoice(invoice: InvoiceFacts, action: InvoiceAction): InvoiceTransition {
  const rule = invoiceMoves[action];
  const to = rule.from[invoice.status];
  if (to === undefined) return { ok: false, message: rule.refused(invoice) };
  return { ok: true, to };
}

export function mayTakeInvoiceAction(role: MemberRole, action: InvoiceAction): boolean {
  return can(role, invoiceMoves[action].permission);
}
