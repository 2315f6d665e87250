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
}

export const tenantTables: TenantTableCase[] = [
  { table: "memberships", row: async (db) => ({ user_id: await createUser(db), role: "employee" }), update: ["role", "manager"] },
  { table: "projects", row: async () => ({ name: `Project ${Math.random()}` }), update: ["name", "Renamed"] },
];
