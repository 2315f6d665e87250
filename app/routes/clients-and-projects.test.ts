import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import type { TenantContext } from "../../db/tenant";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { createTestApp, requestAs, statusOf, type TestApp } from "~/testing/context";
import { flashOf } from "~/testing/flash";
import { createClient } from "~/kernel/catalog/clients.server";
import { assign, unassign } from "~/kernel/catalog/project-access.server";
import { createTask, listTasks } from "~/kernel/catalog/project-tasks.server";
import { createProject, getProject } from "~/kernel/catalog/projects.server";
import { createTeam } from "~/kernel/teams/teams.server";
import * as clientPage from "./c.$company.clients.$clientId";
import * as clientsPage from "./c.$company.clients._index";
import * as projectPage from "./c.$company.projects.$projectId/route";
import * as projectsPage from "./c.$company.projects._index";

/** The four admin pages through their loaders and actions, as each role would reach them. */
interface RouteModule {
  loader: (args: LoaderFunctionArgs) => Promise<unknown>;
  action: (args: ActionFunctionArgs) => Promise<unknown>;
}

let db: TestDatabase;
let app: TestApp;
let context: AppLoadContext;
let slug: string;
let owner: TenantContext;
const tokens = { owner: "", employee: "", finance: "" };
let clientId: string;
let projectId: string;
let taskId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createTestApp(db);
  context = app.context();
  const signedUp = await context.auth.accounts.signUp({
    name: "Olive Owner",
    email: `olive-projects-${Date.now()}@example.test`,
    password: "plum-orbit-kettle",
    companyName: "Projects Ltd",
  });
  if (!signedUp.ok) throw new Error("sign-up failed");
  slug = signedUp.companySlug;
  const [company] = await db.query<{ id: string }>(sql`select id from companies where slug = ${slug}`);
  owner = { companyId: company!.id, userId: signedUp.user.id, role: "owner" };
  tokens.owner = await context.auth.accounts.createSession(owner.userId, { ip: null, userAgent: null });
  for (const role of ["employee", "finance"] as const) {
    const person = await createMember(db, owner.companyId, role);
    tokens[role] = await context.auth.accounts.createSession(person.userId, { ip: null, userAgent: null });
  }
  await context.withTenant(owner, async (tx) => {
    const client = await createClient(tx, {
      name: "Northwind",
      contactName: null,
      contactEmail: null,
      currency: "USD",
      hourlyRateMinor: 10_000,
    });
    clientId = client.ok ? client.id : "";
    const project = await createProject(tx, {
      clientId,
      name: "Website",
      code: "NW-WEB",
      color: "#2563eb",
      billable: true,
      hourlyRateMinor: null,
      budgetMinutes: null,
      access: "everyone",
    });
    projectId = project?.ok ? project.id : "";
    const task = await createTask(tx, projectId, { name: "Design", billable: true });
    taskId = task?.ok ? task.id : "";
    await createTask(tx, projectId, { name: "Development", billable: true });
  });
});

afterAll(async () => {
  await app.close();
  await db.close();
});

type Role = keyof typeof tokens;
type Params = Record<string, string>;
const pages = {
  clients: { module: clientsPage, path: () => "clients", params: () => ({}) },
  client: { module: clientPage, path: (p: Params) => `clients/${p.clientId}`, params: () => ({ clientId }) },
  projects: { module: projectsPage, path: () => "projects", params: () => ({}) },
  project: { module: projectPage, path: (p: Params) => `projects/${p.projectId}`, params: () => ({ projectId }) },
} satisfies Record<string, { module: RouteModule; path: (params: Params) => string; params: () => Params }>;
type Page = keyof typeof pages;

/** The page's loader or action, with the page's ids unless `ids` names others. */
async function call(role: Role, page: Page, kind: keyof RouteModule, ids: Params, body?: Params) {
  const params = { company: slug, ...pages[page].params(), ...ids };
  const init = body ? { method: "POST", body: new URLSearchParams(body) } : {};
  const request = await requestAs(context, tokens[role], `/c/${slug}/${pages[page].path(params)}`, init);
  const route = pages[page].module as RouteModule;
  return route[kind]({ request, params, context }).catch((thrown: unknown) => thrown);
}

const load = (role: Role, page: Page, ids: Params = {}) => call(role, page, "loader", ids);
const post = (role: Role, page: Page, body: Params, ids: Params = {}) => call(role, page, "action", ids, body);

/** A loader returns its data as is: that is a 200. A thrown error is a failure of the test, not a status. */
async function loadStatus(role: Role, page: Page, params: Record<string, string> = {}) {
  const outcome = await load(role, page, params);
  if (outcome instanceof Error) throw outcome;
  return statusOf(outcome) ?? 200;
}

