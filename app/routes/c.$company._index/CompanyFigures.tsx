import { ChartFigure, WeeklyHoursChart } from "~/dashboard/charts";
import { Table } from "~/components/Table";
import type { WeeklyChart } from "~/dashboard/view.server";
import type { DashboardData } from "./route";

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

export function CompanyFigures({ figures }: { figures: NonNullable<DashboardData["figures"]> }) {
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
