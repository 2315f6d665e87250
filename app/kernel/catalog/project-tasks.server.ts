import { auditedAs } from "../../../db/audit-context";
import { sql, type SqlFragment } from "../../../db/sql";
import type { TenantTransaction } from "../../../db/tenant";
import { idOf, type Refusal, type SaveResult, unlessTaken } from "./unique-names.server";

/** The kinds of work within a project; entries may name one. */
export interface ProjectTask {
  id: string;
  name: string;
  billable: boolean;
  archivedAt: Date | null;
}

export type TaskResult = SaveResult<"name">;

const nameTaken: Refusal<"name"> = { ok: false, field: "name", message: "This project already has a task with this name" };
const taken = { tasks_live_name_key: nameTaken };

/** Live tasks first, then archived ones. */
export function listTasks(tx: TenantTransaction, projectId: string): Promise<ProjectTask[]> {
  return tx.query<ProjectTask>(sql`
    select id, name, billable, archived_at as "archivedAt"
      from tasks
     where company_id = ${tx.tenant.companyId} and project_id = ${projectId}
     order by archived_at is not null, lower(name), id`);
}

/** A task in a keyset page, with its position (creation time, as Postgres prints it). */
export interface TaskPageRow extends ProjectTask {
  position: string;
}

/** The project's tasks in the order they were made, after a position: the public API's pages. */
export function listTasksAfter(
  tx: TenantTransaction,
  projectId: string,
  options: { after: { position: string; id: string } | null; limit: number; archived?: boolean },
): Promise<TaskPageRow[]> {
  return tx.query<TaskPageRow>(sql`
    select id, name, billable, archived_at as "archivedAt", created_at::text as position
      from tasks
     where company_id = ${tx.tenant.companyId} and project_id = ${projectId}
       ${options.archived === undefined ? sql`` : sql`and (archived_at is not null) = ${options.archived}`}
       ${options.after ? sql`and (created_at, id) > (${options.after.position}::text::timestamptz, ${options.after.id}::uuid)` : sql``}
     order by created_at, id
     limit ${options.limit}`);
}

/** One task of the project, locked until the transaction ends when asked (for a checked precondition); null when it isn't the project's. */
export async function getTask(
  tx: TenantTransaction,
  projectId: string,
  taskId: string,
  options: { lock?: boolean } = {},
): Promise<ProjectTask | null> {
  const [task] = await tx.query<ProjectTask>(sql`
    select id, name, billable, archived_at as "archivedAt"
      from tasks
     where company_id = ${tx.tenant.companyId} and project_id = ${projectId} and id = ${taskId}
     ${options.lock ? sql`for update` : sql``}`);
  return task ?? null;
}

/** null when the project isn't in this company. */
export function createTask(
  tx: TenantTransaction,
  projectId: string,
  task: { name: string; billable: boolean },
): Promise<TaskResult | null> {
  return unlessTaken(tx, taken, async (inner) =>
    idOf(
      await inner.query<{ id: string }>(sql`
        insert into tasks (company_id, project_id, name, billable)
        select company_id, id, ${task.name}, ${task.billable} from projects
         where company_id = ${tx.tenant.companyId} and id = ${projectId}
        returning id`),
    ),
  );
}

/**
 * Change one task of the project; null when the task isn't the project's. Tasks are
 * always reached through their project, so an id from another project can't slip in.
 */
function changeTask(
  tx: TenantTransaction,
  projectId: string,
  taskId: string,
  change: (inner: TenantTransaction, where: SqlFragment) => Promise<{ id: string }[]>,
): Promise<TaskResult | null> {
  return unlessTaken(tx, taken, async (inner) =>
    idOf(await change(inner, sql`company_id = ${tx.tenant.companyId} and project_id = ${projectId} and id = ${taskId}`)),
  );
}

export function renameTask(tx: TenantTransaction, projectId: string, taskId: string, name: string): Promise<TaskResult | null> {
  return changeTask(tx, projectId, taskId, (inner, where) => inner.query(sql`update tasks set name = ${name} where ${where} returning id`));
}

export function setTaskBillable(tx: TenantTransaction, projectId: string, taskId: string, billable: boolean): Promise<TaskResult | null> {
  return changeTask(tx, projectId, taskId, (inner, where) =>
    inner.query(sql`update tasks set billable = ${billable} where ${where} returning id`),
  );
}

/** Archived tasks keep their time; restoring one may meet a live task of the same name. */
export function setTaskArchived(tx: TenantTransaction, projectId: string, taskId: string, archived: boolean): Promise<TaskResult | null> {
  return changeTask(tx, projectId, taskId, (inner, where) =>
    auditedAs(inner, archived ? "task.archive" : "task.restore", (audited) =>
      audited.query(sql`update tasks set archived_at = ${archived ? sql`now()` : null} where ${where} returning id`),
    ),
  );
}
