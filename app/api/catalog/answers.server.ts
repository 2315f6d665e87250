import type { AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import type { Member } from "~/kernel/accounts/session.server";
import { getClient, lockClient, type ClientSummary } from "~/kernel/catalog/clients.server";
import { getAssignments } from "~/kernel/catalog/project-access.server";
import { getTask, type ProjectTask } from "~/kernel/catalog/project-tasks.server";
import { getProject, lockProject, type ProjectSummary } from "~/kernel/catalog/projects.server";
import type { TenantTransaction } from "../../../db/tenant";
import type { clientSchema, projectSchema, projectSummarySchema, taskSchema } from "./schemas";
import { etagOf, tagged, type AnswerInit } from "../etag";

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function clientJson(client: ClientSummary): z.output<typeof clientSchema> {
  return {
    id: client.id,
    name: client.name,
    contactName: client.contactName,
    contactEmail: client.contactEmail,
    currency: client.currency,
    hourlyRateMinor: client.hourlyRateMinor,
    billingAddress: client.billingAddress ?? null,
    taxId: client.taxId ?? null,
    liveProjectCount: client.liveProjectCount,
    archivedAt: iso(client.archivedAt),
    createdAt: client.createdAt.toISOString(),
  };
}

/** The client as GET shows it; null when it isn't in this company. */
export async function readClient(tx: TenantTransaction, clientId: string) {
  const client = await getClient(tx, clientId);
  return client ? clientJson(client) : null;
}

export async function lockedClientTag(tx: TenantTransaction, clientId: string): Promise<string | null> {
  if (!(await lockClient(tx, clientId))) return null;
  const client = await readClient(tx, clientId);
  return client ? etagOf(client) : null;
}

export async function clientAnswer(context: AppLoadContext, member: Member, clientId: string, init: AnswerInit = {}): Promise<Response> {
  return tagged(await context.withTenant(member.tenant, (tx) => readClient(tx, clientId)), init);
}

export function projectSummaryJson(project: ProjectSummary): z.output<typeof projectSummarySchema> {
  return {
    id: project.id,
    clientId: project.clientId,
    clientName: project.clientName,
    name: project.name,
    code: project.code,
    color: project.color,
    billable: project.billable,
    hourlyRateMinor: project.hourlyRateMinor,
    effectiveRateMinor: project.effectiveRateMinor,
    currency: project.currency,
    budgetMinutes: project.budgetMinutes,
    access: project.access,
    archivedAt: iso(project.archivedAt),
    createdAt: project.createdAt.toISOString(),
  };
}

/**
 * The project as GET shows it, with who is assigned; null when it isn't in this
 * company. Assignees' email addresses stay with the members API, whose scope
 * guards them: a token with projects:read alone doesn't see them.
 */
export async function readProject(tx: TenantTransaction, projectId: string): Promise<z.output<typeof projectSchema> | null> {
  const project = await getProject(tx, projectId);
  if (!project) return null;
  const { members, teams } = await getAssignments(tx, projectId);
  return {
    ...projectSummaryJson(project),
    assignments: { members: members.map(({ userId, name }) => ({ userId, name })), teams },
  };
}

export async function lockedProjectTag(tx: TenantTransaction, projectId: string): Promise<string | null> {
  if (!(await lockProject(tx, projectId))) return null;
  const project = await readProject(tx, projectId);
  return project ? etagOf(project) : null;
}

export async function projectAnswer(context: AppLoadContext, member: Member, projectId: string, init: AnswerInit = {}): Promise<Response> {
  return tagged(await context.withTenant(member.tenant, (tx) => readProject(tx, projectId)), init);
}

export function taskJson(projectId: string, task: ProjectTask): z.output<typeof taskSchema> {
  return { id: task.id, projectId, name: task.name, billable: task.billable, archivedAt: iso(task.archivedAt) };
}

export async function lockedTaskTag(tx: TenantTransaction, projectId: string, taskId: string): Promise<string | null> {
  const task = await getTask(tx, projectId, taskId, { lock: true });
  return task ? etagOf(taskJson(projectId, task)) : null;
}

export async function taskAnswer(
  context: AppLoadContext,
  member: Member,
  { projectId, taskId }: { projectId: string; taskId: string },
  init: AnswerInit = {},
): Promise<Response> {
  const task = await context.withTenant(member.tenant, (tx) => getTask(tx, projectId, taskId));
  return tagged(taskJson(projectId, task!), init);
}
