import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button } from "~/components/Button";
import { FormErrors } from "~/components/fields";
import { useValidatedForm } from "~/components/forms";
import { Link } from "~/components/Link";
import { EmptyState } from "~/components/Notice";
import { ClientFields, Rate } from "~/kernel/catalog/CatalogFields";
import { Table } from "~/components/Table";
import { Writable } from "~/components/ReadOnly";
import { companyCurrency, listClients } from "~/kernel/catalog/clients.server";
import { createClientInput } from "~/kernel/catalog/inputs";
import { createClientOperation } from "~/kernel/catalog/operations.server";
import { can } from "~/kernel/permissions";
import { companyAction, intent } from "~/routing/company-action.server";
import { withCompany } from "~/routing/company-data.server";

export const meta: MetaFunction = () => [{ title: "Clients · Hourbook" }];

export async function loader(args: LoaderFunctionArgs) {
  const archived = new URL(args.request.url).searchParams.get("archived") === "1";
  const { member, result } = await withCompany(args, "project:view", async (tx) => ({
    clients: await listClients(tx, { archived }),
    currency: await companyCurrency(tx),
  }));
  return { ...result, archived, mayManage: can(member.company.role, "project:manage") };
}

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    create: intent({
      operation: createClientOperation,
      success: ({ id }, member) => ({ toast: "Client created.", redirectTo: `/c/${member.company.slug}/clients/${id}` }),
    }),
  });
}

export default function Clients() {
  const { clients, currency, archived, mayManage } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useValidatedForm(createClientInput, lastResult, { defaultValue: { currency } });

  return (
    <div className="stack-lg">
      <div className="page-header">
        <h1>{archived ? "Archived clients" : "Clients"}</h1>
        <Link href={archived ? "." : "?archived=1"}>{archived ? "Show current clients" : "Show archived clients"}</Link>
      </div>

      {clients.length === 0 ? (
        <EmptyState title={archived ? "No archived clients" : "No clients yet"}>
          {!archived && mayManage ? <p>Clients are who you bill; their projects use their currency and default rate.</p> : null}
        </EmptyState>
      ) : (
        <Table
          label={archived ? "Archived clients" : "Clients"}
          columns={["Client", "Contact", "Currency", "Default rate", "Live projects"]}
        >
          {clients.map((client) => (
            <tr key={client.id}>
              <td>
                <Link href={client.id}>{client.name}</Link>
              </td>
              <td>
                {client.contactName ?? (client.contactEmail ? null : <span className="muted">—</span>)}
                {client.contactEmail ? <div className="muted small">{client.contactEmail}</div> : null}
              </td>
              <td>{client.currency}</td>
              <td>
                <Rate minor={client.hourlyRateMinor} currency={client.currency} />
              </td>
              <td>{client.liveProjectCount}</td>
            </tr>
          ))}
        </Table>
      )}

      {mayManage && !archived ? (
        <section aria-labelledby="new-client-heading" className="stack">
          <h2 id="new-client-heading">New client</h2>
          <Writable>
            <Form method="post" {...getFormProps(form)} className="card stack narrow">
              <FormErrors errors={form.errors} />
              <ClientFields fields={fields} />
              <Button type="submit" isPending={navigation.state === "submitting"}>
                Create client
              </Button>
            </Form>
          </Writable>
        </section>
      ) : null}
    </div>
  );
}
