import type { TenantTransaction } from "../../../db/tenant";
import { listClientChoices } from "~/kernel/catalog/clients.server";
import { getAssignments, listAssignable } from "~/kernel/catalog/project-access.server";
import { listTasks } from "~/kernel/catalog/project-tasks.server";
import { getProject } from "~/kernel/catalog/projects.server";
import { can } from "~/kernel/permissions";

/** Everything the project's page shows; null when the project isn't in this company. */
export async function loadProjectPage(tx: TenantTransaction, projectId: string) {
  const project = await getProject(tx, projectId);
  if (!project) return null;
  const mayManage = can(tx.tenant.role, "project:manage");
  const assignments = await getAssignments(tx, project.id);
  // Email addresses are part of the member list, which not every role may read.
  const showEmails = can(tx.tenant.role, "member:view");
  const clients = mayManage ? await listClientChoices(tx) : [];
  // An archived client stays selectable on the project that already has it.
  const current =
    project.clientId && project.clientArchived
      ? [{ id: project.clientId, name: `${project.clientName} (archived)`, currency: project.currency }]
      : [];
  return {
    project,
    tasks: await listTasks(tx, project.id),
    assignments: {
      ...assignments,
      members: assignments.members.map((person) => ({ ...person, email: showEmails ? person.email : null })),
    },
    assignable: mayManage ? await listAssignable(tx, project.id) : { members: [], teams: [] },
    clients: [...current, ...clients],
    mayManage,
  };
}

export type ProjectPage = NonNullable<Awaited<ReturnType<typeof loadProjectPage>>>;
