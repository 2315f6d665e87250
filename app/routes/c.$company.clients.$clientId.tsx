import { getFormProps } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Button } from "~/components/Button";
import { ArchivableHeader } from "~/kernel/catalog/ArchivableHeader";
import { FormErrors, ReplyErrors } from "~/components/fields";
import { replyFor, useValidatedForm } from "~/components/forms";
import { Link } from "~/components/Link";
import { EmptyState } from "~/components/Notice";
import { ClientFields, Rate, Swatch } from "~/kernel/catalog/CatalogFields";
import { Table } from "~/components/Table";
import { Writable } from "~/components/ReadOnly";
import { getClient } from "~/kernel/catalog/clients.server";
import { createClientInput } from "~/kernel/catalog/inputs";
import { archiveClientOperation, restoreClientOperation, updateClientOperation } from "~/kernel/catalog/operations.server";
import { can } from "~/kernel/permissions";
import { moneyInputValue } from "~/kernel/catalog/project-fields";
import { companyAction, intent } from "~/routing/company-action.server";
import { withCompany } from "~/routing/company-data.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.client.name ?? "Client"} · Hourbook` }];

const clientIdSchema = z.uuid();

function notFound(): never {
  throw data("Client not found", { status: 404 });
}

export async function loader(args: LoaderFunctionArgs) {
  const clientId = clientIdSchema.safeParse(args.params.clientId);
  if (!clientId.success) notFound();
  const { member, result: client } = await withCompany(args, "project:view", (tx) => getClient(tx, clientId.data));
  if (!client) notFound();
  return { client, mayManage: can(member.company.role, "project:manage") };
}

const clientIdFromUrl = (params: { clientId?: string }) => ({ clientId: params.clientId });

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    edit: intent({ operation: updateClientOperation, fromParams: clientIdFromUrl, success: () => ({ toast: "Client saved." }) }),
    archive: intent({
      operation: archiveClientOperation,
      fromParams: clientIdFromUrl,
      success: () => ({ toast: "Client and its projects archived." }),
    }),
    restore: intent({ operation: restoreClientOperation, fromParams: clientIdFromUrl, success: () => ({ toast: "Client restored." }) }),
  });
}

export default function Client() {
  const { client, mayManage } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const editReply = replyFor(reply, { intent: "edit" });
  const [form, fields] = useValidatedForm(createClientInput, editReply, {
    defaultValue: {
      name: client.name,
      currency: client.currency,
      contactName: client.contactName ?? "",
      contactEmail: client.contactEmail ?? "",
      hourlyRateMinor: moneyInputValue(client.hourlyRateMinor),
      billingAddress: client.billingAddress ?? "",
      taxId: client.taxId ?? "",
    },
  });

  return (
    <div className="stack-lg">
      <ArchivableHeader
        noun="client"
        name={client.name}
        crumbs={<Link href="../clients">Clients</Link>}
        archived={Boolean(client.archivedAt)}
        mayManage={mayManage}
        archiveWarning={
          <p>
            {client.liveProjectCount === 0
              ? "Nobody can start new projects for it."
              : `Its ${client.liveProjectCount === 1 ? "live project is" : `${client.liveProjectCount} live projects are`} archived with it, so nobody logs new time for this client. Restoring the client later doesn't restore its projects.`}{" "}
            Logged time stays.
          </p>
        }
      />
      {editReply ? null : <ReplyErrors reply={reply} />}

      {mayManage ? (
        <Writable>
          <Form method="post" {...getFormProps(form)} className="card stack narrow">
            <input type="hidden" name="intent" value="edit" />
            <FormErrors errors={form.errors} />
            <ClientFields fields={fields} />
            <Button type="submit" isPending={navigation.state === "submitting"}>
              Save client
            </Button>
          </Form>
        </Writable>
      ) : (
        <dl className="details card">
          <dt>Contact</dt>
          <dd>{[client.contactName, client.contactEmail].filter(Boolean).join(" · ") || "—"}</dd>
          <dt>Currency</dt>
          <dd>{client.currency}</dd>
          <dt>Default rate</dt>
          <dd>
            <Rate minor={client.hourlyRateMinor} currency={client.currency} />
          </dd>
          <dt>Billing address</dt>
          <dd style={{ whiteSpace: "pre-line" }}>{client.billingAddress ?? "—"}</dd>
          <dt>Tax id</dt>
          <dd>{client.taxId ?? "—"}</dd>
        </dl>
      )}

      <section aria-labelledby="projects-heading" className="stack">
        <h2 id="projects-heading">Projects</h2>
        {client.projects.length === 0 ? (
          <EmptyState title="No projects for this client yet">
            {mayManage ? (
              <p>
                <Link href="../projects">Create one on the projects page.</Link>
              </p>
            ) : null}
          </EmptyState>
        ) : (
          <Table label={`Projects for ${client.name}`} columns={["Project", "Code", "Billable", "Rate"]}>
            {client.projects.map((project) => (
              <tr key={project.id} className={project.archivedAt ? "row-muted" : undefined}>
                <td>
                  <Swatch color={project.color} /> <Link href={`../projects/${project.id}`}>{project.name}</Link>
                  {project.archivedAt ? <span className="badge">Archived</span> : null}
                </td>
                <td>{project.code ?? <span className="muted">—</span>}</td>
                <td>{project.billable ? "Billable" : "Not billable"}</td>
                <td>
                  <Rate minor={project.effectiveRateMinor} currency={client.currency} />
                </td>
              </tr>
            ))}
          </Table>
        )}
      </section>
    </div>
  );
}
