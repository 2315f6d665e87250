import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../../db/sql";
import { withTenant, type TenantContext, type TenantTransaction } from "../../../db/tenant";
import { createCompany, createMember } from "../../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../../db/testing/test-database";
import { createClient, getClient, listClients, setClientArchived, updateClient, type ClientInput } from "./clients.server";
import { assign, getAssignments, listAssignable, unassign } from "./project-access.server";
import { createTask, listTasks, renameTask, setTaskArchived, setTaskBillable } from "./project-tasks.server";
import {
  createProject,
  getProject,
  listProjects,
  projectsPageSize,
  setProjectAccess,
  setProjectArchived,
  updateProject,
  type ProjectInput,
} from "./projects.server";
import { createTeam, putTeamMember, setTeamArchived } from "../teams/teams.server";

let db: TestDatabase;
let admin: TenantContext;
let employee: TenantContext;
let outsider: TenantContext;

beforeAll(async () => {
  db = await createTestDatabase();
  const company = await createCompany(db, "Projects Co");
  admin = await createMember(db, company, "admin");
  employee = await createMember(db, company, "employee");
  outsider = await createMember(db, await createCompany(db, "Elsewhere"), "owner");
});
afterAll(() => db.close());

const as = <T>(member: TenantContext, work: (tx: TenantTransaction) => Promise<T>) => withTenant(db, member, work);

const client = (name: string, overrides: Partial<ClientInput> = {}): ClientInput => ({
  name,
  contactName: null,
  contactEmail: null,
  currency: "EUR",
  hourlyRateMinor: null,
  ...overrides,
});
const project = (name: string, overrides: Partial<ProjectInput> = {}): ProjectInput => ({
  clientId: null,
  name,
  code: null,
  color: "#4f46e5",
  billable: true,
  hourlyRateMinor: null,
  budgetMinutes: null,
  access: "everyone",
  ...overrides,
});

async function created(result: Promise<{ ok: true; id: string } | { ok: false; message: string } | null>): Promise<string> {
  const outcome = await result;
  if (!outcome?.ok) throw new Error(`not created: ${JSON.stringify(outcome)}`);
  return outcome.id;
}

describe("clients", () => {
  it("are created, renamed and listed with their live projects; a live name is taken case-insensitively", async () => {
    const id = await created(
      as(admin, (tx) => createClient(tx, client("Northwind", { hourlyRateMinor: 12_050, contactEmail: "ana@northwind.example" }))),
    );
    expect(await as(admin, (tx) => createClient(tx, client("NORTHWIND")))).toEqual({
      ok: false,
      field: "name",
      message: expect.any(String),
    });
    await as(admin, (tx) => createProject(tx, project("Website", { clientId: id })));
    expect(await as(employee, (tx) => listClients(tx))).toContainEqual(
      expect.objectContaining({ id, name: "Northwind", hourlyRateMinor: 12_050, currency: "EUR", liveProjectCount: 1 }),
    );
    expect(await as(admin, (tx) => updateClient(tx, id, client("Northwind Traders", { currency: "USD" })))).toEqual({ ok: true, id });
    expect(await as(admin, (tx) => getClient(tx, id))).toMatchObject({ name: "Northwind Traders", currency: "USD", hourlyRateMinor: null });
  });

  it("archive with their projects, which stay archived until the client is back; restoring into a taken name is refused", async () => {
    const id = await created(as(admin, (tx) => createClient(tx, client("Contoso"))));
    const projectId = await created(as(admin, (tx) => createProject(tx, project("Brand", { clientId: id }))));
    expect(await as(admin, (tx) => setClientArchived(tx, id, true))).toEqual({ ok: true, id });
    expect(await as(admin, (tx) => getProject(tx, projectId))).toMatchObject({ archivedAt: expect.any(Date), clientArchived: true });
    expect(await as(admin, (tx) => setProjectArchived(tx, projectId, false))).toMatchObject({ ok: false, field: "clientId" });
    expect((await as(admin, (tx) => listClients(tx, { archived: true }))).map((c) => c.id)).toContain(id);

    await created(as(admin, (tx) => createClient(tx, client("contoso"))));
    expect(await as(admin, (tx) => setClientArchived(tx, id, false))).toMatchObject({ ok: false, field: "name" });
  });

  it("of another company are unknown: null, not a change", async () => {
    const id = await created(as(admin, (tx) => createClient(tx, client("Private client"))));
    expect(await as(outsider, (tx) => getClient(tx, id))).toBeNull();
    expect(await as(outsider, (tx) => updateClient(tx, id, client("Taken over")))).toBeNull();
    expect(await as(outsider, (tx) => setClientArchived(tx, id, true))).toBeNull();
    expect(await as(admin, (tx) => getClient(tx, id))).toMatchObject({ name: "Private client", archivedAt: null });
  });

  it("can't be written by an employee: RLS refuses the insert and hides rows from updates", async () => {
    await expect(as(employee, (tx) => createClient(tx, client("Employee's client")))).rejects.toMatchObject({ code: "42501" });
    const id = await created(as(admin, (tx) => createClient(tx, client("Guarded"))));
    expect(await as(employee, (tx) => updateClient(tx, id, client("Renamed by employee")))).toBeNull();
    expect(await as(employee, (tx) => setClientArchived(tx, id, true))).toBeNull();
    expect(await as(admin, (tx) => getClient(tx, id))).toMatchObject({ name: "Guarded", archivedAt: null });
  });
});

