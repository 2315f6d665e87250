import { z } from "zod";
import { invoiceStatuses } from "~/invoices/invoice-states";
import { pageSchema, timestamp } from "../schemas";

/**
 * Invoices as the API shows them. Money is an integer of the currency's minor units
 * (cents), as the invoice stores and sums it, so nothing is rounded on the way out;
 * tax rates are basis points (1900 = 19 %).
 */
const day = z.iso.date().meta({ description: "YYYY-MM-DD" });
const minor = (description: string) => z.int().meta({ description: `${description}, in minor units of the currency (cents)` });

const invoiceFields = {
  id: z.uuid(),
  kind: z.enum(["invoice", "credit_note"]),
  status: z.enum(invoiceStatuses),
  number: z.string().nullable().meta({ description: "Given when issued, gapless within its series; null on a draft" }),
  clientId: z.uuid(),
  clientName: z.string(),
  currency: z.string().meta({ description: "ISO 4217", example: "EUR" }),
  periodFrom: day.nullable().meta({ description: "The first day of the time it bills; null on a credit note" }),
  periodTo: day.nullable(),
  issuedOn: day.nullable(),
  dueOn: day.nullable(),
  paidOn: day.nullable(),
  voidedAt: timestamp.nullable(),
  correctsId: z.uuid().nullable().meta({ description: "On a credit note: the invoice it corrects" }),
  correctsNumber: z.string().nullable(),
  notes: z.string().nullable(),
  subtotalMinor: minor("Before tax; a draft's is its lines' sum so far"),
  taxMinor: minor("The tax"),
  totalMinor: minor("Subtotal plus tax; negative on a credit note"),
};

export const invoiceSummarySchema = z
  .object({ ...invoiceFields, createdAt: timestamp })
  .meta({ id: "InvoiceSummary", description: "An invoice or credit note as a list shows it" });

export const invoicePageSchema = pageSchema(invoiceSummarySchema, "InvoicePage");

export const invoiceLineSchema = z
  .object({
    id: z.uuid(),
    position: z.int().min(0),
    kind: z.enum(["time", "manual", "discount"]),
    description: z.string(),
    quantity: z.int().meta({ description: "Minutes on a time line, whole units otherwise; negative on a credit note" }),
    unitPriceMinor: minor("The hourly rate on a time line, the price per unit otherwise"),
    amountMinor: minor("Quantity times unit price, rounded once for the line"),
    taxRateBp: z.int().min(0).max(10_000).meta({ description: "Basis points: 1900 is 19 %" }),
    taxMinor: minor("The line's tax"),
    projectId: z.uuid().nullable(),
    taskId: z.uuid().nullable(),
    userId: z.uuid().nullable(),
  })
  .meta({ id: "InvoiceLine" });

export const invoiceSchema = z
  .object({
    ...invoiceFields,
    lines: z.array(invoiceLineSchema),
    entryCount: z.int().min(0).meta({ description: "How many time entries its time lines bill" }),
  })
  .meta({ id: "Invoice", description: "An invoice or credit note with its lines and totals" });

export const invoicePdfSchema = z.string().meta({ format: "binary", description: "The PDF the invoice's page downloads" });
