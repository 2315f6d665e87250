import { isUniqueViolation } from "../../../db/errors";
import { attempt } from "../../../db/savepoint";
import { sql } from "../../../db/sql";
import type { TenantTransaction } from "../../../db/tenant";
import { queueJob } from "../../../jobs/outbox";

export interface CompanySettings {
  name: string;
  slug: string;
  timezone: string;
  weekStart: number;
  /** Days audit entries are kept; null keeps them forever. */
  auditRetentionDays: number | null;
  /** The hours of a full week, in minutes, that the dashboard measures each person's week against. */
  weeklyTargetMinutes: number;
  /** The weekly missing-time reminder and managers' digest: on or off, an ISO weekday and an hour of the company's clock. */
  reminders: ReminderSettings;
}

export interface ReminderSettings {
  enabled: boolean;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** 0–23. */
  hour: number;
}

export function getCompanySettings(tx: TenantTransaction): Promise<CompanySettings | undefined> {
  return tx
    .query<CompanySettings>(sql`
      select name, slug, timezone, week_start as "weekStart", audit_retention_days as "auditRetentionDays",
             weekly_target_minutes as "weeklyTargetMinutes",
             json_build_object('enabled', reminders_enabled, 'weekday', reminder_weekday, 'hour', reminder_hour) as reminders
        from companies where id = ${tx.tenant.companyId}`)
    .then((rows) => rows[0]);
}

export type SettingsResult = { ok: true } | { ok: false; field: "slug"; message: string };

/** Settings left out (a form from before the weekly target or reminders existed) keep their value. */
export async function updateCompanySettings(
  tx: TenantTransaction,
  settings: Omit<CompanySettings, "weeklyTargetMinutes" | "reminders"> & { weeklyTargetMinutes?: number; reminders?: ReminderSettings },
): Promise<SettingsResult> {
  const reminders = settings.reminders ?? null;
  const result = await attempt(tx, (inner) =>
    inner.query<{ previousTimezone: string }>(sql`
      with before as (select timezone from companies where id = ${tx.tenant.companyId})
      update companies
         set name = ${settings.name}, slug = ${settings.slug}, timezone = ${settings.timezone},
             week_start = ${settings.weekStart}, audit_retention_days = ${settings.auditRetentionDays},
             weekly_target_minutes = coalesce(${settings.weeklyTargetMinutes ?? null}::int, weekly_target_minutes),
             reminders_enabled = coalesce(${reminders?.enabled ?? null}::boolean, reminders_enabled),
             reminder_weekday = coalesce(${reminders?.weekday ?? null}::smallint, reminder_weekday),
             reminder_hour = coalesce(${reminders?.hour ?? null}::smallint, reminder_hour)
       where id = ${tx.tenant.companyId}
      returning (select timezone from before) as "previousTimezone"`),
  );
  if (result.ok) {
    // Announced rather than acted on here: what follows the clock (report schedules
    // today) belongs to features the kernel doesn't know; the job reaches them.
    if (result.value[0]?.previousTimezone !== settings.timezone) {
      await queueJob(tx, "company-clock-changed", { companyId: tx.tenant.companyId });
    }
    return { ok: true };
  }
  if (isUniqueViolation(result.error, "companies_slug_key")) {
    return { ok: false, field: "slug", message: "Another company uses this web address" };
  }
  throw result.error;
}

/** Whether the company requires two-factor authentication of every member (owners decide, 0032). */
export async function getTwoFactorRequirement(tx: TenantTransaction): Promise<boolean> {
  const [row] = await tx.query<{ required: boolean }>(sql`
    select require_two_factor as required from companies where id = ${tx.tenant.companyId}`);
  return row?.required ?? false;
}

export async function setTwoFactorRequirement(tx: TenantTransaction, required: boolean): Promise<void> {
  await tx.query(sql`update companies set require_two_factor = ${required} where id = ${tx.tenant.companyId}`);
}
