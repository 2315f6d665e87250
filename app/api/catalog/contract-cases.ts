import { createClient } from "~/kernel/catalog/clients.server";
import { createTask } from "~/kernel/catalog/project-tasks.server";
import { createProject } from "~/kernel/catalog/projects.server";
import type { ContractCases, ContractWorld } from "~/testing/api-contract";

const unique = (what: string) => `${what} ${Math.random()}`;

async function client(w: ContractWorld, name = unique("Client")): Promise<string> {
  const created = await w.context.withTenant(w.owner, (tx) =>
    createClient(tx, { name, contactName: null, contactEmail: null, currency: "EUR", hourlyRateMinor: null }),
  );
  if (!created.ok) throw new Error(created.message);
  return created.id;
}

async function project(w: ContractWorld, fields: { name?: string; clientId?: string | null } = {}): Promise<string> {
  const created = await w.context.withTenant(w.owner, (tx) =>
    createProject(tx, {
      clientId: fields.clientId ?? null,
      name: fields.name ?? unique("Project"),
      code: null,
      color: "#4f46e5",
      billable: true,
      hourlyRateMinor: null,
      budgetMinutes: null,
      access: "everyone",
    }),
  );
  if (!created?.ok) throw new Error("project not created");
  return created.id;
}

async function task(w: ContractWorld, projectId: string, name = unique("Task")): Promise<string> {
  const created = await w.context.withTenant(w.owner, (tx) => createTask(tx, projectId, { name, billable: false }));
  if (!created?.ok) throw new Error("task not created");
  return created.id;
}

const etagOf = async (w: ContractWorld, path: string) => (await w.call("GET", path)).headers.get("ETag")!;
const stale = { "If-Match": '"stale"' };

