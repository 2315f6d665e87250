import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { fieldErrorsOf } from "~/audit/filter";
import { Button } from "~/components/Button";
import { CheckboxGroup, Select, TextField } from "~/components/fields";
import { Link } from "~/components/Link";
import { EmptyState } from "~/components/Notice";
import { Table } from "~/components/Table";
import { listReportClients, listReportPeople, listReportProjects, summarizeTime, type ReportChoice } from "~/models/time-report.server";
import { formatMinutes } from "~/time/duration";
import { parseReportQuery, reportQueryString, type ReportGrouping } from "~/time/report-filter";
import { withCompany } from "~/utils/company-data.server";

export const meta: MetaFunction = () => [{ title: "Time report · Hourbook" }];

const groupOptions: { id: ReportGrouping; label: string }[] = [
  { id: "person", label: "Person" },
  { id: "project", label: "Project" },
  { id: "client", label: "Client" },
];
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
  const { result } = await withCompany(args, "report:view", async (tx, member) => {
    const { values, parsed } = parseReportQuery(new URL(args.request.url).searchParams, member.company.timezone);
    return {
      values,
      errors: parsed.success ? {} : fieldErrorsOf(parsed.error),
      report: parsed.success ? await summarizeTime(tx, parsed.data) : null,
      people: await listReportPeople(tx),
      projects: await listReportProjects(tx),
      clients: await listReportClients(tx),
    };
  });
  const page = { ...result, query: reportQueryString(result.values) };
  return result.report ? page : data(page, { status: 400 });
}

export default function TimeReport() {
  const { values, errors, report, people, projects, clients, query } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const grouping = groupOptions.find((option) => option.id === values.groupBy)?.label ?? "Person";
  return (
    <div className="stack-lg">
      <div className="page-header">
        <div>
          <h1>Time report</h1>
          <p className="muted">Hours in a date range, with the billable part, over the time you may see.</p>
        </div>
        {report ? (
          <Link href={`export?${query}`} reloadDocument prefetch="none" className="button button-secondary">
            Download CSV
          </Link>
        ) : null}
      </div>

      <Form method="get" className="card stack" aria-label="Choose the report">
        <div className="filters">
          <TextField label="From" name="from" type="date" defaultValue={values.from} errors={errors.from} />
          <TextField label="To" name="to" type="date" defaultValue={values.to} errors={errors.to} />
          <Select label="Group by" name="groupBy" defaultValue={values.groupBy} options={groupOptions} errors={errors.groupBy} />
          <Select label="Billable" name="billable" defaultValue={values.billable} options={billableOptions} errors={errors.billable} />
          <Select label="Weeks" name="status" defaultValue={values.status} options={statusOptions} errors={errors.status} />
        </div>
        <ChoiceFilter label="People" name="person" choices={people} chosen={values.person} errors={errors.person} />
        <ChoiceFilter label="Projects" name="project" choices={projects} chosen={values.project} errors={errors.project} />
        <ChoiceFilter label="Clients" name="client" choices={clients} chosen={values.client} errors={errors.client} />
        <div>
          <Button type="submit" variant="secondary" isPending={navigation.state === "loading"}>
            Show report
          </Button>
        </div>
      </Form>

      {!report ? null : report.rows.length === 0 ? (
        <EmptyState title="No time in this range matches">
          <Link href=".">Show this month, unfiltered</Link>
        </EmptyState>
      ) : (
        <Table label={`Time by ${grouping.toLowerCase()}`} columns={[grouping, "Hours", "Billable hours", "Entries"]}>
          {report.rows.map((row) => (
            <tr key={row.key ?? "none"}>
              <td>{row.label}</td>
              <td>{formatMinutes(row.minutes)}</td>
              <td>{formatMinutes(row.billableMinutes)}</td>
              <td>{row.entries}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Total</th>
            <td>
              <strong>{formatMinutes(report.totals.minutes)}</strong>
            </td>
            <td>
              <strong>{formatMinutes(report.totals.billableMinutes)}</strong>
            </td>
            <td>
              <strong>{report.totals.entries}</strong>
            </td>
          </tr>
        </Table>
      )}
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
  if (choices.length === 0) return null;
  return (
    <details open={chosen.length > 0 || Boolean(errors?.length)}>
      <summary>
        {label} {chosen.length > 0 ? `(${chosen.length} chosen)` : "(all)"}
      </summary>
      <CheckboxGroup label={label} name={name} options={choices} defaultValue={chosen} errors={errors} />
    </details>
  );
}
