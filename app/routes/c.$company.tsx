import type { LoaderFunctionArgs, SerializeFrom } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { requireMember, type Member } from "~/kernel/accounts/session.server";
import { readOnlyMessage, readOnlyReason } from "~/kernel/company/read-only";
import { AppShell } from "~/components/AppShell";
import type { NavGroup, NavItem } from "~/components/SectionNav";
import { Notice } from "~/components/Notice";
import { RouteErrorPage } from "~/components/RouteErrorPage";
import { countUnreadNotifications } from "~/kernel/notifications/notifications.server";
import { can, type Permission } from "~/kernel/permissions";
import { HeaderTimer } from "~/time/components/HeaderTimer";
import { getTimer } from "~/time/timers.server";

type Section = NavItem & { permission: Permission };

/** What a person comes to do, in the order they do it: track, look, manage, bill, run. */
const sectionGroups: { label: string; items: Section[] }[] = [
  {
    label: "Track",
    items: [
      { to: "", label: "Overview", end: true, permission: "company:view" },
      { to: "time", label: "Time", permission: "time:log" },
      { to: "approvals", label: "Approvals", permission: "timesheet:approve" },
    ],
  },
  {
    label: "Insights",
    items: [
      { to: "reports/time", label: "Reports", permission: "report:view" },
      { to: "reports/schedules", label: "Scheduled reports", permission: "report:schedule" },
    ],
  },
  {
    label: "Manage",
    items: [
      { to: "projects", label: "Projects", permission: "project:view" },
      { to: "clients", label: "Clients", permission: "project:view" },
      { to: "members", label: "Members", permission: "member:view" },
      { to: "teams", label: "Teams", permission: "team:view" },
    ],
  },
  {
    label: "Finance",
    items: [
      { to: "invoices", label: "Invoices", permission: "invoice:view" },
      { to: "finance/exports", label: "Finance exports", permission: "invoice:view" },
      { to: "billing", label: "Billing", permission: "billing:view" },
    ],
  },
  {
    label: "Company",
    items: [
      { to: "settings", label: "Settings", permission: "company:manage-settings" },
      { to: "security", label: "Security", permission: "company:manage-security" },
      { to: "jobs", label: "Jobs", permission: "job:manage" },
      { to: "audit", label: "Audit log", permission: "audit:read" },
      // Every member reaches their own tokens from /account; the link is for those who oversee everyone's.
      { to: "api-tokens", label: "API tokens", permission: "api-token:manage" },
    ],
  },
];

function sectionsFor(role: Member["company"]["role"], base: string): NavGroup[] {
  return sectionGroups
    .map(({ label, items }) => ({
      label,
      items: items
        .filter((item) => can(role, item.permission))
        .map(({ to, label: itemLabel, end }) => ({ to: to ? `${base}/${to}` : base, label: itemLabel, end })),
    }))
    .filter((group) => group.items.length > 0);
}

/**
 * What the billing banner says, from the standing requireMember already read (no
 * query of its own). Owners and admins can act on it, so they get the grace left
 * and the link; everyone else only learns why saving is refused.
 */
function billingBanner(member: Member) {
  const { billing } = member;
  const canFix = can(member.company.role, "billing:manage");
  if (billing.state === "past-due") {
    return canFix ? { kind: "past-due" as const, daysLeft: billing.daysLeft, graceEndsAt: billing.graceEndsAt.toISOString() } : null;
  }
  if (billing.state === "read-only") {
    return { kind: "read-only" as const, message: canFix ? readOnlyReason(billing.reason) : readOnlyMessage(billing.reason), canFix };
  }
  return null;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await requireMember(request, context, params.company);
  const [companies, { unread, timer }] = await Promise.all([
    context.auth.accounts.listMemberships(member.user.id),
    context.withTenant(member.tenant, async (tx) => ({
      unread: await countUnreadNotifications(tx),
      timer: await getTimer(tx),
    })),
  ]);
  const base = `/c/${member.company.slug}`;
  return {
    user: member.user,
    company: member.company,
    companies: companies.map(({ slug, name }) => ({ slug, name })),
    unread,
    timer,
    banner: billingBanner(member),
    sections: sectionsFor(member.company.role, base),
  };
}

export default function CompanyLayout() {
  return (
    <CompanyShell layout={useLoaderData<typeof loader>()}>
      <Outlet />
    </CompanyShell>
  );
}

/**
 * A page of the company that fails (403, 404 for another company's id, 423 while
 * read-only) says so inside the company's header and navigation, so the way on is
 * one click away. If the layout itself failed (not a member), there is no company
 * to show: the plain error page.
 */
export function ErrorBoundary() {
  const layout = useRouteLoaderData<typeof loader>("routes/c.$company");
  if (!layout) {
    return (
      <main>
        <RouteErrorPage home={{ href: "/", label: "Go to the home page" }} />
      </main>
    );
  }
  return (
    <CompanyShell layout={layout}>
      <RouteErrorPage home={{ href: `/c/${layout.company.slug}`, label: `Go to ${layout.company.name}'s overview` }} />
    </CompanyShell>
  );
}

function CompanyShell({ layout, children }: { layout: SerializeFrom<typeof loader>; children: ReactNode }) {
  const { user, company, companies, sections, unread, timer, banner } = layout;
  const billingHref = `/c/${company.slug}/billing`;
  return (
    <AppShell
      current={company}
      companies={companies}
      sections={sections}
      userName={user.name}
      unread={unread}
      tools={<HeaderTimer companySlug={company.slug} timer={timer} />}
    >
      <main className="page">
        {banner?.kind === "past-due" ? (
          <Notice tone="warning">
            The last payment failed. {company.name} becomes read-only in {banner.daysLeft}{" "}
            {banner.daysLeft === 1 ? "day" : "days"} unless it is paid. <Link to={billingHref}>Fix the payment on the billing page</Link>
          </Notice>
        ) : null}
        {banner?.kind === "read-only" ? (
          <Notice tone="warning">
            {banner.message} You can still view and export everything.{" "}
            {banner.canFix ? <Link to={billingHref}>Restore it on the billing page</Link> : null}
          </Notice>
        ) : null}
        {children}
      </main>
    </AppShell>
  );
}
