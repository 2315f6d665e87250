import { sql } from "../../db/sql";
import type { TenantTransaction } from "../../db/tenant";
import { can } from "~/kernel/permissions";
import { defaultInvoiceSettings, invoiceSettingsSchema, type InvoiceSettings, type InvoiceSettingsInput } from "./settings";

export type InvoiceSettingsResult =
  | { ok: true }
  | { ok: false; field: keyof InvoiceSettings; message: string };

/** null for a role that doesn't handle invoices (RLS would show it nothing either). */
export async function getInvoiceSettings(tx: TenantTransaction): Promise<InvoiceSettings | null> {
  if (!can(tx.tenant.role, "invoice:view")) return null;
  const [row] = await tx.query<InvoiceSettings>(sql`
    select legal_name as "legalName", address, tax_id as "taxId", default_tax_rate_bp as "defaultTaxRateBp",
           payment_terms_days as "paymentTermsDays", number_prefix as "numberPrefix",
           number_yearly_reset as "numberYearlyReset", number_padding as "numberPadding"
      from invoice_settings where company_id = ${tx.tenant.companyId}`);
  return row ?? defaultInvoiceSettings;
}

export async function saveInvoiceSettings(tx: TenantTransaction, input: InvoiceSettingsInput): Promise<InvoiceSettingsResult | null> {
  if (!can(tx.tenant.role, "invoice:manage")) return null;
  const parsed = invoiceSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    return { ok: false, field: (issue?.path[0] ?? "numberPrefix") as keyof InvoiceSettings, message: issue?.message ?? "Check the settings" };
  }
  const s = parsed.data;
  await tx.query(sql`
    insert into invoice_settings (company_id, legal_name, address, tax_id, default_tax_rate_bp, payment_terms_days,
                                  number_prefix, number_yearly_reset, number_padding)
    values (${tx.tenant.companyId}, ${s.legalName}, ${s.address}, ${s.taxId}, ${s.defaultTaxRateBp}, ${s.paymentTermsDays},
            ${s.numberPrefix}, ${s.numberYearlyReset}, ${s.numberPadding})
    on conflict (company_id) do update
       set legal_name = excluded.legal_name, address = excluded.address, tax_id = excluded.tax_id,
           default_tax_rate_bp = excluded.default_tax_rate_bp, payment_terms_days = excluded.payment_terms_days,
           number_prefix = excluded.number_prefix, number_yearly_reset = excluded.number_yearly_reset,
           number_padding = excluded.number_padding`);
  return { ok: true };
}