describe("projects", () => {
  it("take the client's rate and currency unless they set their own; names and codes are unique among live projects", async () => {
    const clientId = await created(as(admin, (tx) => createClient(tx, client("Initech", { currency: "GBP", hourlyRateMinor: 9_000 }))));
    const id = await created(as(admin, (tx) => createProject(tx, project("Cloud", { clientId, code: "INI-1", budgetMinutes: 24_000 }))));
    expect(await as(employee, (tx) => getProject(tx, id))).toMatchObject({
      clientName: "Initech",
      effectiveRateMinor: 9_000,
      currency: "GBP",
      budgetMinutes: 24_000,
      code: "INI-1",
    });
    expect(await as(admin, (tx) => createProject(tx, project("cloud")))).toMatchObject({ ok: false, field: "name" });
    expect(await as(admin, (tx) => createProject(tx, project("Other", { code: "ini-1" })))).toMatchObject({ ok: false, field: "code" });

    expect(
      await as(admin, (tx) => updateProject(tx, id, { ...project("Cloud migration", { clientId, hourlyRateMinor: 11_000 }) })),
    ).toEqual({ ok: true, id });
    expect(await as(admin, (tx) => getProject(tx, id))).toMatchObject({ name: "Cloud migration", effectiveRateMinor: 11_000, code: null });
  });

  it("without a client bill in the company's currency", async () => {
    const id = await created(as(admin, (tx) => createProject(tx, project("Internal", { billable: false }))));
    expect(await as(admin, (tx) => getProject(tx, id))).toMatchObject({
      clientId: null,
      clientName: null,
      currency: "EUR",
      effectiveRateMinor: null,
    });
  });

  it("refuse another company's client (null) and an archived one (a field error)", async () => {
    const foreign = await created(as(outsider, (tx) => createClient(tx, client("Theirs"))));
    expect(await as(admin, (tx) => createProject(tx, project("Poach", { clientId: foreign })))).toBeNull();
    const gone = await created(as(admin, (tx) => createClient(tx, client("Gone"))));
    await as(admin, (tx) => setClientArchived(tx, gone, true));
    expect(await as(admin, (tx) => createProject(tx, project("For gone", { clientId: gone })))).toMatchObject({
      ok: false,
      field: "clientId",
    });
  });

  it("archive and restore; the archived list is separate and paged", async () => {
    const id = await created(as(admin, (tx) => createProject(tx, project("Short-lived"))));
    expect(await as(admin, (tx) => setProjectArchived(tx, id, true))).toEqual({ ok: true, id });
    const archived = await as(admin, (tx) => listProjects(tx, { archived: true }));
    expect(archived.projects.map((p) => p.id)).toContain(id);
    expect((await as(admin, (tx) => listProjects(tx))).projects.map((p) => p.id)).not.toContain(id);
    expect(await as(admin, (tx) => setProjectArchived(tx, id, false))).toEqual({ ok: true, id });
    expect(await as(employee, (tx) => setProjectArchived(tx, id, true))).toBeNull();
  });

  it("list by client, projects without a client last, 50 to a page", async () => {
    const company = await createCompany(db, "Many projects");
    const owner = await createMember(db, company, "owner");
    const zed = await created(as(owner, (tx) => createClient(tx, client("Zed"))));
    const acme = await created(as(owner, (tx) => createClient(tx, client("Acme"))));
    for (let n = 0; n < projectsPageSize; n++) {
      await as(owner, (tx) => createProject(tx, project(`P${String(n).padStart(2, "0")}`, { clientId: n % 2 ? zed : acme })));
    }
    await as(owner, (tx) => createProject(tx, project("No client")));
    const first = await as(owner, (tx) => listProjects(tx, { page: 1 }));
    const second = await as(owner, (tx) => listProjects(tx, { page: 2 }));
    expect(first.total).toBe(projectsPageSize + 1);
    expect(first.projects).toHaveLength(projectsPageSize);
    expect(first.projects[0]).toMatchObject({ clientName: "Acme", name: "P00" });
    expect(first.projects.at(-1)).toMatchObject({ clientName: "Zed", name: "P49" });
    expect(second.projects).toEqual([expect.objectContaining({ name: "No client", clientName: null })]);
  });

  it("can't be written by an employee", async () => {
    await expect(as(employee, (tx) => createProject(tx, project("Employee's project")))).rejects.toMatchObject({ code: "42501" });
    const id = await created(as(admin, (tx) => createProject(tx, project("Guarded project"))));
    expect(await as(employee, (tx) => updateProject(tx, id, project("Taken")))).toBeNull();
    expect(await as(employee, (tx) => setProjectAccess(tx, id, "assigned"))).toBe(false);
    expect(await as(admin, (tx) => getProject(tx, id))).toMatchObject({ name: "Guarded project", access: "everyone" });
  });
});

