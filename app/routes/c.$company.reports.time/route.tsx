import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Fragment } from "react";
import { formatDay } from "../../../emails/format";
import { fieldErrorsOf } from "~/audit/filter";
import { Button } from "~/components/Button";
import { CheckboxGroup, Select, TextField } from "~/components/fields";
import { Link } from "~/components/Link";
import { EmptyState, Notice } from "~/components/Notice";
import { Table } from "~/components/Table";
import { getSavedReport } from "~/reports/saved-reports.server";
import {
  detailedPageSize,
  listReportClients,
  listReportEntries,
  listReportPeople,
  listReportProjects,
  listReportTeams,
  summarizeTime,
  unknownReportChoices,
  type ReportChoice,
} from "~/reports/time-report.server";
import { formatMinutes } from "~/kernel/clock/duration";
import { isSavedReportId, presetOf } from "~/reports/definition";
import { groupingLabels, parseReportQuery, reportKindOf, reportQueryString, type ReportGrouping, type ReportKind } from "~/reports/filter";
import { reportFormatLabels, reportFormats, tooLargeFor, type ReportFormat } from "~/reports/formats";
import { todayIn } from "~/kernel/clock/weeks";
import { withCompanyReading } from "~/routing/company-data.server";
import { SaveReport } from "./SaveReport";

export const meta: MetaFunction = () => [{ title: "Time report · Hourbook" }];

const groupOptions = (Object.entries(groupingLabels) as [ReportGrouping, string][]).map(([id, label]) => ({ id, label }));
const billableOptions = [
  { id: "all", label: "All time" },
  { id: "billable", label: "Billable only" },
  { id: "non-billable", label: "Non-billable only" },
];
const statusOptions = [
  { id: "all", label: "Any week" },
  { id: "approved", label: "Approved weeks only" },
];

export async function loader(args: LoaderFunctionArgs) {
  const search = new URL(args.request.url).searchParams;
  const kind = reportKindOf(search);
  const savedId = search.get("saved");
  const { member, result } = await withCompanyReading(args, "report:view", async (tx, member) => {
    const { values, parsed } = parseReportQuery(search, member.company.timezone);
    const unknown = parsed.success ? await unknownReportChoices(tx, parsed.data) : {};
    const errors: Record<string, string[] | undefined> = parsed.success ? unknown : fieldErrorsOf(parsed.error);
    const filter = parsed.success && Object.keys(unknown).length === 0 ? parsed.data : null;
    const report = filter ? await summarizeTime(tx, filter) : null;
    const pageCount = report ? Math.max(1, Math.ceil(report.totals.entries / detailedPageSize)) : 1;
    const page = Math.min(Math.max(1, Number.parseInt(search.get("page") ?? "1", 10) || 1), pageCount);
    return {
      values,
      errors,
      report,
      page,
      pageCount,
      entries: filter && kind === "detailed" ? await listReportEntries(tx, filter, page) : [],
      people: await listReportPeople(tx),
      teams: await listReportTeams(tx),
      projects: await listReportProjects(tx),
      clients: await listReportClients(tx),
      current: isSavedReportId(savedId) ? await getSavedReport(tx, savedId) : null,
    };
  });
  const { report, values } = result;
  const query = reportQueryString(values);
  const page = {
    ...result,
    kind,
    query,
    base: `/c/${member.company.slug}/reports`,
    suggestedRange: presetOf(values, todayIn(member.company.timezone), member.company.weekStart),
    // Why a file can't be built, per format, so the page says so instead of offering a link that fails.
    tooLarge: Object.fromEntries(
      reportFormats.map((format) => [format, report ? tooLargeFor(kind === "detailed" && format === "csv" ? "summary" : kind, format, report.totals.entries) : null]),
    ) as Record<ReportFormat, string | null>,
  };
  return report ? page : data(page, { status: 400 });
}

function groupLabel(label: string, grouping: string): string {
  return grouping === "week" ? `Week of ${formatDay(label)}` : label;
}

