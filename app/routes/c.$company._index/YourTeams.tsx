import { ChartFigure, PeopleHoursChart } from "~/dashboard/charts";
import { Link } from "~/components/Link";
import { Table } from "~/components/Table";
import { statusLabels } from "~/time/components/labels";
import type { DashboardData } from "./route";

export function YourTeams({ team }: { team: NonNullable<DashboardData["team"]> }) {
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
