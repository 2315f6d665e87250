import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import {
  getDashboardCalendar,
  loadCompanyDashboard,
  loadEmployeeDashboard,
  loadTeamDashboard,
} from "~/dashboard/dashboard.server";
import { countMembers } from "~/kernel/members/members.server";
import { listTeams } from "~/kernel/teams/teams.server";
import { can, roleLabels } from "~/kernel/permissions";
import { withCompanyReading } from "~/routing/company-data.server";
import { companyView, dashboardFormats, employeeView, teamView } from "~/dashboard/view.server";
import { requestLocale } from "~/routing/locale.server";
import dashboardStyles from "~/styles/dashboard.css";
import { CompanyFigures } from "./CompanyFigures";
import { YourTeams } from "./YourTeams";
import { YourWeek } from "./YourWeek";

export const meta: MetaFunction = () => [{ title: "Overview · Hourbook" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardStyles }];

export async function loader(args: LoaderFunctionArgs) {
  const { member, result } = await withCompanyReading(args, "company:view", async (tx, member) => {
    const role = member.company.role;
    const calendar = await getDashboardCalendar(tx);
    return {
      calendar,
      members: await countMembers(tx),
      teams: await listTeams(tx),
      employee: await loadEmployeeDashboard(tx, calendar),
      team: can(role, "timesheet:approve") ? await loadTeamDashboard(tx, calendar) : null,
      company: can(role, "dashboard:company") ? await loadCompanyDashboard(tx, calendar) : null,
    };
  });
  const role = member.company.role;
  const format = dashboardFormats(requestLocale(args.request));
  return {
    name: member.user.name,
    company: member.company.name,
    role,
    today: format.day(result.calendar.today),
    members: result.members.active,
    teams: result.teams.length,
    employee: employeeView(result.employee, format),
    team: result.team ? teamView(result.team, result.calendar.weeklyTargetMinutes, format) : null,
    figures: result.company ? companyView(result.company, format) : null,
    may: {
      invite: can(role, "invitation:manage"),
      viewMembers: can(role, "member:view"),
    },
  };
}

/** The page's data as its sections receive it. */
export type DashboardData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function Overview() {
  const { name, company, role, today, members, teams, employee, team, figures, may } = useLoaderData<typeof loader>();
  return (
    <div className="stack-lg dashboard">
      <div>
        <h1>Welcome, {name.split(" ")[0]}</h1>
        <p className="muted">
          {company} · your role: {roleLabels[role]} · {today}
        </p>
      </div>
      {may.invite && members < 2 ? (
        <section className="card stack" aria-labelledby="start-heading">
          <h2 id="start-heading">Get your team in</h2>
          <p>Invite the people who log time, then group them into teams with the managers who approve their weeks.</p>
          <p>
            <Link href="invitations" className="button button-primary">
              Invite people
            </Link>
          </p>
        </section>
      ) : null}
      <YourWeek week={employee} />
      {team ? <YourTeams team={team} /> : null}
      {figures ? <CompanyFigures figures={figures} /> : null}
      <section className="stack" aria-labelledby="company-heading">
        <h2 id="company-heading">{company}</h2>
        <ul className="card-list">
          <li className="card">
            <p className="stat">{members}</p>
            <p className="muted">active {members === 1 ? "member" : "members"}</p>
            {may.viewMembers ? <Link href="members">See members</Link> : null}
          </li>
          <li className="card">
            <p className="stat">{teams}</p>
            <p className="muted">{teams === 1 ? "team" : "teams"}</p>
            <Link href="teams">See teams</Link>
          </li>
        </ul>
      </section>
    </div>
  );
}
