import { auditedAs } from "../../../db/audit-context";
import { sql } from "../../../db/sql";
import type { TenantTransaction } from "../../../db/tenant";
import type { ProjectAccess } from "./project-fields";
import { idOf, type Refusal, type SaveResult, unlessTaken } from "./unique-names.server";

export interface ProjectInput {
  clientId: string | null;
  name: string;
  code: string | null;
  /** #rrggbb, lower case. */
  color: string;
  billable: boolean;
  /** Overrides the client's default rate; minor units of the client's (else the company's) currency. */
  hourlyRateMinor: number | null;
  budgetMinutes: number | null;
  access: ProjectAccess;
}

export interface ProjectSummary extends ProjectInput {
  id: string;
  clientName: string | null;
  clientArchived: boolean;
  /** The project's rate, else its client's: what approval freezes on billable entries. */
  effectiveRateMinor: number | null;
  currency: string;
  archivedAt: Date | null;
  createdAt: Date;
}

export type ProjectResult = SaveResult<"name" | "code" | "clientId">;

const nameTaken: Refusal<"name"> = { ok: false, field: "name", message: "Another project already has this name" };
const taken = {
  projects_live_name_key: nameTaken,
  projects_live_code_key: { ok: false, field: "code", message: "Another project already has this code" } satisfies Refusal<"code">,
};
const clientArchived: Refusal<"clientId"> = { ok: false, field: "clientId", message: "This client is archived; choose another" };

export const projectsPageSize = 50;

// Currency as migration 0006 freezes it on approval: the client's, else the company's.
const projectColumns = sql`
  p.id, p.client_id as "clientId", cl.name as "clientName", coalesce(cl.archived_at is not null, false) as "clientArchived",
  p.name, p.code, p.color, p.billable, p.hourly_rate_minor as "hourlyRateMinor",
  coalesce(p.hourly_rate_minor, cl.hourly_rate_minor) as "effectiveRateMinor",
  coalesce(cl.currency, co.currency) as currency,
  p.budget_minutes as "budgetMinutes", p.access, p.archived_at as "archivedAt", p.created_at as "createdAt"`;

const projectSources = sql`
  projects p
  join companies co on co.id = p.company_id
  left join clients cl on cl.company_id = p.company_id and cl.id = p.client_id`;

/**
 * One page of projects, by client (projects without one last) then name. Pages are
 * numbered rather than keyed: a company has hundreds of projects at most, and a page
 * number is something people can go back to.
 */
export async function listProjects(
  tx: TenantTransaction,
  options: { archived?: boolean; page?: number } = {},
): Promise<{ projects: ProjectSummary[]; total: number }> {
  const archived = options.archived ?? false;
  const page = Math.max(1, options.page ?? 1);
  const projects = await tx.query<ProjectSummary>(sql`
    select ${projectColumns}
      from ${projectSources}
     where p.company_id = ${tx.tenant.companyId} and (p.archived_at is not null) = ${archived}
     order by cl.name is null, lower(cl.name), cl.id, lower(p.name), p.id
     limit ${projectsPageSize} offset ${(page - 1) * projectsPageSize}`);
  const [count] = await tx.query<{ total: number }>(sql`
    select count(*)::int as total from projects
     where company_id = ${tx.tenant.companyId} and (archived_at is not null) = ${archived}`);
  return { projects, total: count?.total ?? 0 };
}

/** A project in a keyset page: its summary and its position (creation time, as Postgres prints it). */
export interface ProjectPageRow extends ProjectSummary {
  position: string;
}

/**
 * Projects in the order they were made, after a position: the public API's pages.
 * `loggableBy` keeps the live projects that person may log time on, by the same SQL
 * function the week grid and the time entry policies ask (app_loggable_project_ids).
 */
export function listProjectsAfter(
  tx: TenantTransaction,
  options: {
    after: { position: string; id: string } | null;
    limit: number;
    archived?: boolean;
    clientId?: string;
    loggableBy?: string;
  },
): Promise<ProjectPageRow[]> {
  return tx.query<ProjectPageRow>(sql`
    select ${projectColumns}, p.created_at::text as position
      from ${projectSources}
     where p.company_id = ${tx.tenant.companyId}
       ${options.archived === undefined ? sql`` : sql`and (p.archived_at is not null) = ${options.archived}`}
       ${options.clientId === undefined ? sql`` : sql`and p.client_id = ${options.clientId}`}
       ${options.loggableBy === undefined ? sql`` : sql`and p.archived_at is null and p.id = any((select app_loggable_project_ids(${options.loggableBy}))::uuid[])`}
       ${options.after ? sql`and (p.created_at, p.id) > (${options.after.position}::text::timestamptz, ${options.after.id}::uuid)` : sql``}
     order by p.created_at, p.id
     limit ${options.limit}`);
}