export const catalogCases: ContractCases = {
  listClients: async (w) => {
    await client(w);
    await client(w);
    return [
      { path: "/api/v1/clients?limit=1", expect: 200 },
      { path: "/api/v1/clients?archived=maybe", expect: 400 },
    ];
  },
  createClient: async () => {
    const name = unique("Created");
    return [
      { path: "/api/v1/clients", body: { name, currency: "usd", hourlyRateMinor: 12050, contactEmail: null }, expect: 201 },
      { path: "/api/v1/clients", body: { name: name.toUpperCase(), currency: "EUR" }, expect: 409 },
      { path: "/api/v1/clients", body: { name: unique("Bad"), currency: "euro", hourlyRateMinor: "120.50" }, expect: 400 },
    ];
  },
  getClient: async (w) => {
    const clientId = await client(w);
    return [
      { path: `/api/v1/clients/${clientId}`, expect: 200 },
      { path: `/api/v1/clients/${clientId}`, headers: { "If-None-Match": await etagOf(w, `/api/v1/clients/${clientId}`) }, expect: 304 },
    ];
  },
  updateClient: async (w) => {
    const clientId = await client(w);
    const taken = unique("Taken");
    await client(w, taken);
    return [
      { path: `/api/v1/clients/${clientId}`, body: { name: unique("Renamed"), currency: "GBP", taxId: "GB123" }, expect: 200 },
      { path: `/api/v1/clients/${clientId}`, body: { name: unique("Stale"), currency: "GBP" }, headers: stale, expect: 412 },
      { path: `/api/v1/clients/${clientId}`, body: { name: taken, currency: "GBP" }, expect: 409 },
    ];
  },
  archiveClient: async (w) => {
    const clientId = await client(w);
    return [
      { path: `/api/v1/clients/${clientId}/archive`, headers: stale, expect: 412 },
      { path: `/api/v1/clients/${clientId}/archive`, expect: 200 },
    ];
  },
  restoreClient: async (w) => {
    const name = unique("Restored");
    const clientId = await client(w, name);
    const clash = await client(w, unique("Clash"));
    for (const id of [clientId, clash]) await w.call("POST", `/api/v1/clients/${id}/archive`);
    const clashName = (await (await w.call("GET", `/api/v1/clients/${clash}`)).json()) as { name: string };
    await client(w, clashName.name);
    return [
      { path: `/api/v1/clients/${clientId}/restore`, expect: 200 },
      { path: `/api/v1/clients/${clash}/restore`, expect: 409 },
      { path: `/api/v1/clients/${clash}/restore`, headers: stale, expect: 412 },
    ];
  },

  listProjects: async (w) => {
    const clientId = await client(w);
    await project(w, { clientId });
    await project(w, { clientId });
    return [
      { path: `/api/v1/projects?clientId=${clientId}&limit=1`, expect: 200 },
      { path: "/api/v1/projects?loggable=true&archived=false", expect: 200 },
      { path: "/api/v1/projects?clientId=nope", expect: 400 },
    ];
  },
  createProject: async (w) => {
    const name = unique("Created");
    const archivedClient = await client(w);
    await w.call("POST", `/api/v1/clients/${archivedClient}/archive`);
    return [
      {
        path: "/api/v1/projects",
        body: { name, clientId: await client(w), code: "NEW-1", color: "db2777", billable: true, hourlyRateMinor: 15000, budgetMinutes: 750 },
        expect: 201,
      },
      { path: "/api/v1/projects", body: { name }, expect: 409 },
      { path: "/api/v1/projects", body: { name: unique("Archived client"), clientId: archivedClient }, expect: 409 },
      { path: "/api/v1/projects", body: { name: unique("Nobody's"), clientId: crypto.randomUUID() }, expect: 404 },
      { path: "/api/v1/projects", body: { name: unique("Bad"), budgetMinutes: 12.5, color: "blue" }, expect: 400 },
    ];
  },
  getProject: async (w) => {
    const projectId = await project(w);
    const path = `/api/v1/projects/${projectId}`;
    return [
      { path, expect: 200 },
      { path, headers: { "If-None-Match": await etagOf(w, path) }, expect: 304 },
    ];
  },
  updateProject: async (w) => {
    const projectId = await project(w);
    const taken = unique("Taken");
    await project(w, { name: taken });
    const path = `/api/v1/projects/${projectId}`;
    return [
      { path, body: { name: unique("Renamed"), clientId: null, billable: false, budgetMinutes: null }, expect: 200 },
      { path, body: { name: unique("Stale") }, headers: stale, expect: 412 },
      { path, body: { name: taken }, expect: 409 },
    ];
  },
  archiveProject: async (w) => {
    const projectId = await project(w);
    return [
      { path: `/api/v1/projects/${projectId}/archive`, headers: stale, expect: 412 },
      { path: `/api/v1/projects/${projectId}/archive`, expect: 200 },
    ];
  },
  restoreProject: async (w) => {
    const projectId = await project(w);
    const clientId = await client(w);
    const ofArchivedClient = await project(w, { clientId });
    await w.call("POST", `/api/v1/projects/${projectId}/archive`);
    await w.call("POST", `/api/v1/clients/${clientId}/archive`);
    return [
      { path: `/api/v1/projects/${projectId}/restore`, expect: 200 },
      { path: `/api/v1/projects/${ofArchivedClient}/restore`, expect: 409 },
      { path: `/api/v1/projects/${ofArchivedClient}/restore`, headers: stale, expect: 412 },
    ];
  },
  setProjectAccess: async (w) => {
    const projectId = await project(w);
    return [
      { path: `/api/v1/projects/${projectId}/access`, body: { access: "assigned" }, expect: 200 },
      { path: `/api/v1/projects/${projectId}/access`, body: { access: "everyone" }, headers: stale, expect: 412 },
      { path: `/api/v1/projects/${projectId}/access`, body: {}, expect: 400 },
    ];
  },
  assignProjectMember: async (w) => {
    const projectId = await project(w);
    return [{ path: `/api/v1/projects/${projectId}/members/${w.employee.userId}`, expect: 200 }];
  },
  unassignProjectMember: async (w) => {
    const projectId = await project(w);
    await w.call("PUT", `/api/v1/projects/${projectId}/members/${w.employee.userId}`);
    return [
      { path: `/api/v1/projects/${projectId}/members/${w.employee.userId}`, expect: 204 },
      { path: `/api/v1/projects/${projectId}/members/${w.employee.userId}`, expect: 404 },
    ];
  },

  listTasks: async (w) => {
    const projectId = await project(w);
    await task(w, projectId);
    await task(w, projectId);
    return [
      { path: `/api/v1/projects/${projectId}/tasks?limit=1&archived=false`, expect: 200 },
      { path: `/api/v1/projects/${projectId}/tasks?limit=0`, expect: 400 },
    ];
  },
  addTask: async (w) => {
    const projectId = await project(w);
    const name = unique("Design");
    return [
      { path: `/api/v1/projects/${projectId}/tasks`, body: { name, billable: true }, expect: 201 },
      { path: `/api/v1/projects/${projectId}/tasks`, body: { name: name.toLowerCase() }, expect: 409 },
      { path: `/api/v1/projects/${projectId}/tasks`, body: { name: " " }, expect: 400 },
    ];
  },
  getTask: async (w) => {
    const projectId = await project(w);
    const path = `/api/v1/projects/${projectId}/tasks/${await task(w, projectId)}`;
    return [
      { path, expect: 200 },
      { path, headers: { "If-None-Match": await etagOf(w, path) }, expect: 304 },
    ];
  },
  renameTask: async (w) => {
    const projectId = await project(w);
    const taskId = await task(w, projectId);
    const taken = unique("Taken");
    await task(w, projectId, taken);
    const path = `/api/v1/projects/${projectId}/tasks/${taskId}`;
    return [
      { path, body: { name: unique("Renamed") }, expect: 200 },
      { path, body: { name: unique("Stale") }, headers: stale, expect: 412 },
      { path, body: { name: taken }, expect: 409 },
    ];
  },
  setTaskBillable: async (w) => {
    const projectId = await project(w);
    const path = `/api/v1/projects/${projectId}/tasks/${await task(w, projectId)}/billable`;
    return [
      { path, body: { billable: true }, expect: 200 },
      { path, body: { billable: false }, headers: stale, expect: 412 },
      { path, body: {}, expect: 400 },
    ];
  },
  archiveTask: async (w) => {
    const projectId = await project(w);
    const path = `/api/v1/projects/${projectId}/tasks/${await task(w, projectId)}/archive`;
    return [
      { path, headers: stale, expect: 412 },
      { path, expect: 200 },
    ];
  },
  restoreTask: async (w) => {
    const projectId = await project(w);
    const name = unique("Review");
    const taskId = await task(w, projectId, name);
    await w.call("POST", `/api/v1/projects/${projectId}/tasks/${taskId}/archive`);
    await task(w, projectId, name);
    const other = await task(w, projectId);
    await w.call("POST", `/api/v1/projects/${projectId}/tasks/${other}/archive`);
    return [
      { path: `/api/v1/projects/${projectId}/tasks/${other}/restore`, expect: 200 },
      { path: `/api/v1/projects/${projectId}/tasks/${taskId}/restore`, expect: 409 },
      { path: `/api/v1/projects/${projectId}/tasks/${taskId}/restore`, headers: stale, expect: 412 },
    ];
  },
};