describe("tasks", () => {
  it("are added, renamed, made non-billable and archived within their project only", async () => {
    const projectId = await created(as(admin, (tx) => createProject(tx, project("With tasks"))));
    const otherProject = await created(as(admin, (tx) => createProject(tx, project("Other tasks"))));
    const design = await created(as(admin, (tx) => createTask(tx, projectId, { name: "Design", billable: true })));
    expect(await as(admin, (tx) => createTask(tx, projectId, { name: "design", billable: true }))).toMatchObject({
      ok: false,
      field: "name",
    });
    await created(as(admin, (tx) => createTask(tx, otherProject, { name: "Design", billable: true })));

    expect(await as(admin, (tx) => renameTask(tx, projectId, design, "Visual design"))).toEqual({ ok: true, id: design });
    expect(await as(admin, (tx) => setTaskBillable(tx, projectId, design, false))).toEqual({ ok: true, id: design });
    // The task belongs to projectId: through another project it is unknown.
    expect(await as(admin, (tx) => setTaskArchived(tx, otherProject, design, true))).toBeNull();
    expect(await as(admin, (tx) => setTaskArchived(tx, projectId, design, true))).toEqual({ ok: true, id: design });
    expect(await as(employee, (tx) => listTasks(tx, projectId))).toEqual([
      { id: design, name: "Visual design", billable: false, archivedAt: expect.any(Date) },
    ]);
  });

  it("can't be written by an employee or for another company's project", async () => {
    const projectId = await created(as(admin, (tx) => createProject(tx, project("Task guard"))));
    await expect(as(employee, (tx) => createTask(tx, projectId, { name: "Sneaky", billable: true }))).rejects.toMatchObject({
      code: "42501",
    });
    const task = await created(as(admin, (tx) => createTask(tx, projectId, { name: "Real", billable: true })));
    expect(await as(employee, (tx) => renameTask(tx, projectId, task, "Renamed"))).toBeNull();
    expect(await as(outsider, (tx) => createTask(tx, projectId, { name: "Foreign", billable: true }))).toBeNull();
    expect(await as(admin, (tx) => listTasks(tx, projectId))).toEqual([expect.objectContaining({ name: "Real" })]);
  });
});