/** Locks the project's row until the transaction ends, so a checked precondition still holds when the change is made. */
export async function lockProject(tx: TenantTransaction, projectId: string): Promise<boolean> {
  const rows = await tx.query(sql`select 1 from projects where company_id = ${tx.tenant.companyId} and id = ${projectId} for update`);
  return rows.length > 0;
}

/** null when the project isn't in this company. */
export async function getProject(tx: TenantTransaction, projectId: string): Promise<ProjectSummary | null> {
  const [project] = await tx.query<ProjectSummary>(sql`
    select ${projectColumns} from ${projectSources} where p.company_id = ${tx.tenant.companyId} and p.id = ${projectId}`);
  return project ?? null;
}

/**
 * Whether the project may have this client: null when the client isn't in this
 * company (404), a refusal when it is archived and not already the project's.
 */
async function clientCheck(
  tx: TenantTransaction,
  clientId: string | null,
  projectId: string | null,
): Promise<"ok" | Refusal<"clientId"> | null> {
  if (clientId === null) return "ok";
  const [client] = await tx.query<{ archived: boolean; current: boolean }>(sql`
    select archived_at is not null as archived,
           exists (select 1 from projects p where p.company_id = cl.company_id and p.id = ${projectId} and p.client_id = cl.id) as current
      from clients cl where cl.company_id = ${tx.tenant.companyId} and cl.id = ${clientId}`);
  if (!client) return null;
  return client.archived && !client.current ? clientArchived : "ok";
}

/** null when the chosen client isn't in this company. */
export async function createProject(tx: TenantTransaction, input: ProjectInput): Promise<ProjectResult | null> {
  const check = await clientCheck(tx, input.clientId, null);
  if (check !== "ok") return check;
  const result = await unlessTaken(tx, taken, async (inner) =>
    idOf(
      await inner.query<{ id: string }>(sql`
        insert into projects (company_id, client_id, name, code, color, billable, hourly_rate_minor, budget_minutes, access)
        values (${tx.tenant.companyId}, ${input.clientId}, ${input.name}, ${input.code}, ${input.color}, ${input.billable},
                ${input.hourlyRateMinor}, ${input.budgetMinutes}, ${input.access})
        returning id`),
    ),
  );
  return result ?? nameTaken;
}

/** null when the project, or the chosen client, isn't in this company. Access changes on its own (setProjectAccess). */
export async function updateProject(
  tx: TenantTransaction,
  projectId: string,
  input: Omit<ProjectInput, "access">,
): Promise<ProjectResult | null> {
  const check = await clientCheck(tx, input.clientId, projectId);
  if (check !== "ok") return check;
  return unlessTaken(tx, taken, async (inner) =>
    idOf(
      await inner.query<{ id: string }>(sql`
        update projects
           set client_id = ${input.clientId}, name = ${input.name}, code = ${input.code}, color = ${input.color},
               billable = ${input.billable}, hourly_rate_minor = ${input.hourlyRateMinor},
               budget_minutes = ${input.budgetMinutes}
         where company_id = ${tx.tenant.companyId} and id = ${projectId}
        returning id`),
    ),
  );
}

/**
 * Archived projects keep their time; nobody can log new time on them. A project of
 * an archived client stays archived until the client is restored, as archiving the
 * client archived it.
 */
export async function setProjectArchived(tx: TenantTransaction, projectId: string, archived: boolean): Promise<ProjectResult | null> {
  if (!archived) {
    const [client] = await tx.query<{ name: string }>(sql`
      select cl.name from projects p join clients cl on cl.company_id = p.company_id and cl.id = p.client_id
       where p.company_id = ${tx.tenant.companyId} and p.id = ${projectId} and cl.archived_at is not null`);
    if (client) return { ok: false, field: "clientId", message: `Its client ${client.name} is archived; restore the client first` };
  }
  return unlessTaken(tx, taken, async (inner) =>
    idOf(
      await auditedAs(inner, archived ? "project.archive" : "project.restore", (audited) =>
        audited.query<{ id: string }>(sql`
          update projects set archived_at = ${archived ? sql`now()` : null}
           where company_id = ${tx.tenant.companyId} and id = ${projectId}
          returning id`),
      ),
    ),
  );
}

/** Who may log time: everyone, or only the people and teams assigned (project-access.server.ts). */
export async function setProjectAccess(tx: TenantTransaction, projectId: string, access: ProjectAccess): Promise<boolean> {
  const rows = await tx.query(sql`
    update projects set access = ${access} where company_id = ${tx.tenant.companyId} and id = ${projectId} returning 1`);
  return rows.length > 0;
}
