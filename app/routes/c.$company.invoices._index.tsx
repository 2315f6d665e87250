import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { Button } from "~/components/Button";
import { CheckboxGroup, FormErrors, Select, TextField } from "~/components/fields";
import { fieldProps, useValidatedForm } from "~/components/forms";
import { Link } from "~/components/Link";
import { EmptyState } from "~/components/Notice";
import { Table } from "~/components/Table";
import { Writable } from "~/components/ReadOnly";
import { lastMonth, statusLabels } from "~/invoices/fields";
import { listClientChoices, listClientProjectChoices } from "~/kernel/catalog/clients.server";
import { newInvoiceInput } from "~/invoices/inputs";
import { listInvoices, type InvoiceStatus } from "~/invoices/invoices.server";
import { createDraftInvoiceOperation } from "~/invoices/operations.server";
import { getCompanyCalendar } from "~/time/rules.server";
import { can } from "~/kernel/permissions";
import { formatMoney } from "~/kernel/catalog/project-fields";
import invoiceStyles from "~/styles/invoices.css";
import { todayIn } from "~/kernel/clock/weeks";
import { withCompany } from "~/routing/company-data.server";
import { companyAction, intent } from "~/routing/company-action.server";

export const meta: MetaFunction = () => [{ title: "Invoices · Hourbook" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: invoiceStyles }];

const invoicesPageSize = 50;

const statuses = ["draft", "issued", "paid", "void"] as const satisfies readonly InvoiceStatus[];
const allStatuses = "all";
const statusChoices = [{ id: allStatuses, label: "All" }, ...statuses.map((id) => ({ id, label: statusLabels[id] }))];

const groupChoices = [
  { id: "project-task", label: "By project and task" },
  { id: "person", label: "By person" },
] as const;

export async function loader(args: LoaderFunctionArgs) {
  const params = new URL(args.request.url).searchParams;
  const status = statuses.find((s) => s === params.get("status"));
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const { member, result } = await withCompany(args, "invoice:view", async (tx) => {
    // One row past the page says whether there is a next one, without counting them all.
    const rows = await listInvoices(tx, { status, limit: invoicesPageSize + 1, offset: (page - 1) * invoicesPageSize });
    const mayManage = can(tx.tenant.role, "invoice:manage");
    return {
      invoices: rows.slice(0, invoicesPageSize),
      hasNext: rows.length > invoicesPageSize,
      clients: mayManage ? await listClientChoices(tx) : [],
      projects: mayManage ? await listClientProjectChoices(tx) : [],
      period: lastMonth(todayIn((await getCompanyCalendar(tx)).timezone)),
      mayManage,
    };
  });
  return { ...result, status: status ?? null, page, slug: member.company.slug };
}

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    "create-draft": intent({
      operation: createDraftInvoiceOperation,
      success: ({ id }, member) => ({ toast: "Draft invoice built.", redirectTo: `/c/${member.company.slug}/invoices/${id}` }),
    }),
  });
}

