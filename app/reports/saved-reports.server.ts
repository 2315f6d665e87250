import { sql } from "../../db/sql";
import type { TenantTransaction } from "../../db/tenant";
import { isSavedReportId, reportDefinitionSchema, type ReportDefinition } from "./definition";
import type { ReportKind } from "./filter";
import { idOf, unlessTaken, type SaveResult } from "../kernel/catalog/unique-names.server";

/**
 * Saved time reports: a report's definition under a name, a person's own or shared
 * with the company (decision 021). RLS shows a member their own and the shared ones;
 * only the owner changes one (the policy also lets admins change shared ones, which
 * this module doesn't offer: renaming someone else's report would surprise them),
 * and the owner or an admin deletes a shared one.
 */

export interface SavedReport {
  id: string;
  name: string;
  kind: ReportKind;
  /** null when the stored definition no longer reads (written by an older version). */
  definition: ReportDefinition | null;
  shared: boolean;
  ownerId: string;
  ownerName: string;
  mine: boolean;
  updatedAt: string;
}

interface SavedReportRow extends Omit<SavedReport, "definition" | "mine"> {
  definition: unknown;
}

export interface SavedReportInput {
  name: string;
  kind: ReportKind;
  definition: ReportDefinition;
  shared: boolean;
}

const nameTaken = { saved_reports_owner_name: { ok: false as const, field: "name" as const, message: "You already have a report with this name" } };

function selectReports(tx: TenantTransaction) {
  return sql`
    select r.id, r.name, r.kind, r.definition, r.shared, r.owner_id as "ownerId",
           coalesce(nullif(btrim(u.name), ''), u.email) as "ownerName", r.updated_at::text as "updatedAt"
      from saved_reports r join users u on u.id = r.owner_id
     where r.company_id = ${tx.tenant.companyId}`;
}

function toSavedReport(tx: TenantTransaction, row: SavedReportRow): SavedReport {
  const definition = reportDefinitionSchema.safeParse(row.definition);
  return { ...row, definition: definition.success ? definition.data : null, mine: row.ownerId === tx.tenant.userId };
}

/** The member's own reports first, then those shared by others, each by name. */
export async function listSavedReports(tx: TenantTransaction): Promise<SavedReport[]> {
  const rows = await tx.query<SavedReportRow>(sql`
    ${selectReports(tx)} order by r.owner_id <> ${tx.tenant.userId}, lower(r.name), r.id`);
  return rows.map((row) => toSavedReport(tx, row));
}

/** null when it doesn't exist, is another company's, or is someone else's private report. */
/** Null for an id that names no report the member may see, a malformed one (typed into a URL) included. */
export async function getSavedReport(tx: TenantTransaction, reportId: string): Promise<SavedReport | null> {
  if (!isSavedReportId(reportId)) return null;
  const [row] = await tx.query<SavedReportRow>(sql`${selectReports(tx)} and r.id = ${reportId}`);
  return row ? toSavedReport(tx, row) : null;
}

export async function createSavedReport(tx: TenantTransaction, input: SavedReportInput): Promise<SaveResult<"name">> {
  // An insert returns its row or fails: never null.
  const result = await unlessTaken(tx, nameTaken, async (inner) =>
    idOf(
      await inner.query<{ id: string }>(sql`
        insert into saved_reports (company_id, owner_id, name, kind, definition, shared)
        values (${tx.tenant.companyId}, ${tx.tenant.userId}, ${input.name}, ${input.kind}, ${input.definition}::jsonb, ${input.shared})
        returning id`),
    ),
  );
  return result!;
}

export type SavedReportChange = Partial<SavedReportInput>;

/**
 * Changes one of the member's own reports: its name, sharing, or (from the report
 * page) its kind and definition. null when the member can't see it (404);
 * "not-owner" when it's someone else's shared report (403).
 */
export async function updateSavedReport(
  tx: TenantTransaction,
  reportId: string,
  change: SavedReportChange,
): Promise<SaveResult<"name"> | "not-owner" | null> {
  const report = await getSavedReport(tx, reportId);
  if (!report) return null;
  if (!report.mine) return "not-owner";
  return unlessTaken(tx, nameTaken, async (inner) =>
    idOf(
      await inner.query<{ id: string }>(sql`
        update saved_reports
           set name = coalesce(${change.name ?? null}, name),
               kind = coalesce(${change.kind ?? null}, kind),
               definition = coalesce(${change.definition ?? null}::jsonb, definition),
               shared = coalesce(${change.shared ?? null}::boolean, shared)
         where company_id = ${tx.tenant.companyId} and id = ${reportId} and owner_id = ${tx.tenant.userId}
         returning id`),
    ),
  );
}

/**
 * Deletes a report: the owner's own, or a shared one by an owner or admin (RLS
 * decides the latter). Its schedules go with it (the foreign key cascades).
 */
export async function deleteSavedReport(tx: TenantTransaction, reportId: string): Promise<"deleted" | "not-allowed" | null> {
  const report = await getSavedReport(tx, reportId);
  if (!report) return null;
  const deleted = await tx.query(sql`delete from saved_reports where company_id = ${tx.tenant.companyId} and id = ${reportId} returning id`);
  return deleted.length > 0 ? "deleted" : "not-allowed";
}
