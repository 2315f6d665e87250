import { createPasswordHasher } from "../app/kernel/accounts/password.server";
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
  currency: string;
  clients: { name: string; currency: string; rateMinor: number | null; contact?: string }[];
  projects: DemoProject[];
  /** Who logs demo time, and on which projects (by name). */
  loggers: { email: string; projects: string[] }[];
}

interface DemoProject {
  name: string;
  client: string | null;
  code?: string;
  color?: string;
  billable: boolean;
  rateMinor: number | null;
  budgetHours?: number;
  archived?: boolean;
  tasks?: { name: string; billable?: boolean }[];
}

const deliveryTasks = [{ name: "Design" }, { name: "Development" }, { name: "Meetings", billable: false }];

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
    currency: "EUR",
    clients: [
      { name: "Northwind Traders", currency: "EUR", rateMinor: 12_000, contact: "Nancy Davolio" },
      { name: "Contoso", currency: "EUR", rateMinor: 9_500 },
    ],
    projects: [
      { name: "Website relaunch", client: "Northwind Traders", code: "NW-WEB", color: "#2563eb", billable: true, rateMinor: null, budgetHours: 400, tasks: deliveryTasks },
      { name: "Mobile app", client: "Northwind Traders", code: "NW-APP", color: "#7c3aed", billable: true, rateMinor: 13_500, budgetHours: 120, tasks: deliveryTasks },
      { name: "Brand guidelines", client: "Contoso", code: "CO-BRAND", color: "#db2777", billable: true, rateMinor: null, tasks: [{ name: "Design" }] },
      { name: "Internal tooling", client: null, color: "#059669", billable: false, rateMinor: null },
      { name: "2025 pitch deck", client: "Contoso", billable: true, rateMinor: 9_500, archived: true },
    ],
    loggers: [
      { email: "employee@acme.example", projects: ["Website relaunch", "Mobile app", "Internal tooling"] },
      { email: "manager@acme.example", projects: ["Brand guidelines", "Website relaunch"] },
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
    currency: "USD",
    clients: [
      { name: "Initech", currency: "USD", rateMinor: 15_000 },
      { name: "Umbrella Corp", currency: "USD", rateMinor: 17_500 },
    ],
    projects: [
      { name: "Cloud migration", client: "Initech", code: "INI-CLOUD", billable: true, rateMinor: null, tasks: deliveryTasks },
      { name: "Security audit", client: "Umbrella Corp", code: "UMB-SEC", billable: true, rateMinor: null },
      { name: "Training", client: null, billable: false, rateMinor: null },
    ],
    loggers: [{ email: "employee@globex.example", projects: ["Cloud migration", "Security audit"] }],
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
    insert into companies (name, slug, timezone, week_start, currency)
    values (${company.name}, ${company.slug}, ${company.timezone}, ${company.weekStart}, ${company.currency})
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
  const clientIds = new Map<string, string>();
  for (const client of company.clients) {
    const [created] = await tx.query<{ id: string }>(sql`
      insert into clients (company_id, name, contact_name, currency, hourly_rate_minor)
      values (${row.id}, ${client.name}, ${client.contact ?? null}, ${client.currency}, ${client.rateMinor})
      returning id`);
    clientIds.set(client.name, created!.id);
  }
  const projectIds = new Map<string, { id: string; taskIds: string[] }>();
  for (const project of company.projects) {
    const [created] = await tx.query<{ id: string }>(sql`
      insert into projects (company_id, name, client_id, code, color, billable, hourly_rate_minor, budget_minutes, archived_at)
      values (${row.id}, ${project.name}, ${project.client ? clientIds.get(project.client)! : null}, ${project.code ?? null},
              ${project.color ?? "#4f46e5"}, ${project.billable}, ${project.rateMinor},
              ${project.budgetHours ? project.budgetHours * 60 : null}, ${project.archived ? sql`now()` : null})
      returning id`);
    const taskIds: string[] = [];
    for (const task of project.tasks ?? []) {
      const [createdTask] = await tx.query<{ id: string }>(sql`
        insert into tasks (company_id, project_id, name, billable)
        values (${row.id}, ${created!.id}, ${task.name}, ${task.billable ?? true}) returning id`);
      taskIds.push(createdTask!.id);
    }
    projectIds.set(project.name, { id: created!.id, taskIds });
  }
  const owner = company.people.find((person) => person.role === "owner")!;
  await seedTime(tx, row.id, userIds.get(owner.email)!, company, userIds, projectIds);
  // One report everyone can open and owners, admins and finance can schedule.
  await tx.query(sql`
    insert into saved_reports (company_id, owner_id, name, kind, definition, shared)
    values (${row.id}, ${userIds.get(owner.email)!}, 'Hours by project, last week', 'summary',
            ${{ range: "last-week", values: { groupBy: "project" } }}, true)`);
}

