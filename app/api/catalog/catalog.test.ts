import type { AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../../db/sql";
import { createTestDatabase, type TestDatabase } from "../../../db/testing/test-database";
import { createTeam, putTeamMember } from "~/kernel/teams/teams.server";
import { apiClient, companyWith, problemOf, tokenFor, type ApiCall } from "~/testing/api-harness";
import { createSignedInMembers, requestAs } from "~/testing/context";
import { createBilledTestApp } from "~/testing/stripe-stand-in";
import * as projectsPage from "../../routes/c.$company.projects._index";

/**
 * Clients, projects and tasks over the API, as a program relies on them: the pages'
 * rules and messages, what each role sees, archive and restore, and changes that
 * are all or nothing and audited as the token.
 */
let db: TestDatabase;
let billed: Awaited<ReturnType<typeof createBilledTestApp>>;
let context: AppLoadContext;

beforeAll(async () => {
  db = await createTestDatabase();
  billed = await createBilledTestApp(db);
  context = billed.context;
});
afterAll(async () => {
  await billed.close();
  await db.close();
});

async function asJson<T = Record<string, unknown>>(response: Response, status = 200): Promise<T> {
  expect(response.status, await response.clone().text()).toBe(status);
  return (await response.json()) as T;
}

async function ownerCompany() {
  const { companyId, people } = await companyWith(db, { owner: "owner" });
  const { id: tokenId, token } = await tokenFor(context, people.owner);
  return { companyId, owner: people.owner, tokenId, api: apiClient(context, token) };
}

async function newProject(api: ApiCall, body: Record<string, unknown> = {}): Promise<{ id: string; etag: string }> {
  const response = await api("POST", "/api/v1/projects", { body: { name: `Project ${Math.random()}`, ...body } });
  const { id } = await asJson<{ id: string }>(response, 201);
  return { id, etag: response.headers.get("ETag")! };
}

describe("the pages' rules, in the pages' words", () => {
  it("a taken name is a 409 on its field, bad fields 400s naming each, and a clash changes nothing", async () => {
    const { api } = await ownerCompany();
    await asJson(await api("POST", "/api/v1/clients", { body: { name: "Northwind", currency: "USD" } }), 201);
    const clash = await api("POST", "/api/v1/clients", { body: { name: "northwind", currency: "EUR" } });
    expect(clash.status).toBe(409);
    expect(await problemOf(clash)).toMatchObject({ code: "conflict", errors: [{ field: "name", message: "Another client already has this name" }] });

    const bad = await api("POST", "/api/v1/clients", { body: { name: "Contoso", currency: "euro", contactEmail: "nope" } });
    expect(bad.status).toBe(400);
    expect((await problemOf(bad)).errors).toEqual([
      { field: "contactEmail", message: "Enter an email address like ana@example.com" },
      { field: "currency", message: "Use a three-letter currency code such as EUR or USD" },
    ]);
    const { data } = await asJson<{ data: { name: string }[] }>(await api("GET", "/api/v1/clients"));
    expect(data.map((client) => client.name)).toEqual(["Northwind"]);
  });

  it("rates and budgets go in as they come out, whole minor units and minutes; a PUT of what GET showed changes nothing", async () => {
    const { api } = await ownerCompany();
    const { id } = await newProject(api, { code: "WEB", hourlyRateMinor: 12_050, budgetMinutes: 750, color: "DB2777" });
    const shown = await api("GET", `/api/v1/projects/${id}`);
    const project = await asJson<Record<string, unknown>>(shown.clone());
    expect(project).toMatchObject({ hourlyRateMinor: 12_050, effectiveRateMinor: 12_050, budgetMinutes: 750, color: "#db2777" });

    const { clientId, name, code, color, billable, hourlyRateMinor, budgetMinutes } = project;
    const again = await api("PUT", `/api/v1/projects/${id}`, {
      body: { clientId, name, code, color, billable, hourlyRateMinor, budgetMinutes },
      headers: { "If-Match": shown.headers.get("ETag")! },
    });
    expect(again.status).toBe(200);
    expect(again.headers.get("ETag")).toBe(shown.headers.get("ETag"));

    const hours = await api("PUT", `/api/v1/projects/${id}`, { body: { name, budgetMinutes: 12.5 } });
    expect((await problemOf(hours)).errors).toEqual([
      { field: "budgetMinutes", message: "Give the budget in minutes: a whole number from 1 to 59999999, or null for none" },
    ]);
  });

  it("a task's name is unique among the project's live tasks only, as on the project page", async () => {
    const { api } = await ownerCompany();
    const first = await newProject(api);
    const second = await newProject(api);
    await asJson(await api("POST", `/api/v1/projects/${first.id}/tasks`, { body: { name: "Design" } }), 201);
    await asJson(await api("POST", `/api/v1/projects/${second.id}/tasks`, { body: { name: "Design" } }), 201);
    const clash = await api("POST", `/api/v1/projects/${first.id}/tasks`, { body: { name: "DESIGN" } });
    expect((await problemOf(clash)).errors).toEqual([{ field: "name", message: "This project already has a task with this name" }]);
  });
});

describe("who sees which projects", () => {
  async function companyWithRestrictedProjects() {
    const { companyId } = await companyWith(db, {});
    const { people, tokens } = await createSignedInMembers(db, context, companyId, { owner: "owner", employee: "employee" });
    const { token } = await tokenFor(context, people.owner);
    const api = apiClient(context, token);
    const open = await newProject(api, { name: "Open to everyone" });
    const assigned = await newProject(api, { name: "Assigned to the employee", access: "assigned" });
    const viaTeam = await newProject(api, { name: "Assigned to the employee's team", access: "assigned" });
    const closed = await newProject(api, { name: "Assigned to others", access: "assigned" });
    await asJson(await api("PUT", `/api/v1/projects/${assigned.id}/members/${people.employee.userId}`));
    await context.withTenant(people.owner, async (tx) => {
      const team = await createTeam(tx, "Support");
      if (!team.ok) throw new Error(team.message);
      await putTeamMember(tx, team.id, people.employee.userId, false);
      await tx.query(sql`insert into project_teams (company_id, project_id, team_id) values (${companyId}, ${viaTeam.id}, ${team.id})`);
    });
    const employeeToken = (await tokenFor(context, people.employee, ["projects:read", "projects:write"])).token;
    return { companyId, people, tokens, api, employee: apiClient(context, employeeToken), open, assigned, viaTeam, closed };
  }

  const names = async (response: Response) => (await asJson<{ data: { name: string }[] }>(response)).data.map((p) => p.name).sort();

  it("an employee's token lists what the projects page lists them, and with loggable=true only what they may log time on", async () => {
    const { companyId, tokens, employee } = await companyWithRestrictedProjects();
    const [company] = await db.query<{ slug: string }>(sql`select slug from companies where id = ${companyId}`);
    const request = await requestAs(context, tokens.employee, `/c/${company!.slug}/projects`);
    const page = (await projectsPage.loader({ request, params: { company: company!.slug }, context } as LoaderFunctionArgs)) as {
      projects: { name: string }[];
    };

    expect(await names(await employee("GET", "/api/v1/projects?archived=false"))).toEqual(page.projects.map((p) => p.name).sort());
    expect(await names(await employee("GET", "/api/v1/projects?loggable=true"))).toEqual([
      "Assigned to the employee",
      "Assigned to the employee's team",
      "Open to everyone",
    ]);
  });

  it("assigning and unassigning over the API is what the week grid's choice follows", async () => {
    const { people, api, employee, closed } = await companyWithRestrictedProjects();
    const assignee = `/api/v1/projects/${closed.id}/members/${people.employee.userId}`;
    await asJson(await api("PUT", assignee));
    expect(await names(await employee("GET", "/api/v1/projects?loggable=true"))).toContain("Assigned to others");
    const project = await asJson<{ assignments: { members: { userId: string }[] } }>(await api("GET", `/api/v1/projects/${closed.id}`));
    expect(project.assignments.members).toEqual([{ userId: people.employee.userId, name: "employee person" }]);

    expect((await api("DELETE", assignee)).status).toBe(204);
    expect(await names(await employee("GET", "/api/v1/projects?loggable=true"))).not.toContain("Assigned to others");
  });

  it("an employee's token with projects:write is still refused every change by the role, and nothing changes", async () => {
    const { people, api, employee, open } = await companyWithRestrictedProjects();
    const before = (await api("GET", `/api/v1/projects/${open.id}`)).headers.get("ETag");
    const attempts: [string, string, unknown?][] = [
      ["POST", "/api/v1/projects", { name: "Sneaky" }],
      ["PUT", `/api/v1/projects/${open.id}/access`, { access: "assigned" }],
      ["PUT", `/api/v1/projects/${open.id}/members/${people.employee.userId}`],
      ["POST", `/api/v1/projects/${open.id}/archive`],
      ["POST", `/api/v1/projects/${open.id}/tasks`, { name: "Sneaky" }],
    ];
    for (const [method, path, body] of attempts) {
      const refused = await employee(method, path, { body });
      expect({ path, status: refused.status, body: await problemOf(refused) }).toMatchObject({
        path,
        status: 403,
        body: { code: "forbidden", permission: "project:manage" },
      });
    }
    expect((await api("GET", `/api/v1/projects/${open.id}`)).headers.get("ETag")).toBe(before);
  });

  it("another company's ids are 404s, and nothing of theirs changes", async () => {
    const theirs = await ownerCompany();
    const { id } = await newProject(theirs.api);
    const ours = await ownerCompany();
    for (const [method, path] of [
      ["GET", `/api/v1/projects/${id}`],
      ["GET", `/api/v1/projects/${id}/tasks`],
      ["POST", `/api/v1/projects/${id}/archive`],
      ["PUT", `/api/v1/projects/${id}/members/${ours.owner.userId}`],
    ] as const) {
      expect({ path, status: (await ours.api(method, path)).status }).toEqual({ path, status: 404 });
    }
    const stranger = await ours.api("POST", "/api/v1/projects", { body: { name: "Borrowed client", clientId: id } });
    expect(stranger.status).toBe(404);
    expect(await asJson(await theirs.api("GET", `/api/v1/projects/${id}`))).toMatchObject({ archivedAt: null, assignments: { members: [] } });
  });
});

describe("archiving and restoring", () => {
  it("a client takes its live projects with it, comes back alone, and its projects come back one by one", async () => {
    const { api } = await ownerCompany();
    const { id: clientId } = await asJson<{ id: string }>(await api("POST", "/api/v1/clients", { body: { name: "Fabrikam", currency: "EUR" } }), 201);
    const website = await newProject(api, { clientId, name: "Website" });
    const shop = await newProject(api, { clientId, name: "Shop" });

    const current = (await api("GET", `/api/v1/clients/${clientId}`)).headers.get("ETag")!;
    const archived = await asJson(await api("POST", `/api/v1/clients/${clientId}/archive`, { headers: { "If-Match": current } }));
    expect(archived).toMatchObject({ archivedAt: expect.any(String), liveProjectCount: 0 });
    expect(await asJson(await api("GET", `/api/v1/projects/${website.id}`))).toMatchObject({ archivedAt: expect.any(String) });

    const early = await api("POST", `/api/v1/projects/${website.id}/restore`);
    expect(await problemOf(early)).toMatchObject({ status: 409, detail: "Its client Fabrikam is archived; restore the client first." });

    expect(await asJson(await api("POST", `/api/v1/clients/${clientId}/restore`))).toMatchObject({ archivedAt: null, liveProjectCount: 0 });
    expect(await asJson(await api("POST", `/api/v1/projects/${website.id}/restore`))).toMatchObject({ archivedAt: null });
    expect(await asJson(await api("GET", `/api/v1/projects/${shop.id}`))).toMatchObject({ archivedAt: expect.any(String) });
    const live = await asJson<{ data: { name: string }[] }>(await api("GET", `/api/v1/projects?clientId=${clientId}&archived=false`));
    expect(live.data.map((project) => project.name)).toEqual(["Website"]);
  });

  it("a stale If-Match archives nothing: neither the client nor its projects", async () => {
    const { api } = await ownerCompany();
    const { id: clientId } = await asJson<{ id: string }>(await api("POST", "/api/v1/clients", { body: { name: "Tailspin", currency: "EUR" } }), 201);
    const read = (await api("GET", `/api/v1/clients/${clientId}`)).headers.get("ETag")!;
    const project = await newProject(api, { clientId });
    // The new project changed the client's live project count, so the tag read before it is stale.
    const stale = await api("POST", `/api/v1/clients/${clientId}/archive`, { headers: { "If-Match": read } });
    expect(stale.status).toBe(412);
    expect(await asJson(await api("GET", `/api/v1/clients/${clientId}`))).toMatchObject({ archivedAt: null, liveProjectCount: 1 });
    expect(await asJson(await api("GET", `/api/v1/projects/${project.id}`))).toMatchObject({ archivedAt: null });
  });

  it("a task archived leaves the live list and comes back unless its name was taken meanwhile", async () => {
    const { api } = await ownerCompany();
    const { id: projectId } = await newProject(api);
    const tasks = `/api/v1/projects/${projectId}/tasks`;
    const { id: taskId } = await asJson<{ id: string }>(await api("POST", tasks, { body: { name: "Review", billable: true } }), 201);
    await asJson(await api("POST", `${tasks}/${taskId}/archive`));
    const liveNames = async () => (await asJson<{ data: { name: string }[] }>(await api("GET", `${tasks}?archived=false`))).data.map((t) => t.name);
    expect(await liveNames()).toEqual([]);

    const { id: newer } = await asJson<{ id: string }>(await api("POST", tasks, { body: { name: "review" } }), 201);
    expect((await api("POST", `${tasks}/${taskId}/restore`)).status).toBe(409);
    await asJson(await api("PATCH", `${tasks}/${newer}`, { body: { name: "Second review" } }));
    expect(await asJson(await api("POST", `${tasks}/${taskId}/restore`))).toMatchObject({ name: "Review", billable: true, archivedAt: null });
    expect((await liveNames()).sort()).toEqual(["Review", "Second review"]);
  });
});

describe("the audit log", () => {
  it("names the token as the actor of each change, one entry per change, as the pages' operations write them", async () => {
    const { companyId, owner, tokenId, api } = await ownerCompany();
    const { id: clientId } = await asJson<{ id: string }>(await api("POST", "/api/v1/clients", { body: { name: "Audited", currency: "EUR" } }), 201);
    const { id: projectId } = await newProject(api, { clientId });
    const { id: taskId } = await asJson<{ id: string }>(await api("POST", `/api/v1/projects/${projectId}/tasks`, { body: { name: "Build" } }), 201);
    await asJson(await api("PUT", `/api/v1/projects/${projectId}/tasks/${taskId}/billable`, { body: { billable: true } }));
    await asJson(await api("PUT", `/api/v1/projects/${projectId}/access`, { body: { access: "assigned" } }));
    await asJson(await api("PUT", `/api/v1/projects/${projectId}/members/${owner.userId}`));
    await asJson(await api("POST", `/api/v1/clients/${clientId}/archive`));

    const audited = await db.query<{ action: string; actor: string }>(sql`
      select action, actor_kind || ':' || actor_id as actor from audit_entries
       where company_id = ${companyId} and entity_type in ('client', 'project', 'task', 'project_member')
       order by seq`);
    expect(audited.map((entry) => entry.action)).toEqual([
      "client.create",
      "project.create",
      "task.create",
      "task.update",
      "project.update",
      "project_member.create",
      "client.archive",
      "project.archive",
    ]);
    expect(new Set(audited.map((entry) => entry.actor))).toEqual(new Set([`api_key:${tokenId}`]));
  });
});
