import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Link } from "~/components/Link";
import { ActionButton } from "~/components/ActionButton";
import { Button } from "~/components/Button";
import { CheckboxGroup, FormErrors, TextField } from "~/components/fields";
import { formatDateTime } from "~/components/format";
import { useValidatedForm } from "~/components/forms";
import { EmptyState } from "~/components/Notice";
import { Writable } from "~/components/ReadOnly";
import { Table } from "~/components/Table";
import { listEndpoints } from "~/kernel/webhooks/endpoints.server";
import { createEndpointInput } from "~/kernel/webhooks/inputs";
import {
  createWebhookEndpointOperation,
  deleteWebhookEndpointOperation,
  rotateWebhookSecretOperation,
  sendWebhookTestOperation,
} from "~/kernel/webhooks/operations.server";
import { withCompany } from "~/routing/company-data.server";
import { companyAction, intent } from "~/routing/company-action.server";
import { webhookEventTypes } from "../../jobs/webhook-events";

export const meta: MetaFunction = () => [{ title: "Webhooks · Hourbook" }];

export async function loader(args: LoaderFunctionArgs) {
  const { member, result } = await withCompany(args, "webhook:manage", (tx) => listEndpoints(tx));
  return { endpoints: result, timezone: member.company.timezone };
}

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    create: intent({ operation: createWebhookEndpointOperation, success: ({ endpoint, secret }) => ({ shownOnce: { url: endpoint.url, secret } }) }),
    rotate: intent({
      operation: rotateWebhookSecretOperation,
      success: ({ endpoint, secret }) => ({ shownOnce: { url: endpoint.url, secret } }),
    }),
    test: intent({ operation: sendWebhookTestOperation, success: () => ({ toast: "Test event queued. Its delivery shows in the log." }) }),
    delete: intent({ operation: deleteWebhookEndpointOperation, success: () => ({ toast: "Endpoint deleted, with its delivery log." }) }),
  });
}

export default function Webhooks() {
  const { endpoints, timezone } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const shown = reply && "shownOnce" in reply ? (reply.shownOnce as { url: string; secret: string }) : null;
  const rejection = reply && !("shownOnce" in reply) ? reply : undefined;
  const [form, fields] = useValidatedForm(createEndpointInput, rejection);

  return (
    <div className="stack-lg">
      <h1>Webhooks</h1>
      <p className="muted">
        Hourbook POSTs the events you choose to your endpoints, signed per Standard Webhooks, in the order they happen, and
        retries for about 3 days. De-duplicate by the <code>webhook-id</code> header.
      </p>

      {shown ? (
        <section className="card stack" role="status" aria-labelledby="secret-heading">
          <h2 id="secret-heading">Signing secret for {shown.url}</h2>
          <p>Copy it now: this is the only time it is shown.</p>
          <pre>
            <code>{shown.secret}</code>
          </pre>
        </section>
      ) : null}

      <Writable>
        <Form method="post" {...getFormProps(form)} className="card stack">
          <input type="hidden" name="intent" value="create" />
          <h2>New endpoint</h2>
          <FormErrors errors={form.errors} />
          <TextField label="URL" name={fields.url.name} errors={fields.url.errors} description="https:// and a public address." />
          <TextField label="Description" name={fields.description.name} errors={fields.description.errors} />
          <CheckboxGroup
            label="Events"
            name={fields.eventTypes.name}
            errors={fields.eventTypes.errors}
            options={webhookEventTypes.map((type) => ({ id: type, label: type }))}
          />
          <Button type="submit" isPending={navigation.state === "submitting"}>
            Add endpoint
          </Button>
        </Form>
      </Writable>

      <section aria-labelledby="endpoints-heading" className="stack">
        <h2 id="endpoints-heading">Endpoints</h2>
        {endpoints.length === 0 ? (
          <EmptyState title="No endpoints yet">
            <p>Add one above to send events to another system.</p>
          </EmptyState>
        ) : (
          <Table label="Webhook endpoints" columns={["Endpoint", "Events", "Standing", ""]}>
            {endpoints.map((endpoint) => (
              <tr key={endpoint.id}>
                <td>
                  <Link href={endpoint.id}>{endpoint.url}</Link>
                  {endpoint.description ? <div className="muted">{endpoint.description}</div> : null}
                </td>
                <td>{endpoint.eventTypes.join(", ")}</td>
                <td>
                  {endpoint.disabledAt
                    ? `Off since ${formatDateTime(endpoint.disabledAt, timezone)}`
                    : endpoint.failingSince
                      ? `Failing since ${formatDateTime(endpoint.failingSince, timezone)}`
                      : "On"}
                </td>
                <td>
                  <ActionButton intent="test" values={{ endpointId: endpoint.id }} variant="quiet" label={`Send a test event to ${endpoint.url}`}>
                    Send test
                  </ActionButton>
                  <ActionButton intent="rotate" values={{ endpointId: endpoint.id }} variant="quiet" label={`Rotate the secret of ${endpoint.url}`}>
                    Rotate secret
                  </ActionButton>
                  <ActionButton intent="delete" values={{ endpointId: endpoint.id }} variant="quiet" label={`Delete ${endpoint.url}`}>
                    Delete
                  </ActionButton>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </section>
    </div>
  );
}
