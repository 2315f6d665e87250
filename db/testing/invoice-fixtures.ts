import { sql } from "../sql";
import type { Database } from "../types";
import { createEntry, setTimesheetStatus } from "./time-fixtures";

/**
 * Invoice test data written by the owner connection. Migration 0008's triggers
 * still run, so what these make is what the models could have made.
 */
export async function setInvoiceSettings(
  db: Database,
  companyId: string,
  settings: { legalName?: string | null; prefix?: string; yearlyReset?: boolean; padding?: number; taxRateBp?: number; termsDays?: number } = {},
): Promise<void> {
  await db.query(sql`
    insert into invoice_settings (company_id, legal_name, address, tax_id, number_prefix, number_yearly_reset, number_padding,
                                  default_tax_rate_bp, payment_terms_days)
    values (${companyId}, ${settings.legalName === undefined ? "Test Company Ltd" : settings.legalName}, ${"1 Main Street\nSpringfield"},
            ${"GB123456789"}, ${settings.prefix ?? "INV-"}, ${settings.yearlyReset ?? true}, ${settings.padding ?? 4},
            ${settings.taxRateBp ?? 0}, ${settings.termsDays ?? 30})
    on conflict (company_id) do update
       set legal_name = excluded.legal_name, number_prefix = excluded.number_prefix,
           number_yearly_reset = excluded.number_yearly_reset, number_padding = excluded.number_padding,
           default_tax_rate_bp = excluded.default_tax_rate_bp, payment_terms_days = excluded.payment_terms_days`);
}

/** Log the entries, then approve every week they fall in, which freezes their rates. */
export async function approvedTime(
  db: Database,
  entries: { companyId: string; userId: string; projectId: string; day: string; minutes: number; taskId?: string | null; billable?: boolean }[],
): Promise<string[]> {
  const made = [];
  for (const entry of entries) made.push(await createEntry(db, entry));
  for (const sheet of new Set(made.map((entry) => entry.timesheetId))) await setTimesheetStatus(db, sheet, "approved");
  return made.map((entry) => entry.id);
}

/** A draft with one manual line (no time), for numbering tests that need many drafts fast. */
export async function createManualDraft(
  db: Database,
  companyId: string,
  clientId: string,
  amountMinor = 10_000,
): Promise<string> {
  const [invoice] = await db.query<{ id: string }>(sql`
    insert into invoices (company_id, client_id, currency, period_from, period_to)
    values (${companyId}, ${clientId}, 'EUR', '2026-01-01', '2026-01-31')
    returning id`);
  await db.query(sql`
    insert into invoice_lines (company_id, invoice_id, position, kind, description, quantity, unit_price_minor, amount_minor,
                               tax_rate_bp, tax_minor)
    values (${companyId}, ${invoice!.id}, 0, 'manual', 'Consulting', 1, ${amountMinor}, ${amountMinor}, 0, 0)`);
  return invoice!.id;
}
