import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { requireMember } from "~/auth/session.server";
import { AppHeader, type NavItem } from "~/components/AppHeader";
import { countUnreadNotifications } from "~/models/notifications.server";
import { can, type Permission } from "~/permissions";

const sections: (NavItem & { permission: Permission })[] = [
  { to: "", label: "Overview", end: true, permission: "company:view" },
  { to: "time", label: "Time", permission: "time:log" },
  { to: "approvals", label: "Approvals", permission: "timesheet:approve" },
  { to: "reports/time", label: "Reports", permission: "report:view" },
  { to: "projects", label: "Projects", permission: "project:view" },
  { to: "clients", label: "Clients", permission: "project:view" },
  { to: "invoices", label: "Invoices", permission: "invoice:view" },
  { to: "members", label: "Members", permission: "member:view" },
  { to: "teams", label: "Teams", permission: "team:view" },
  { to: "settings", label: "Settings", permission: "company:manage-settings" },
  { to: "billing", label: "Billing", permission: "billing:view" },
  { to: "jobs", label: "Jobs", permission: "job:manage" },
  { to: "audit", label: "Audit log", permission: "audit:read" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await requireMember(request, context, params.company);
  const [companies, unread] = await Promise.all([
    context.auth.accounts.listMemberships(member.user.id),
    context.withTenant(member.tenant, countUnreadNotifications),
  ]);
  const base = `/c/${member.company.slug}`;
  return {
    user: member.user,
    company: member.company,
    companies: companies.map(({ slug, name }) => ({ slug, name })),
    unread,
    nav: sections
      .filter((section) => can(member.company.role, section.permission))
      .map(({ to, label, end }) => ({ to: to ? `${base}/${to}` : base, label, end })),
  };
}

export default function CompanyLayout() {
  const { user, company, companies, nav, unread } = useLoaderData<typeof loader>();
  return (
    <>
      <AppHeader current={company} companies={companies} nav={nav} userName={user.name} unread={unread} />
      <main className="page">
        <Outlet />
      </main>
    </>
  );
}
