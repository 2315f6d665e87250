import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../../db/sql";
import type { TenantContext } from "../../../db/tenant";
import { createTestDatabase, type TestDatabase } from "../../../db/testing/test-database";
import {
  addToTeam,
  assignToProject,
  createClient,
  createEntry,
  createProject,
  createTask,
  createTeam,
} from "../../../db/testing/time-fixtures";
import type { Scope } from "~/kernel/api-tokens/scopes";
import { apiClient, companyWith, problemOf, tokenFor } from "~/testing/api-harness";
import { createBilledTestApp } from "~/testing/stripe-stand-in";

/**
 * Search over the API finds what each role may see and nothing else: an employee
 * their own notes and the projects they may log to, a manager their teams' notes,
 * owners everything of their company, nobody another company's rows.
 */
let db: TestDatabase;
let billed: Awaited<ReturnType<typeof createBilledTestApp>>;
let context: AppLoadContext;

type People = Record<"owner" | "finance" | "manager" | "otherManager" | "ada" | "bo" | "cy", TenantContext>;
let people: People;
const ids: Record<string, string> = {};
let outsider: TenantContext;

interface Hit {
  kind: string;
  id: string;
  title: string;
  detail: string | null;
  snippet: string | null;
  date: string | null;
  archived: boolean;
  rank: number;
}
interface Results {
  data: Hit[];
  kinds: string[];
}

async function named(person: TenantContext, name: string) {
  await db.query(sql`update users set name = ${name} where id = ${person.userId}`);
}

async function entry(person: TenantContext, projectId: string, notes: string, day = "2026-11-17"): Promise<string> {
  const { id } = await createEntry(db, { companyId: person.companyId, userId: person.userId, projectId, day, minutes: 30 });
  await db.query(sql`update time_entries set notes = ${notes} where id = ${id}`);
  return id;
}

beforeAll(async () => {
  db = await createTestDatabase();
  billed = await createBilledTestApp(db);
  context = billed.context;

  const company = await companyWith(db, {
    owner: "owner",
    finance: "finance",
    manager: "manager",
    otherManager: "manager",
    ada: "employee",
    bo: "employee",
    cy: "employee",
  });
  people = company.people;
  const companyId = company.companyId;
  await named(people.ada, "Zoë Ünal");
  await named(people.bo, "Bo Lindqvist");

  // The manager manages Ada's team; the other manager Bo's.
  const adaTeam = await createTeam(db, companyId);
  await addToTeam(db, companyId, adaTeam, people.manager.userId, { manager: true });
  await addToTeam(db, companyId, adaTeam, people.ada.userId);
  const boTeam = await createTeam(db, companyId);
  await addToTeam(db, companyId, boTeam, people.otherManager.userId, { manager: true });
  await addToTeam(db, companyId, boTeam, people.bo.userId);

  // Orchard is open to everyone; Quarry, with the client Nimbus, only to Bo.
  ids.nimbus = await createClient(db, companyId, { name: "Nimbus Logistik" });
  ids.orchard = await createProject(db, companyId, { name: "Orchard website" });
  ids.quarry = await createProject(db, companyId, { name: "Quarry audit", clientId: ids.nimbus, access: "assigned" });
  await assignToProject(db, companyId, ids.quarry, { userId: people.bo.userId });
  ids.planning = await createTask(db, companyId, ids.orchard, { name: "Planning" });
  ids.prototype = await createTask(db, companyId, ids.quarry, { name: "Prototype" });

  ids.adaNote = await entry(people.ada, ids.orchard, "Kestrel wireframes for the landing page");
  ids.boNote = await entry(people.bo, ids.quarry, "Kestrel budget review with Nimbus");
  ids.ownerNote = await entry(people.owner, ids.orchard, "Kestrel kickoff, then a long talk about the budget review and the kestrel logo");

  // Another company with the same words everywhere.
  const other = await companyWith(db, { owner: "owner" });
  outsider = other.people.owner;
  await named(outsider, "Zoë Ünal");
  ids.foreignProject = await createProject(db, other.companyId, { name: "Orchard website" });
  ids.foreignNote = await entry(outsider, ids.foreignProject, "Kestrel wireframes for the landing page");
});
afterAll(async () => {
  await billed.close();
  await db.close();
});