describe("who may log time on a project", () => {
  const mayLog = (project: string, person: TenantContext) =>
    as(person, (tx) => tx.query<{ may: boolean }>(sql`select app_may_log_on(${project}, ${person.userId}) as may`)).then((r) => r[0]!.may);

  it("is everyone, or only the people and live teams assigned", async () => {
    const id = await created(as(admin, (tx) => createProject(tx, project("Assigned only"))));
    const teamMate = await createMember(db, admin.companyId, "employee");
    expect(await mayLog(id, employee)).toBe(true);
    expect(await as(admin, (tx) => setProjectAccess(tx, id, "assigned"))).toBe(true);
    expect(await mayLog(id, employee)).toBe(false);

    expect(await as(admin, (tx) => assign(tx, id, "member", employee.userId))).toBe(true);
    expect(await as(admin, (tx) => assign(tx, id, "member", employee.userId))).toBe(true);
    const team = await created(as(admin, (tx) => createTeam(tx, "Assigned team")));
    await as(admin, (tx) => putTeamMember(tx, team, teamMate.userId, false));
    expect(await as(admin, (tx) => assign(tx, id, "team", team))).toBe(true);
    expect(await mayLog(id, employee)).toBe(true);
    expect(await mayLog(id, teamMate)).toBe(true);
    expect(await as(admin, (tx) => getAssignments(tx, id))).toEqual({
      members: [expect.objectContaining({ userId: employee.userId })],
      teams: [{ teamId: team, name: "Assigned team", memberCount: 1 }],
    });
    const assignable = await as(admin, (tx) => listAssignable(tx, id));
    expect(assignable.members.map((m) => m.userId)).not.toContain(employee.userId);
    expect(assignable.teams.map((t) => t.teamId)).not.toContain(team);

    expect(await as(admin, (tx) => unassign(tx, id, "member", employee.userId))).toBe(true);
    expect(await as(admin, (tx) => unassign(tx, id, "team", team))).toBe(true);
    expect(await mayLog(id, employee)).toBe(false);
    expect(await mayLog(id, teamMate)).toBe(false);
  });

  it("takes only this company's active members and live teams", async () => {
    const id = await created(as(admin, (tx) => createProject(tx, project("Picky"))));
    expect(await as(admin, (tx) => assign(tx, id, "member", outsider.userId))).toBe(false);
    const archivedTeam = await created(as(admin, (tx) => createTeam(tx, "Old team")));
    await as(admin, (tx) => setTeamArchived(tx, archivedTeam, true));
    expect(await as(admin, (tx) => assign(tx, id, "team", archivedTeam))).toBe(false);
    const foreignTeam = await created(as(outsider, (tx) => createTeam(tx, "Their team")));
    expect(await as(admin, (tx) => assign(tx, id, "team", foreignTeam))).toBe(false);
    expect(await as(outsider, (tx) => assign(tx, id, "member", outsider.userId))).toBe(false);
  });

  it("is changed only by admins", async () => {
    const id = await created(as(admin, (tx) => createProject(tx, project("Admin-assigned", { access: "assigned" }))));
    await expect(as(employee, (tx) => assign(tx, id, "member", employee.userId))).rejects.toMatchObject({ code: "42501" });
    await as(admin, (tx) => assign(tx, id, "member", employee.userId));
    expect(await as(employee, (tx) => unassign(tx, id, "member", employee.userId))).toBe(false);
    expect((await as(admin, (tx) => getAssignments(tx, id))).members).toHaveLength(1);
  });
});
