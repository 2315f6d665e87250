import { Link } from "~/components/Link";
import { Table } from "~/components/Table";
import { statusLabels } from "~/time/components/labels";
import type { DashboardData } from "./route";

export function YourWeek({ week }: { week: DashboardData["employee"] }) {
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
