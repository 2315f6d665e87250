import { can, type Permission } from "../permissions";
import type { MemberRole } from "../../../db/tenant";

/**
 * What a personal access token may be allowed to do, named for programs rather than
 * for roles. Each scope lets a token use some permissions of app/kernel/permissions.ts,
 * and each permission belongs to at most one scope, so a refusal can name the scope
 * that is missing. Permissions in no scope (billing, ownership transfer, company
 * settings, failed jobs) stay with the pages: a leaked token must not cancel the
 * subscription or hand the company to someone else.
 *
 * The database checks the same list (0020_api_tokens.sql); scopes.test.ts holds the two together.
 */
export const scopePermissions = {
  "company:read": ["company:view"],
  "members:read": ["member:view"],
  "members:write": ["member:manage", "invitation:manage"],
  "teams:read": ["team:view"],
  "teams:write": ["team:manage"],
  "projects:read": ["project:view"],
  "projects:write": ["project:manage"],
  "time:read": ["time:view", "time:view-all"],
  "time:write": ["time:log", "time:log-for-others", "time:lock", "timesheet:reopen"],
  "timesheets:approve": ["timesheet:approve"],
  "reports:read": ["report:view", "dashboard:company"],
  "reports:write": ["report:schedule", "report:manage-shared"],
  "invoices:read": ["invoice:view"],
  "invoices:write": ["invoice:manage"],
  "audit:read": ["audit:read", "audit:export"],
  "notifications:read": ["notification:view"],
  "api-tokens:manage": ["api-token:manage"],
  "webhooks:manage": ["webhook:manage"],
} as const satisfies Record<string, readonly Permission[]>;

export type Scope = keyof typeof scopePermissions;

export const apiScopes = Object.keys(scopePermissions) as [Scope, ...Scope[]];

export const scopeDescriptions: Record<Scope, string> = {
  "company:read": "read the company's name and settings",
  "members:read": "list members",
  "members:write": "change members and invitations",
  "teams:read": "list teams and who is in them",
  "teams:write": "create, rename, archive and restore teams and change who is in them",
  "projects:read": "read clients, projects and tasks",
  "projects:write": "change clients, projects and tasks",
  "time:read": "read time entries, timers and timesheets: the person's own, and others' the role may see",
  "time:write": "log time and submit weeks",
  "timesheets:approve": "approve and send back timesheets",
  "reports:read": "run reports",
  "reports:write": "schedule and manage shared reports",
  "invoices:read": "read invoices",
  "invoices:write": "build, issue and credit invoices",
  "audit:read": "read and export the audit log",
  "notifications:read": "read notifications",
  "api-tokens:manage": "see and revoke the company's API tokens",
  "webhooks:manage": "register and manage webhook endpoints and read their delivery log",
};

/** The scope a token needs for a permission; undefined when no token may use it. */
export function scopeFor(permission: Permission): Scope | undefined {
  return apiScopes.find((scope) => (scopePermissions[scope] as readonly Permission[]).includes(permission));
}

/** What a token may do: the lesser of its scopes and its person's current role. */
export function tokenMay(token: { role: MemberRole; scopes: readonly string[] }, permission: Permission): boolean {
  const scope = scopeFor(permission);
  return scope !== undefined && token.scopes.includes(scope) && can(token.role, permission);
}
