import { createPasswordHasher } from "../app/auth/password.server";
import { sql } from "./sql";
import type { MemberRole } from "./tenant";
import type { Database, OwnerTransaction } from "./types";

interface DemoPerson {
  name: string;
  email: string;
  role: MemberRole;
}

/** Every demo person signs in with this password (the README says so). */
export const demoPassword = "hourbook-demo";

interface DemoTeam {
  name: string;
  managers: string[];
  members: string[];
}

interface DemoCompany {
  name: string;
  slug: string;
  timezone: string;
  weekStart: number;
  people: DemoPerson[];
  teams: DemoTeam[];
  projects: { name: string; client: string | null; billable: boolean; rateMinor: number | null; archived?: boolean }[];
}

/** The demo companies; the README lists these people. */
export const demoCompanies: DemoCompany[] = [
  {
    name: "Acme Studio",
    slug: "acme",
    timezone: "Europe/Berlin",
    weekStart: 1,
    people: [
      { name: "Ada Owner", email: "owner@acme.example", role: "owner" },
      { name: "Alan Admin", email: "admin@acme.example", role: "admin" },
      { name: "Grace Manager", email: "manager@acme.example", role: "manager" },
      { name: "Frances Finance", email: "finance@acme.example", role: "finance" },
      { name: "Edsger Employee", email: "employee@acme.example", role: "employee" },
    ],
    teams: [
      { name: "Studio", managers: ["manager@acme.example"], members: ["employee@acme.example"] },
      { name: "Operations", managers: ["admin@acme.example"], members: ["finance@acme.example"] },
    ],
    projects: [
      { name: "Website relaunch", client: "Northwind Traders", billable: true, rateMinor: 12_000 },
      { name: "Mobile app", client: "Northwind Traders", billable: true, rateMinor: 13_500 },
      { name: "Brand guidelines", client: "Contoso", billable: true, rateMinor: 9_500 },
      { name: "Internal tooling", client: null, billable: false, rateMinor: null },
      { name: "2025 pitch deck", client: "Contoso", billable: true, rateMinor: 9_500, archived: true },
    ],
  },
  {
    name: "Globex Consulting",
    slug: "globex",
    timezone: "America/New_York",
    weekStart: 7,
    people: [
      { name: "Hank Owner", email: "owner@globex.example", role: "owner" },
      { name: "Irene Admin", email: "admin@globex.example", role: "admin" },
      { name: "Jorge Manager", email: "manager@globex.example", role: "manager" },
      { name: "Kim Finance", email: "finance@globex.example", role: "finance" },
      { name: "Lena Employee", email: "employee@globex.example", role: "employee" },
      // One person in both companies, as an outside accountant would be.
      { name: "Frances Finance", email: "finance@acme.example", role: "finance" },
    ],
    teams: [{ name: "Delivery", managers: ["manager@globex.example"], members: ["employee@globex.example"] }],
    projects: [
      { name: "Cloud migration", client: "Initech", billable: true, rateMinor: 15_000 },
      { name: "Security audit", client: "Umbrella Corp", billable: true, rateMinor: 17_500 },
      { name: "Training", client: null, billable: false, rateMinor: null },
    ],
  },
];

async function upsertUser(tx: OwnerTransaction, person: DemoPerson, passwordHash: string): Promise<string> {
  const [user] = await tx.query<{ id: string }>(sql`
    insert into users (email, name, password_hash) values (${person.email}, ${person.name}, ${passwordHash})
    on conflict (lower(email)) do update set name = excluded.name
    returning id`);
  if (!user) throw new Error(`seed: could not create ${person.email}`);
  return user.id;
}

async function seedCompany(tx: OwnerTransaction, company: DemoCompany, passwordHash: string): Promise<void> {
  const [row] = await tx.query<{ id: string }>(sql`
    insert into companies (name, slug, timezone, week_start)
    values (${company.name}, ${company.slug}, ${company.timezone}, ${company.weekStart})
    returning id`);
  if (!row) throw new Error(`seed: could not create ${company.slug}`);
  const userIds = new Map<string, string>();
  for (const person of company.people) {
    const userId = await upsertUser(tx, person, passwordHash);
    userIds.set(person.email, userId);
    await tx.query(sql`
      insert into memberships (company_id, user_id, role)
      values (${row.id}, ${userId}, ${person.role})`);
  }
  for (const team of company.teams) {
    const [created] = await tx.query<{ id: string }>(
      sql`insert into teams (company_id, name) values (${row.id}, ${team.name}) returning id`,
    );
    const people = [...team.managers.map((email) => ({ email, isManager: true })), ...team.members.map((email) => ({ email, isManager: false }))];
    for (const person of people) {
      await tx.query(sql`
        insert into team_members (company_id, team_id, user_id, is_manager)
        values (${row.id}, ${created!.id}, ${userIds.get(person.email)!}, ${person.isManager})`);
    }
  }
  for (const project of company.projects) {
    await tx.query(sql`
      insert into projects (company_id, name, client_name, billable, hourly_rate_minor, archived_at)
      values (${row.id}, ${project.name}, ${project.client}, ${project.billable}, ${project.rateMinor},
              ${project.archived ? sql`now()` : null})`);
  }
}

/**
 * Fill an empty database with the demo companies. Runs as the owner connection (a
 * development superuser), in one transaction: either all demo data or none.
 * Returns false, changing nothing, when any company already exists.
 */
export async function seedDemoData(db: Database): Promise<boolean> {
  const [existing] = await db.query<{ count: number }>(sql`select count(*)::int as count from companies`);
  if (existing && existing.count > 0) return false;
  // One hash for everyone: the same demo password, hashed once (~0.4 s) rather than per person.
  const passwordHash = await createPasswordHasher().hash(demoPassword);
  return db.transaction(async (tx) => {
    const [again] = await tx.query<{ count: number }>(sql`select count(*)::int as count from companies`);
    if (again && again.count > 0) return false;
    for (const company of demoCompanies) await seedCompany(tx, company, passwordHash);
    return true;
  });
}
