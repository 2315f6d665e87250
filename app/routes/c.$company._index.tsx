import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ChartFigure, PeopleHoursChart, WeeklyHoursChart } from "~/dashboard/charts";
import { Link } from "~/components/Link";
import { Table } from "~/components/Table";
import { statusLabels } from "~/time/components/labels";
import {
  getDashboardCalendar,
  loadCompanyDashboard,
  loadEmployeeDashboard,
  loadTeamDashboard,
} from "~/dashboard/dashboard.server";
import { countMembers } from "~/kernel/members/members.server";
import { listTeams } from "~/kernel/teams/teams.server";
import { can, roleLabels } from "~/kernel/permissions";
import { withCompany } from "~/routing/company-data.server";
import { companyView, dashboardFormats, employeeView, teamView, type WeeklyChart } from "~/dashboard/view.server";
import { requestLocale } from "~/routing/locale.server";
import dashboardStyles from "~/styles/dashboard.css";

export const meta: MetaFunction = () => [{ title: "Overview · Hourbook" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardStyles }];

export async function loader(args: LoaderFunctionArgs) {
  const { member, result } = await withCompany(args, "company:view", async (tx, member) => {
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

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

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

function YourWeek({ week }: { week: Data["employee"] }) {
  return (
    <section className="stack" aria-labelledby="week-heading">
      <h2 id="week-heading">Your week of {week.weekLabel}</h2>
      <div className="dashboard-grid">
        <div className="card stack-sm">
          <p className="stat" id="week-hours">
            {week.hours}
          </p>
          <p className="muted">
            of your {week.target} target ({week.progressText})
          </p>
          <div
            className="meter"
            role="meter"
            aria-labelledby="week-hours-label"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(week.progress * 100)}
            aria-valuetext={`${week.hours} of ${week.target}`}
          >
            <span id="week-hours-label" className="visually-hidden">
              This week's hours against your target
            </span>
            <span className="meter-fill" style={{ width: `${week.progress * 100}%` }} />
          </div>
          <p>
            <Link href={`time?week=${week.weekStart}`}>Open your week</Link>
          </p>
        </div>
        <div className="card stack-sm">
          <h3 className="card-title">Days without time</h3>
          {week.daysWithoutTime.length === 0 ? (
            <p className="muted">None so far this week.</p>
          ) : (
            <ul className="inline-list" aria-label="Working days this week with no time logged">
              {week.daysWithoutTime.map((day) => (
                <li key={day.day}>
                  <Link href={`time/day?date=${day.day}`}>{day.label}</Link>
                </li>
              ))}
            </ul>
          )}
          <ul className="day-totals" aria-label="Hours per day this week">
            {week.days.map((day) => (
              <li key={day.day} className={day.missing ? "day-missing" : undefined}>
                <span>{day.label}</span> <span>{day.hours}</span>
              </li>
            ))}
          </ul>
        </div>
        <div className="card stack-sm">
          <h3 className="card-title">Your last timesheets</h3>
          {week.timesheets.length === 0 ? (
            <p className="muted">No timesheets yet.</p>
          ) : (
            <ul className="plain-list">
              {week.timesheets.map((sheet) => (
                <li key={sheet.id}>
                  <Link href={`time?week=${sheet.weekStart}`}>Week of {sheet.weekLabel}</Link> · {sheet.hours}
                  <span className={`badge status-${sheet.status}`}>{statusLabels[sheet.status]}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <h3>Recent entries</h3>
      {week.recentEntries.length === 0 ? (
        <p className="muted">No time logged yet.</p>
      ) : (
        <Table label="Your five most recent time entries" columns={["Date", "Project", "Task", "Notes", "Hours"]}>
          {week.recentEntries.map((entry) => (
            <tr key={entry.id}>
              <td>{entry.dayLabel}</td>
              <td>
                {entry.client ? `${entry.client} › ` : ""}
                {entry.project}
              </td>
              <td>{entry.task ?? "—"}</td>
              <td>{entry.notes ?? ""}</td>
              <td className="numeric">{entry.hours}</td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}

function YourTeams({ team }: { team: NonNullable<Data["team"]> }) {
  return (
    <section className="stack" aria-labelledby="teams-heading">
      <h2 id="teams-heading">Your teams this week</h2>
      <div className="dashboard-grid">
        <div className="card stack-sm">
          <p className="stat">{team.waiting}</p>
          <p className="muted">{team.waitingCount === 1 ? "timesheet waits" : "timesheets wait"} for your decision</p>
          <p>
            <Link href="approvals">Go to approvals</Link>
          </p>
        </div>
        <div className="card stack-sm">
          <h3 className="card-title">Not submitted for the week of {team.lastWeekLabel}</h3>
          {team.people.length === 0 ? (
            <p className="muted">No one in your teams yet.</p>
          ) : team.notSubmitted.length === 0 ? (
            <p className="muted">Everyone has submitted.</p>
          ) : (
            <ul className="plain-list" aria-label={`People who haven't submitted the week of ${team.lastWeekLabel}`}>
              {team.notSubmitted.map((person) => (
                <li key={person.userId}>
                  {person.name}
                  {person.status ? <span className={`badge status-${person.status}`}>{statusLabels[person.status]}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {team.people.length === 0 ? (
        <p className="muted">No one is in a team you manage yet.</p>
      ) : (
        <ChartFigure
          title="Hours per person this week"
          summary={`${team.total} in total for ${team.people.length} ${team.people.length === 1 ? "person" : "people"}; target ${team.target.label} each.`}
          height={Math.max(140, team.people.length * 40 + 60)}
          chart={() => <PeopleHoursChart people={team.people} target={team.target} />}
          table={
            <Table label="Hours per person this week" columns={["Person", "Hours"]}>
              {team.people.map((person) => (
                <tr key={person.userId}>
                  <th scope="row">{person.name}</th>
                  <td className="numeric">{person.hours}</td>
                </tr>
              ))}
            </Table>
          }
        />
      )}
    </section>
  );
}

function WeeklyFigure({ title, chart, firstWeekLabel }: { title: string; chart: WeeklyChart; firstWeekLabel: string }) {
  if (chart.series.length === 0) {
    return (
      <p className="muted">
        {title}: no time logged since {firstWeekLabel}.
      </p>
    );
  }
  return (
    <ChartFigure
      title={title}
      summary={`Weekly, since the week of ${firstWeekLabel}.`}
      height={320}
      chart={() => <WeeklyHoursChart series={chart.series} rows={chart.rows} />}
      table={
        <Table label={title} columns={["Week of", ...chart.series.map((series) => series.name), "Total"]}>
          {chart.rows.map((row) => (
            <tr key={row.weekStart}>
              <th scope="row">{row.label}</th>
              {chart.series.map((series) => (
                <td key={series.key} className="numeric">
                  {row.texts[series.key]}
                </td>
              ))}
              <td className="numeric">{row.total}</td>
            </tr>
          ))}
        </Table>
      }
    />
  );
}

function CompanyFigures({ figures }: { figures: NonNullable<Data["figures"]> }) {
  const months = [figures.billable.thisMonth, figures.billable.lastMonth];
  return (
    <section className="stack" aria-labelledby="figures-heading">
      <h2 id="figures-heading">The company</h2>
      <div className="dashboard-grid">
        {months.map((month) => (
          <div key={month.label} className="card stack-sm">
            <h3 className="card-title">Billable in {month.label}</h3>
            <p className="stat">{month.ratio ?? "—"}</p>
            <p className="muted">
              {month.billable} of {month.total}
            </p>
          </div>
        ))}
        <div className="card stack-sm">
          <h3 className="card-title">Approved, not yet invoiced</h3>
          {figures.uninvoiced.length === 0 ? (
            <p className="muted">Nothing waiting to be invoiced.</p>
          ) : (
            <ul className="plain-list" aria-label="Approved billable time not yet invoiced, by currency">
              {figures.uninvoiced.map((amount) => (
                <li key={amount.currency}>
                  <span className="stat-sm">{amount.amount}</span> <span className="muted">for {amount.hours}</span>
                </li>
              ))}
            </ul>
          )}
          {figures.unpricedHours ? <p className="muted small">{figures.unpricedHours} more have no rate to price them.</p> : null}
        </div>
      </div>
      <WeeklyFigure title="Hours by project" chart={figures.byProject} firstWeekLabel={figures.firstWeekLabel} />
      <WeeklyFigure title="Hours by client" chart={figures.byClient} firstWeekLabel={figures.firstWeekLabel} />
      <h3>Project budgets</h3>
      {figures.budgets.length === 0 ? (
        <p className="muted">No live project has a budget.</p>
      ) : (
        <Table label="Project budgets: hours logged against each budget" columns={["Project", "Logged", "Budget", "Used", "Status"]}>
          {figures.budgets.map((budget) => (
            <tr key={budget.projectId}>
              <th scope="row">
                {budget.client ? `${budget.client} › ` : ""}
                {budget.project}
              </th>
              <td className="numeric">{budget.logged}</td>
              <td className="numeric">{budget.budget}</td>
              <td>
                <span className="budget-used">
                  <span className={`meter meter-${budget.level}`} aria-hidden="true">
                    <span className="meter-fill" style={{ width: `${budget.progress * 100}%` }} />
                  </span>
                  {budget.used}
                </span>
              </td>
              <td>
                {/* The words carry the warning; the symbol and colour only repeat them. */}
                <span className={`budget-level budget-${budget.level}`}>
                  {budget.level === "ok" ? null : <span aria-hidden="true">{budget.level === "over" ? "⛔ " : "⚠ "}</span>}
                  {budget.levelText}
                </span>
              </td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}