/** The field errors of a rejected form (Conform's reply). */
function fieldErrors(outcome: unknown): Record<string, unknown> {
  const reply = (outcome as { data?: { error?: Record<string, unknown> } }).data;
  return reply?.error ?? {};
}

const newClient = { name: "Contoso", currency: "EUR", hourlyRateMinor: "95.50" };
const newProject = { name: "Brand", clientId: "none", color: "#DB2777", budgetMinutes: "12.5", billable: "on", access: "assigned" };

describe("permissions", () => {
  it("every role sees clients and projects", async () => {
    for (const role of ["owner", "employee", "finance"] as const) {
      for (const page of Object.keys(pages) as Page[]) {
        expect({ role, page, status: await loadStatus(role, page) }).toEqual({ role, page, status: 200 });
      }
    }
  });

  it("only owners and admins change them: employees and finance get 403, and nothing changes", async () => {
    const attempts: [Page, Record<string, string>][] = [
      ["clients", newClient],
      ["client", { intent: "edit", ...newClient }],
      ["client", { intent: "archive" }],
      ["projects", newProject],
      ["project", { intent: "archive" }],
      ["project", { intent: "add-task", name: "Sneaky" }],
      ["project", { intent: "rename-task", taskId, name: "Sneaky" }],
      ["project", { intent: "set-access", access: "assigned" }],
      ["project", { intent: "assign", kind: "member", id: owner.userId }],
    ];
    for (const role of ["employee", "finance"] as const) {
      for (const [page, body] of attempts) {
        expect({ role, page, body, status: statusOf(await post(role, page, body)) }).toEqual({ role, page, body, status: 403 });
      }
    }
    const project = await context.withTenant(owner, (tx) => getProject(tx, projectId));
    expect(project).toMatchObject({ archivedAt: null, access: "everyone", clientArchived: false });
  });

  it("the pages tell admins apart from the rest, to hide the forms, and show emails only to those who may see members", async () => {
    expect(await load("owner", "project")).toMatchObject({ mayManage: true });
    await context.withTenant(owner, (tx) => assign(tx, projectId, "member", owner.userId));
    expect(await load("employee", "project")).toMatchObject({
      mayManage: false,
      assignable: { members: [], teams: [] },
      assignments: { members: [{ userId: owner.userId, email: null }] },
    });
    expect(await load("owner", "project")).toMatchObject({
      assignments: { members: [{ userId: owner.userId, email: expect.stringContaining("@") }] },
    });
    await context.withTenant(owner, (tx) => unassign(tx, projectId, "member", owner.userId));
  });
});

describe("creating", () => {
  it("a client: bad input is a 400 on its field, a taken name a 409 on it, good input opens the new client", async () => {
    const bad = await post("owner", "clients", { name: "Bad", currency: "euro", hourlyRateMinor: "-3" });
    expect(statusOf(bad)).toBe(400);
    expect(Object.keys(fieldErrors(bad)).sort()).toEqual(["currency", "hourlyRateMinor"]);

    const created = await post("owner", "clients", newClient);
    expect(statusOf(created)).toBe(302);
    expect((created as Response).headers.get("Location")).toMatch(new RegExp(`^/c/${slug}/clients/[0-9a-f-]{36}$`));
    const again = await post("owner", "clients", { ...newClient, name: "contoso" });
    expect({ status: statusOf(again), errors: fieldErrors(again) }).toEqual({
      status: 409,
      errors: { name: [expect.stringMatching(/already/)] },
    });
  });

  it("a project: typed rate, budget and colour are stored normalised; bad ones are 400s", async () => {
    const bad = await post("owner", "projects", {
      name: "Bad",
      clientId: "nope",
      color: "blue",
      budgetMinutes: "-1",
      hourlyRateMinor: "12.345",
    });
    expect(statusOf(bad)).toBe(400);
    expect(Object.keys(fieldErrors(bad)).sort()).toEqual(["budgetMinutes", "clientId", "color", "hourlyRateMinor"]);

    const created = await post("owner", "projects", { ...newProject, clientId, hourlyRateMinor: "150" });
    expect(statusOf(created)).toBe(302);
    const id = (created as Response).headers.get("Location")!.split("/").at(-1)!;
    expect(await context.withTenant(owner, (tx) => getProject(tx, id))).toMatchObject({
      clientId,
      color: "#db2777",
      budgetMinutes: 750,
      billable: true,
      hourlyRateMinor: 15_000,
      currency: "USD",
      access: "assigned",
    });

    const unchecked = await post("owner", "projects", { name: "Internal", code: "INT" });
    const internal = (unchecked as Response).headers.get("Location")!.split("/").at(-1)!;
    expect(await context.withTenant(owner, (tx) => getProject(tx, internal))).toMatchObject({
      billable: false,
      clientId: null,
      color: "#4f46e5",
    });
  });
});