/**
 * Five weeks of time for each demo logger, relative to today in the company's zone:
 * four approved weeks, last week submitted and waiting, this week in progress. The
 * statuses move through the same trigger as in the app, acting as the owner, so the
 * approved weeks carry frozen rates.
 */
async function seedTime(
  tx: OwnerTransaction,
  companyId: string,
  ownerId: string,
  company: DemoCompany,
  userIds: Map<string, string>,
  projectIds: Map<string, { id: string; taskIds: string[] }>,
): Promise<void> {
  await tx.query(sql`
    select set_config('app.company_id', ${companyId}, true), set_config('app.user_id', ${ownerId}, true),
           set_config('app.role', 'owner', true)`);
  const [calendar] = await tx.query<{ thisWeek: string; today: string }>(sql`
    select week_start_of((now() at time zone timezone)::date, week_start) as "thisWeek",
           (now() at time zone timezone)::date as today
      from companies where id = ${companyId}`);
  for (const [index, logger] of company.loggers.entries()) {
    const userId = userIds.get(logger.email)!;
    for (let weeksAgo = 5; weeksAgo >= 0; weeksAgo--) {
      const [sheet] = await tx.query<{ id: string; weekStart: string }>(sql`
        insert into timesheets (company_id, user_id, week_start)
        values (${companyId}, ${userId}, ${calendar!.thisWeek}::date - ${weeksAgo * 7}::int)
        returning id, week_start as "weekStart"`);
      // Working days of the week: the five after the week's start, skipping the ISO weekend.
      await tx.query(sql`
        insert into time_entries (company_id, user_id, timesheet_id, project_id, task_id, work_date, minutes, notes, billable)
        select ${companyId}, ${userId}, ${sheet!.id}, plan.project_id, plan.task_id, d::date,
               plan.minutes, plan.notes, plan.billable
          from generate_series(${sheet!.weekStart}::date, ${sheet!.weekStart}::date + 6, interval '1 day') d
          cross join lateral (
            select ${dayPlan(logger.projects, projectIds, company, index)}::jsonb as plan_json
          ) p
          cross join lateral jsonb_to_recordset(p.plan_json) as plan(project_id uuid, task_id uuid, minutes int, notes text, billable boolean)
         where extract(isodow from d) < 6 and d::date <= ${calendar!.today}`);
      if (weeksAgo === 0) continue;
      await tx.query(sql`update timesheets set status = 'submitted' where company_id = ${companyId} and id = ${sheet!.id}`);
      if (weeksAgo > 1) {
        await tx.query(sql`update timesheets set status = 'approved' where company_id = ${companyId} and id = ${sheet!.id}`);
      }
    }
  }
}

/** A day's entries for a logger: 8 hours spread over their projects, the first task of each. */
function dayPlan(
  projectNames: string[],
  projectIds: Map<string, { id: string; taskIds: string[] }>,
  company: DemoCompany,
  seed: number,
) {
  const splits = [[300, 120, 60], [240, 240], [480]][seed % 3]!;
  return projectNames.slice(0, splits.length).map((name, index) => {
    const project = projectIds.get(name)!;
    const definition = company.projects.find((candidate) => candidate.name === name)!;
    return {
      project_id: project.id,
      task_id: project.taskIds[index % Math.max(1, project.taskIds.length)] ?? null,
      minutes: splits[index] ?? 60,
      notes: index === 0 ? `Worked on ${name.toLowerCase()}` : null,
      billable: definition.billable,
    };
  });
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