export default function TimeReport() {
  const loaded = useLoaderData<typeof loader>();
  const { values, errors, report, entries, page, pageCount, people, teams, projects, clients, query, kind, tooLarge, current, base } = loaded;
  const navigation = useNavigation();
  const grouping = groupingLabels[values.groupBy as ReportGrouping] ?? "Person";
  const kindHref = (to: ReportKind) => `?${query}&kind=${to}${current ? `&saved=${current.id}` : ""}`;
  const pageHref = (to: number) => `?${query}&kind=detailed&page=${to}${current ? `&saved=${current.id}` : ""}`;
  return (
    <div className="stack-lg">
      <div className="page-header">
        <div>
          <h1>{current ? current.name : "Time report"}</h1>
          <p className="muted">
            {current
              ? `A saved report${current.shared ? ` shared by ${current.ownerName}` : ""}, over the time you may see.`
              : "Hours in a date range, with the billable part, over the time you may see."}
          </p>
        </div>
        <Link href={`${base}/saved`}>Saved reports</Link>
      </div>

      <nav aria-label="Report kind" className="pager">
        {(["summary", "detailed"] as const).map((to) =>
          to === kind ? (
            <strong key={to} aria-current="page">
              {to === "summary" ? "Summary" : "Detailed"}
            </strong>
          ) : (
            <Link key={to} href={kindHref(to)}>
              {to === "summary" ? "Summary" : "Detailed"}
            </Link>
          ),
        )}
      </nav>

      <Form method="get" className="card stack" aria-label="Choose the report">
        <input type="hidden" name="kind" value={kind} />
        {current ? <input type="hidden" name="saved" value={current.id} /> : null}
        <div className="filters">
          <TextField label="From" name="from" type="date" defaultValue={values.from} errors={errors.from} />
          <TextField label="To" name="to" type="date" defaultValue={values.to} errors={errors.to} />
          <Select label="Group by" name="groupBy" defaultValue={values.groupBy} options={groupOptions} errors={errors.groupBy} />
          <Select label="Billable" name="billable" defaultValue={values.billable} options={billableOptions} errors={errors.billable} />
          <Select label="Weeks" name="status" defaultValue={values.status} options={statusOptions} errors={errors.status} />
        </div>
        <ChoiceFilter label="People" name="person" choices={people} chosen={values.person} errors={errors.person} />
        <ChoiceFilter label="Teams" name="team" choices={teams} chosen={values.team} errors={errors.team} />
        <ChoiceFilter label="Projects" name="project" choices={projects} chosen={values.project} errors={errors.project} />
        <ChoiceFilter label="Clients" name="client" choices={clients} chosen={values.client} errors={errors.client} />
        <div>
          <Button type="submit" variant="secondary" isPending={navigation.state === "loading"}>
            Show report
          </Button>
        </div>
      </Form>

      {report ? <Downloads href={`${base}/time/export?${query}&kind=${kind}${current ? `&saved=${current.id}` : ""}`} tooLarge={tooLarge} /> : null}

      {!report ? null : report.rows.length === 0 ? (
        <EmptyState title="No time in this range matches">
          <Link href=".">Show this month, unfiltered</Link>
        </EmptyState>
      ) : kind === "summary" ? (
        <Table label={`Time by ${grouping.toLowerCase()}`} columns={[grouping, "Hours", "Billable hours", "Entries"]}>
          {report.rows.map((row) => (
            <tr key={row.key ?? "none"}>
              <td>{groupLabel(row.label, values.groupBy)}</td>
              <td>{formatMinutes(row.minutes)}</td>
              <td>{formatMinutes(row.billableMinutes)}</td>
              <td>{row.entries}</td>
            </tr>
          ))}
          <TotalRow totals={report.totals} />
        </Table>
      ) : (
        <>
          <Table label={`Entries by ${grouping.toLowerCase()}`} columns={["Date", "Person", "Project", "Task", "Notes", "Hours", "Billable"]}>
            {entries.map((entry, index) => (
              <Fragment key={entry.id}>
                {index === 0 || entries[index - 1]!.group !== entry.group ? (
                  <tr>
                    <th scope="rowgroup" colSpan={7}>
                      {groupLabel(entry.group, values.groupBy)}
                    </th>
                  </tr>
                ) : null}
                <tr>
                  <td>{entry.date}</td>
                  <td>{entry.person}</td>
                  <td>{entry.client ? `${entry.project} (${entry.client})` : entry.project}</td>
                  <td>{entry.task ?? ""}</td>
                  <td>{entry.notes ?? ""}</td>
                  <td>{formatMinutes(entry.minutes)}</td>
                  <td>{entry.billable ? "Yes" : "No"}</td>
                </tr>
              </Fragment>
            ))}
          </Table>
          <p>
            Total over every page: <strong>{formatMinutes(report.totals.minutes)}</strong> hours, of which{" "}
            <strong>{formatMinutes(report.totals.billableMinutes)}</strong> billable, in {report.totals.entries} entries.
          </p>
          {pageCount > 1 ? (
            <nav aria-label="Pages of entries" className="pager">
              {page > 1 ? <Link href={pageHref(page - 1)}>Previous page</Link> : null}
              <span className="muted">
                Page {page} of {pageCount}
              </span>
              {page < pageCount ? <Link href={pageHref(page + 1)}>Next page</Link> : null}
            </nav>
          ) : null}
        </>
      )}

      {report ? <SaveReport query={query} kind={kind} suggestedRange={loaded.suggestedRange} current={current} base={base} /> : null}
    </div>
  );
}

function TotalRow({ totals }: { totals: { minutes: number; billableMinutes: number; entries: number } }) {
  return (
    <tr>
      <th scope="row">Total</th>
      <td>
        <strong>{formatMinutes(totals.minutes)}</strong>
      </td>
      <td>
        <strong>{formatMinutes(totals.billableMinutes)}</strong>
      </td>
      <td>
        <strong>{totals.entries}</strong>
      </td>
    </tr>
  );
}

function Downloads({ href, tooLarge }: { href: string; tooLarge: Record<ReportFormat, string | null> }) {
  const refused = (Object.entries(tooLarge) as [ReportFormat, string | null][]).find(([, reason]) => reason);
  return (
    <div className="stack">
      <div className="inline-form">
        <span>Download:</span>
        {reportFormats.map((format) =>
          tooLarge[format] ? null : (
            <Link key={format} href={`${href}&format=${format}`} reloadDocument prefetch="none" className="button button-secondary">
              {reportFormatLabels[format]}
            </Link>
          ),
        )}
      </div>
      {refused ? <Notice tone="info">{refused[1]}</Notice> : null}
    </div>
  );
}

/** A list to narrow the report to; none chosen means all. Folded away until opened, as lists can be long. */
function ChoiceFilter({
  label,
  name,
  choices,
  chosen,
  errors,
}: {
  label: string;
  name: string;
  choices: ReportChoice[];
  chosen: string[];
  errors?: string[];
}) {
  if (choices.length === 0 && !errors?.length) return null;
  return (
    <details open={chosen.length > 0 || Boolean(errors?.length)}>
      <summary>
        {label} {chosen.length > 0 ? `(${chosen.length} chosen)` : "(all)"}
      </summary>
      <CheckboxGroup label={label} name={name} options={choices} defaultValue={chosen} errors={errors} />
    </details>
  );
}
