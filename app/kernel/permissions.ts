import type { MemberRole } from "../../db/tenant";

/**
 * Who may do what, in one place. Loaders and actions check these on the server
 * (requirePermission → 403 naming what is missing); pages read the same map only to
 * hide what a person can't use. The database holds the same pairs in role_permissions
 * (migration 0018) and its policies ask app_can('…') of them, so a rule changed here
 * must reach SQL in a new migration; db/catalog.test.ts fails until it does.
 * The README's permission table is generated from the same list (see its test).
 */
export const permissionRoles = {
  "company:view": ["owner", "admin", "manager", "finance", "employee"],
  "company:manage-settings": ["owner", "admin"],
  "company:manage-security": ["owner"],
  "member:view": ["owner", "admin", "manager", "finance"],
  "member:manage": ["owner", "admin"],
  "member:transfer-ownership": ["owner"],
  "invitation:manage": ["owner", "admin"],
  "team:view": ["owner", "admin", "manager", "finance", "employee"],
  "team:manage": ["owner", "admin"],
  "project:view": ["owner", "admin", "manager", "finance", "employee"],
  "project:manage": ["owner", "admin"],
  "time:view": ["owner", "admin", "manager", "finance", "employee"],
  "time:log": ["owner", "admin", "manager", "finance", "employee"],
  "time:log-for-others": ["owner", "admin"],
  "timesheet:approve": ["owner", "admin", "manager"],
  "timesheet:reopen": ["owner", "admin"],
  "time:lock": ["owner", "admin"],
  "time:view-all": ["owner", "admin", "finance"],
  "report:view": ["owner", "admin", "manager", "finance", "employee"],
  "report:schedule": ["owner", "admin", "finance"],
  "report:manage-shared": ["owner", "admin"],
  "dashboard:company": ["owner", "admin", "finance"],
  "notification:view": ["owner", "admin", "manager", "finance", "employee"],
  "job:manage": ["owner", "admin"],
  "audit:read": ["owner", "admin", "finance"],
  "audit:export": ["owner", "admin"],
  "billing:view": ["owner", "admin", "finance"],
  "billing:manage": ["owner", "admin"],
  "invoice:view": ["owner", "admin", "finance"],
  "invoice:manage": ["owner", "admin", "finance"],
  "api-token:manage": ["owner", "admin"],
  "webhook:manage": ["owner", "admin"],
} as const satisfies Record<string, readonly MemberRole[]>;

export type Permission = keyof typeof permissionRoles;

export const permissions = Object.keys(permissionRoles) as Permission[];

/** What each permission lets a person do, for 403 pages and the README. */
export const permissionDescriptions: Record<Permission, string> = {
  "company:view": "open the company's pages",
  "company:manage-settings": "change the company's name, web address, timezone and week start",
  "company:manage-security": "require two-factor authentication of every member",
  "member:view": "see the list of members",
  "member:manage": "change roles, deactivate and reactivate members",
  "member:transfer-ownership": "make another member an owner or step down as owner",
  "invitation:manage": "invite people, resend and revoke invitations",
  "team:view": "see teams and who is in them",
  "team:manage": "create, rename and archive teams and change who is in them",
  "project:view": "see clients, projects and tasks",
  "project:manage": "create, change and archive clients, projects and tasks, and choose who may log time on them",
  "time:view": "see their own time, and of others' what their role shows them",
  "time:log": "log their own time, run a timer and submit their weekly timesheet",
  "time:log-for-others": "open, fill in and submit another member's week",
  "timesheet:approve": "approve or send back the timesheets of the teams they manage (owners and admins: everyone's)",
  "timesheet:reopen": "reopen an approved week so it can be changed",
  "time:lock": "lock all weeks up to a date (payroll close)",
  "time:view-all":
    "see every member's time, timesheets and running timers (others see their own, and managers their teams'); with timesheet:approve, approve anyone's week",
  "report:view": "run time reports over the time they may see (managers: their teams; employees: their own)",
  "report:schedule": "email a saved report to members weekly or monthly, and pause, change or delete such schedules",
  "report:manage-shared": "rename, change or delete a saved report someone else shared with the company",
  "dashboard:company":
    "see the company's figures on the overview: hours by project and client, billable ratio, approved time not yet invoiced, project budgets",
  "notification:view": "read their own notifications and choose which also come by email",
  "job:manage": "see the company's failed background jobs and retry them",
  "audit:read": "read the audit log: who changed what, when and from where",
  "audit:export": "export the audit log as a file",
  "billing:view": "see the company's plan, subscription status, seats and billing period",
  "billing:manage": "choose a plan through Stripe Checkout and manage payment and cancellation in Stripe's portal",
  "invoice:view": "see the company's invoices to clients and credit notes",
  "invoice:manage": "set the company's invoice details and numbering, build invoices from approved time, issue, mark paid, void and credit them",
  "api-token:manage": "see every member's API tokens for the company and revoke them",
  "webhook:manage":
    "register webhook endpoints, rotate their signing secrets, read their delivery log and send again",
};

export function can(role: MemberRole, permission: Permission): boolean {
  return (permissionRoles[permission] as readonly MemberRole[]).includes(role);
}

/** The roles holding a permission, for queries about other members (who to notify, who approves). */
export function rolesWith(permission: Permission): MemberRole[] {
  return [...permissionRoles[permission]];
}

/**
 * Approving anyone's week rather than only a managed team's: an approver who sees
 * everyone's time. The database asks the same (app_approves_everyone(), 0018).
 */
export function approvesEveryone(role: MemberRole): boolean {
  return can(role, "timesheet:approve") && can(role, "time:view-all");
}

/** Roles an owner or admin may hand out; ownership moves only by transfer. */
export const assignableRoles = ["admin", "manager", "finance", "employee"] as const satisfies readonly MemberRole[];

export const roleLabels: Record<MemberRole, string> = {
  owner: "Owner",
  admin: "Admin",
  manager: "Manager",
  finance: "Finance",
  employee: "Employee",
};
