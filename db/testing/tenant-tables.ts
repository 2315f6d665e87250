import { randomBytes } from "node:crypto";
import { identifier, sql } from "../sql";
import type { Database } from "../types";
import { createUser } from "./fixtures";

/**
 * Every tenant-owned table, with how to make a valid row for a company and a
 * column whose update proves write access. The isolation suite runs each entry
 * on both backends; the catalog test fails if a table with company_id is missing
 * here. A new tenant table joins with one line.
 */
export interface TenantTableCase {
  table: string;
  /** Column values besides company_id; may create global rows (users) it needs. */
  row: (db: Database) => Promise<Record<string, unknown>>;
  /** A column and a new value for the update checks. */
  update: [column: string, value: unknown];
  /**
   * Statements hourbook_app holds no privilege for on this table (the outbox is
   * insert-only): the suite expects them refused outright rather than finding nothing.
   */
  refused?: ("select" | "update" | "delete")[];
}

/** The acting member, for tables whose rows belong to a person (notifications). */
const actingUser = sql`app_user_id()`;
/** A row of the acting company's, for tables that hang off another (team members). */
const firstOf = (
  table:
    | "teams" | "invitations" | "projects" | "clients" | "timesheets" | "time_entries" | "invoices" | "invoice_lines"
    | "saved_reports" | "report_schedules" | "api_tokens" | "webhook_endpoints" | "webhook_events" | "webhook_deliveries",
) =>
  sql`(select id from ${identifier(table)} where company_id = app_company_id() order by created_at limit 1)`;