export default function Invoices() {
  const { invoices, hasNext, status, page, mayManage } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const pageLink = (to: number) => `?${new URLSearchParams({ ...(status ? { status } : {}), page: String(to) })}`;

  return (
    <div className="stack-lg">
      <div className="page-header">
        <h1>Invoices</h1>
        <Link href="settings">Invoice settings</Link>
      </div>

      <Form method="get" className="filters" key={status ?? allStatuses}>
        <Select label="Status" name="status" defaultValue={status ?? allStatuses} options={statusChoices} />
        <Button type="submit" variant="secondary" isDisabled={navigation.state !== "idle"}>
          Show
        </Button>
      </Form>

      {invoices.length === 0 ? (
        <EmptyState title={status ? `No ${statusLabels[status].toLowerCase()} invoices` : page > 1 ? "No more invoices" : "No invoices yet"}>
          {!status && page === 1 && mayManage ? <p>Build one below from a client's approved billable time.</p> : null}
        </EmptyState>
      ) : (
        <Table label="Invoices" columns={["Number", "Client", "Period", "Status", "Total", "Issued", "Due"]}>
          {invoices.map((invoice) => (
            <tr key={invoice.id}>
              <td>
                <Link href={invoice.id}>{invoice.number ?? "Draft"}</Link>
                {invoice.kind === "credit_note" ? <span className="badge">Credit note</span> : null}
              </td>
              <td>{invoice.clientName}</td>
              <td>
                {invoice.periodFrom && invoice.periodTo ? (
                  `${invoice.periodFrom} – ${invoice.periodTo}`
                ) : invoice.correctsNumber ? (
                  <span className="muted">Corrects {invoice.correctsNumber}</span>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>{statusLabels[invoice.status]}</td>
              <td className="figure">{formatMoney(invoice.totalMinor, invoice.currency)}</td>
              <td>{invoice.issuedOn ?? <span className="muted">—</span>}</td>
              <td>{invoice.dueOn ?? <span className="muted">—</span>}</td>
            </tr>
          ))}
        </Table>
      )}

      {page > 1 || hasNext ? (
        <nav aria-label="Pages of invoices" className="pager">
          {page > 1 ? <Link href={pageLink(page - 1)}>Previous page</Link> : null}
          <span className="muted">Page {page}</span>
          {hasNext ? <Link href={pageLink(page + 1)}>Next page</Link> : null}
        </nav>
      ) : null}

      {mayManage ? <NewInvoiceForm /> : null}
    </div>
  );
}

function NewInvoiceForm() {
  const { clients, projects, period } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useValidatedForm(newInvoiceInput, lastResult, {
    defaultValue: { ...period, groupBy: "project-task" },
  });
  const chosen = fields.clientId.initialValue;
  const [clientId, setClientId] = useState<string | null>(typeof chosen === "string" ? chosen : null);
  const clientProjects = projects.filter((project) => project.clientId === clientId);

  return (
    <section aria-labelledby="new-invoice-heading" className="stack">
      <h2 id="new-invoice-heading">New invoice</h2>
      {clients.length === 0 ? (
        <EmptyState title="No clients to invoice">
          <p>
            <Link href="../clients">Add a client</Link> and log billable time on its projects first.
          </p>
        </EmptyState>
      ) : (
        <Writable>
          <Form method="post" {...getFormProps(form)} className="card stack narrow">
            <FormErrors errors={form.errors} />
            <Select
              label="Client"
              name={fields.clientId.name}
              errors={fields.clientId.errors}
              selectedKey={clientId}
              onChange={setClientId}
              options={clients.map((client) => ({ id: client.id, label: `${client.name} (${client.currency})` }))}
            />
            <div className="grid-2">
              <TextField label="From" type="date" {...fieldProps(fields.from)} />
              <TextField label="To" type="date" {...fieldProps(fields.to)} />
            </div>
            {clientProjects.length > 1 ? (
              <CheckboxGroup
                // A new client's projects start unticked.
                key={clientId}
                label="Projects"
                name={fields.projectIds.name}
                errors={fields.projectIds.errors}
                description="Leave all unticked to invoice every project of the client."
                options={clientProjects.map((project) => ({ id: project.id, label: project.name }))}
              />
            ) : fields.projectIds.errors ? (
              <FormErrors errors={fields.projectIds.errors} />
            ) : null}
            <Select
              label="Lines"
              name={fields.groupBy.name}
              defaultValue={fields.groupBy.initialValue === "person" ? "person" : "project-task"}
              errors={fields.groupBy.errors}
              options={groupChoices}
            />
            <p className="muted small">
              The draft takes the client&apos;s approved, billable time in the period that no issued invoice bills yet, priced at the
              rates frozen when each week was approved.
            </p>
            <Button type="submit" isPending={navigation.state === "submitting"}>
              Build draft
            </Button>
          </Form>
        </Writable>
      )}
      <p className="muted small">
        <Link href="../finance/exports">Finance exports</Link>: invoices, their lines and approved time for a period, as CSV or XLSX.
      </p>
    </section>
  );
}