async function searchAs(person: TenantContext, query: string, scopes?: readonly Scope[]): Promise<Results> {
  const { token } = await tokenFor(context, person, scopes);
  const response = await apiClient(context, token)("GET", `/api/v1/search?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Results;
}

const found = (results: Results) => results.data.map((hit) => `${hit.kind} ${hit.id}`).sort();
const as = (kind: string, ...names: string[]) => names.map((name) => `${kind} ${ids[name]}`);

describe("search over the API", () => {
  it("finds an employee's own notes and the projects they may log to, never a colleague's notes or a project closed to them", async () => {
    const ada = await searchAs(people.ada, "q=kestrel");
    expect(found(ada)).toEqual(as("entry", "adaNote"));
    expect(ada.kinds).toEqual(["project", "client", "task", "entry"]);
    for (const closed of ["quarry", "nimbus", "prototype", "budget review"]) {
      expect((await searchAs(people.ada, `q=${encodeURIComponent(closed)}`)).data).toEqual([]);
    }
    expect(found(await searchAs(people.ada, "q=orchard"))).toEqual(as("project", "orchard"));
    expect(found(await searchAs(people.ada, "q=planning"))).toEqual(as("task", "planning"));

    // Bo is assigned to Quarry: its client and task come with it.
    expect(found(await searchAs(people.bo, "q=quarry"))).toEqual(as("project", "quarry"));
    expect(found(await searchAs(people.bo, "q=nimbus"))).toEqual([...as("client", "nimbus"), ...as("entry", "boNote")].sort());
    expect(found(await searchAs(people.bo, "q=prototype"))).toEqual(as("task", "prototype"));
  });

  it("finds a manager's teams' notes but not other teams', and everyone's for owners and finance", async () => {
    expect(found(await searchAs(people.manager, "q=kestrel&kinds=entry"))).toEqual(as("entry", "adaNote"));
    expect(found(await searchAs(people.otherManager, "q=kestrel&kinds=entry"))).toEqual(as("entry", "boNote"));
    for (const seesAll of [people.owner, people.finance]) {
      expect(found(await searchAs(seesAll, "q=kestrel&kinds=entry"))).toEqual(as("entry", "adaNote", "boNote", "ownerNote").sort());
    }
    // Quarry is closed to the manager; the time their team logs is not.
    expect((await searchAs(people.manager, "q=quarry&kinds=project")).data).toEqual([]);
    expect(found(await searchAs(people.owner, "q=quarry&kinds=project"))).toEqual(as("project", "quarry"));
  });

  it("never shows another company's rows, for the same words, names and projects", async () => {
    const results = await searchAs(people.owner, "q=kestrel or orchard or zoë&limit=50");
    const every = results.data.map((hit) => hit.id);
    expect(every).toEqual(expect.arrayContaining([ids.adaNote, ids.orchard, people.ada.userId]));
    expect(every).not.toContain(ids.foreignNote);
    expect(every).not.toContain(ids.foreignProject);
    expect(every).not.toContain(outsider.userId);
    const theirs = await searchAs(outsider, "q=kestrel or orchard or zoë&limit=50");
    expect(found(theirs)).toEqual([`entry ${ids.foreignNote}`, `person ${outsider.userId}`, `project ${ids.foreignProject}`].sort());
  });

  it("ranks the best match first, with a plain-text snippet of the notes and the entry's day", async () => {
    const { data } = await searchAs(people.owner, "q=kestrel&kinds=entry");
    expect(data[0]).toMatchObject({ kind: "entry", id: ids.ownerNote, title: "Orchard website", date: "2026-11-17", archived: false });
    expect(data.map((hit) => hit.rank)).toEqual([...data.map((hit) => hit.rank)].sort((a, b) => b - a));
    expect(data[0]!.rank).toBeGreaterThan(data.at(-1)!.rank);
    for (const hit of data) expect(hit.snippet?.toLowerCase()).toContain("kestrel");
    expect(data.map((hit) => hit.snippet).join(" ")).not.toMatch(/<b>|<\/b>/);

    const phrase = await searchAs(people.owner, `q=${encodeURIComponent('"budget review" -logo')}&kinds=entry`);
    expect(found(phrase)).toEqual(as("entry", "boNote"));
  });

  it("matches names in any language, ignoring case, and the last word as the start of a word", async () => {
    for (const query of ["zoë", "ZOË ÜNAL", "ünal", "zo", "Zoë Ün"]) {
      const { data } = await searchAs(people.owner, `q=${encodeURIComponent(query)}&kinds=person`);
      expect({ query, found: data.map((hit) => hit.id) }).toEqual({ query, found: [people.ada.userId] });
    }
    expect((await searchAs(people.owner, `q=${encodeURIComponent("zo ")}x&kinds=person`)).data).toEqual([]);
    expect(found(await searchAs(people.owner, "q=orch&kinds=project"))).toEqual(as("project", "orchard"));
    // Only excluded words would match nearly everything: they find nothing.
    expect((await searchAs(people.owner, "q=-kestrel")).data).toEqual([]);
  });

  it("searches only the kinds the token's scopes and its person's role can read, and says which", async () => {
    const projectsOnly = await searchAs(people.owner, "q=kestrel or orchard or zoë", ["projects:read"]);
    expect(projectsOnly.kinds).toEqual(["project", "client", "task"]);
    expect(found(projectsOnly)).toEqual(as("project", "orchard"));
    // Employees don't see the members list, so they find no people whatever the token.
    expect((await searchAs(people.bo, "q=zoë&kinds=person")).kinds).toEqual([]);
    expect((await searchAs(people.manager, "q=zoë&kinds=person")).data.map((hit) => hit.id)).toEqual([people.ada.userId]);
  });

  it("refuses a blank, too long or wordless query as bad input, naming the field", async () => {
    const { token } = await tokenFor(context, people.ada);
    const call = apiClient(context, token);
    const cases: Record<string, string> = {
      "/api/v1/search": "Enter what to search for",
      "/api/v1/search?q=%20%20%20": "Enter what to search for",
      [`/api/v1/search?q=${"kestrel ".repeat(63)}`]: "Search for at most 200 characters",
      "/api/v1/search?q=%21%3F%2A%22": "Enter a word or a number to search for",
    };
    for (const [path, message] of Object.entries(cases)) {
      const problem = await problemOf(await call("GET", path));
      expect(problem).toMatchObject({ status: 400, code: "invalid-input", errors: [{ field: "q", message }] });
    }
  });
});