export const tenantTables: TenantTableCase[] = [
  { table: "memberships", row: async (db) => ({ user_id: await createUser(db), role: "employee" }), update: ["role", "manager"] },
  { table: "projects", row: async () => ({ name: `Project ${Math.random()}` }), update: ["name", "Renamed"] },
  { table: "teams", row: async () => ({ name: `Team ${Math.random()}` }), update: ["name", "Renamed team"] },
  { table: "team_members", row: async () => ({ team_id: firstOf("teams"), user_id: actingUser }), update: ["is_manager", true] },
  {
    table: "invitations",
    row: async () => ({ email: `${Math.random()}@invited.example`, role: "employee", token_hash: `${Math.random()}`, expires_at: sql`now() + interval '1 day'` }),
    update: ["revoked_at", "2025-01-01T00:00:00Z"],
    refused: ["delete"],
  },
  {
    table: "invitation_teams",
    row: async () => ({ invitation_id: firstOf("invitations"), team_id: firstOf("teams") }),
    update: ["team_id", "00000000-0000-0000-0000-000000000000"],
    refused: ["update"],
  },
  { table: "outbox", row: async () => ({ job: "send-email", payload: {} }), update: ["job", "changed"], refused: ["select", "update", "delete"] },
  { table: "notifications", row: async () => ({ user_id: actingUser, kind: "timesheet-approved", title: "Approved" }), update: ["read_at", "2025-01-01T00:00:00Z"] },
  {
    table: "audit_entries",
    row: async () => ({ action: "test.create", entity_type: "test", entity_id: `${Math.random()}` }),
    update: ["action", "test.changed"],
    refused: ["update", "delete"],
  },
  {
    table: "audit_exports",
    row: async () => ({
      requested_by: actingUser, from_date: "2025-01-01", to_date: "2025-01-31", starts_at: "2025-01-01T00:00:00Z",
      ends_at: "2025-02-01T00:00:00Z", format: "csv",
    }),
    update: ["status", "running"],
    refused: ["delete"],
  },
  { table: "notification_preferences", row: async () => ({ user_id: actingUser, kind: "timesheet-approved", email: false }), update: ["email", true] },
  { table: "clients", row: async () => ({ name: `Client ${Math.random()}`, currency: "EUR" }), update: ["name", "Renamed client"] },
  { table: "tasks", row: async () => ({ project_id: firstOf("projects"), name: `Task ${Math.random()}` }), update: ["name", "Renamed task"] },
  {
    table: "project_members",
    row: async () => ({ project_id: firstOf("projects"), user_id: actingUser }),
    update: ["user_id", "00000000-0000-0000-0000-000000000000"],
    refused: ["update"],
  },
  {
    table: "project_teams",
    row: async () => ({ project_id: firstOf("projects"), team_id: firstOf("teams") }),
    update: ["team_id", "00000000-0000-0000-0000-000000000000"],
    refused: ["update"],
  },
  {
    table: "timesheets",
    row: async () => ({ user_id: actingUser, week_start: "2025-01-06" }),
    update: ["status", "submitted"],
    refused: ["delete"],
  },
  {
    table: "time_entries",
    row: async () => ({
      user_id: actingUser, timesheet_id: firstOf("timesheets"), project_id: firstOf("projects"), work_date: "2025-01-07",
      minutes: 90, billable: true,
    }),
    update: ["minutes", 30],
  },
  { table: "timers", row: async () => ({ user_id: actingUser, project_id: firstOf("projects"), billable: true }), update: ["notes", "Changed"] },
  { table: "company_subscriptions", row: async () => ({ plan: "team" }), update: ["seats", 3], refused: ["delete"] },
  { table: "invoice_settings", row: async () => ({ legal_name: "Test Ltd" }), update: ["legal_name", "Renamed Ltd"], refused: ["delete"] },
  {
    table: "invoice_number_series",
    row: async () => ({ series: String(1000 + Math.floor(Math.random() * 9000)), last_number: 1 }),
    update: ["last_number", 2],
    refused: ["delete"],
  },
  {
    table: "invoices",
    row: async () => ({ client_id: firstOf("clients"), currency: "EUR", period_from: "2025-01-01", period_to: "2025-01-31" }),
    update: ["notes", "Changed"],
  },
  {
    table: "invoice_lines",
    row: async () => ({
      invoice_id: firstOf("invoices"), position: 0, kind: "manual", description: "Setup", quantity: 1, unit_price_minor: 100,
      amount_minor: 100, tax_rate_bp: 0, tax_minor: 0,
    }),
    update: ["description", "Changed"],
  },
  {
    table: "invoice_entries",
    row: async () => ({ invoice_id: firstOf("invoices"), line_id: firstOf("invoice_lines"), entry_id: firstOf("time_entries") }),
    update: ["billed", true],
  },
  {
    table: "reminders_sent",
    row: async () => ({ kind: "timesheet-reminder", subject_id: actingUser, period: "2025-01-06" }),
    update: ["period", "2025-01-13"],
    refused: ["update", "delete"],
  },
  {
    table: "saved_reports",
    row: async () => ({ owner_id: actingUser, name: `Report ${Math.random()}`, kind: "summary", definition: {} }),
    update: ["name", "Renamed report"],
  },
  {
    table: "report_schedules",
    row: async () => ({
      report_id: firstOf("saved_reports"), created_by: actingUser, frequency: "weekly", weekday: 1, hour: 8, recipient_ids: sql`array[app_user_id()]`,
    }),
    update: ["hour", 9],
  },
  {
    table: "report_schedule_runs",
    row: async () => ({ schedule_id: firstOf("report_schedules"), period_from: `${2000 + Math.floor(Math.random() * 900)}-01-01`, period_to: "2999-01-07" }),
    update: ["period_to", "2999-01-08"],
    refused: ["update", "delete"],
  },
  {
    table: "api_tokens",
    row: async () => ({
      user_id: actingUser, name: `Token ${Math.random()}`, scopes: sql`array['teams:read']`,
      token_hash: randomBytes(32).toString("hex"), display_prefix: "hb_pat_abcde",
    }),
    update: ["revoked_at", "2025-01-01T00:00:00Z"],
    refused: ["delete"],
  },
  {
    table: "api_idempotency_keys",
    row: async () => ({ token_id: firstOf("api_tokens"), key: `key-${Math.random()}`, request_hash: randomBytes(32).toString("hex") }),
    update: ["body", "{}"],
  },
  {
    table: "webhook_endpoints",
    row: async () => ({ url: "https://hooks.example/in", event_types: sql`array['time_entry.created']`, secret_sealed: "v1.sealed" }),
    update: ["description", "Changed"],
  },
  {
    table: "webhook_events",
    row: async () => ({ id: sql`gen_random_uuid()`, type: "time_entry.created", payload: {} }),
    update: ["type", "time_entry.updated"],
    refused: ["update"],
  },
  {
    table: "webhook_deliveries",
    row: async () => ({
      endpoint_id: firstOf("webhook_endpoints"), event_id: sql`(select id from webhook_events where company_id = app_company_id() order by seq desc limit 1)`,
      event_seq: 1,
    }),
    update: ["attempts", 1],
  },
  {
    table: "webhook_attempts",
    row: async () => ({
      delivery_id: firstOf("webhook_deliveries"), attempt: 1, started_at: "2025-01-01T00:00:00Z", duration_ms: 5, request_headers: {},
    }),
    update: ["attempt", 2],
    refused: ["update"],
  },
];