describe("a project's page", () => {
  it("edits details and tasks; a taken task name is a 409 on that row's field", async () => {
    const edited = await post("owner", "project", {
      intent: "edit",
      name: "Website relaunch",
      clientId,
      color: "#2563eb",
      budgetMinutes: "400",
    });
    expect(statusOf(edited)).toBe(302);
    expect(await flashOf(context, edited)).toBe("Project saved.");
    expect(await context.withTenant(owner, (tx) => getProject(tx, projectId))).toMatchObject({
      name: "Website relaunch",
      budgetMinutes: 24_000,
      billable: false,
    });

    const clash = await post("owner", "project", { intent: "rename-task", taskId, name: "development" });
    expect({ status: statusOf(clash), errors: fieldErrors(clash) }).toEqual({ status: 409, errors: { name: [expect.any(String)] } });
    // An unticked box sends nothing: not billable.
    expect(statusOf(await post("owner", "project", { intent: "task-billable", taskId }))).toBe(302);
    expect(statusOf(await post("owner", "project", { intent: "archive-task", taskId }))).toBe(302);
    expect(await context.withTenant(owner, (tx) => listTasks(tx, projectId))).toContainEqual(
      expect.objectContaining({ id: taskId, name: "Design", billable: false, archivedAt: expect.any(Date) }),
    );
  });

  it("answers 404 for ids that aren't its own, and 400 for what isn't an id or an intent", async () => {
    const elsewhere = await createMember(db, await createCompany(db, "Elsewhere"), "owner");
    const foreign = await context.withTenant(elsewhere, async (tx) => {
      const team = await createTeam(tx, "Their team");
      const project = await createProject(tx, {
        clientId: null,
        name: "Theirs",
        code: null,
        color: "#000000",
        billable: true,
        hourlyRateMinor: null,
        budgetMinutes: null,
        access: "everyone",
      });
      const task = project?.ok ? await createTask(tx, project.id, { name: "Their task", billable: true }) : null;
      return { teamId: team.ok ? team.id : "", taskId: task?.ok ? task.id : "" };
    });
    const bodies: Record<string, string>[] = [
      { intent: "rename-task", taskId: foreign.taskId, name: "Mine now" },
      { intent: "archive-task", taskId: foreign.taskId },
      { intent: "assign", kind: "member", id: elsewhere.userId },
      { intent: "assign", kind: "team", id: foreign.teamId },
    ];
    for (const body of bodies) {
      expect({ body, status: statusOf(await post("owner", "project", body)) }).toEqual({ body, status: 404 });
    }
    expect(statusOf(await post("owner", "project", { intent: "assign", kind: "member", id: "not-a-uuid" }))).toBe(400);
    expect(statusOf(await post("owner", "project", { intent: "explode" }))).toBe(400);
    expect(await loadStatus("owner", "project", { projectId: "not-a-uuid" })).toBe(404);
    expect(await loadStatus("owner", "client", { clientId: crypto.randomUUID() })).toBe(404);
  });

  it("restoring into a taken name, or a project of an archived client, is a 409 with a message, not a 500", async () => {
    const phoenix = { name: "Phoenix", contactName: null, contactEmail: null, currency: "EUR", hourlyRateMinor: null };
    const ids = await context.withTenant(owner, async (tx) => {
      const client = await createClient(tx, phoenix);
      const id = client.ok ? client.id : "";
      const project = await createProject(tx, {
        clientId: id,
        name: "Rebirth",
        code: null,
        color: "#000000",
        billable: true,
        hourlyRateMinor: null,
        budgetMinutes: null,
        access: "everyone",
      });
      return { clientId: id, projectId: project?.ok ? project.id : "" };
    });
    expect(statusOf(await post("owner", "client", { intent: "archive" }, ids))).toBe(302);
    const restoreProject = await post("owner", "project", { intent: "restore" }, ids);
    expect(fieldErrors(restoreProject)).toEqual({ "": [expect.stringMatching(/restore the client first/)] });
    expect(statusOf(restoreProject)).toBe(409);

    await context.withTenant(owner, (tx) => createClient(tx, phoenix));
    expect(statusOf(await post("owner", "client", { intent: "restore" }, ids))).toBe(409);
  });
});
