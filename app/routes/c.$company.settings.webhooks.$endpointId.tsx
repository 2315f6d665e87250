import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionButton } from "~/components/ActionButton";
import { formatDateTime } from "~/components/format";
import { Link } from "~/components/Link";
import { EmptyState } from "~/components/Notice";
import { Table } from "~/components/Table";
import { getEndpoint, listDeliveries } from "~/kernel/webhooks/endpoints.server";
import { resendWebhookDeliveryOperation } from "~/kernel/webhooks/operations.server";
import { withCompany } from "~/routing/company-data.server";
import { companyAction, intent } from "~/routing/company-action.server";

export const meta: MetaFunction = () => [{ title: "Webhook deliveries · Hourbook" }];

const pageSize = 25;
const cursor = z.object({ position: z.string().max(64), id: z.uuid() });

function parseCursor(value: string | null) {
  if (!value) return null;
  try {
    const parsed = cursor.safeParse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function loader(args: LoaderFunctionArgs) {
  const endpointId = args.params.endpointId!;
  const after = parseCursor(new URL(args.request.url).searchParams.get("after"));
  const { member, result } = await withCompany(args, "webhook:manage", async (tx) => {
    const endpoint = z.uuid().safeParse(endpointId).success ? await getEndpoint(tx, endpointId) : null;
    return endpoint && { endpoint, deliveries: await listDeliveries(tx, endpointId, { limit: pageSize + 1, after }) };
  });
  if (!result) throw data("Not found", { status: 404 });
  const deliveries = result.deliveries.slice(0, pageSize);
  const last = deliveries.at(-1);
  const nextCursor =
    result.deliveries.length > pageSize && last
      ? Buffer.from(JSON.stringify({ position: last.position, id: last.id })).toString("base64url")
      : null;
  return { endpoint: result.endpoint, deliveries, nextCursor, timezone: member.company.timezone };
}

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    resend: intent({ operation: resendWebhookDeliveryOperation, success: () => ({ toast: "Delivery queued again." }) }),
  });
}

export default function WebhookDeliveries() {
  const { endpoint, deliveries, nextCursor, timezone } = useLoaderData<typeof loader>();
  const on = endpoint.disabledAt === null;
  return (
    <div className="stack-lg">
      <div className="page-header">
        <h1>{endpoint.url}</h1>
        <Link href="..">All endpoints</Link>
      </div>
      <p className="muted">
        {on ? "On." : `Off since ${formatDateTime(endpoint.disabledAt!, timezone)}: ${endpoint.disabledReason ?? ""}`} Events:{" "}
        {endpoint.eventTypes.join(", ")}.
      </p>

      <section aria-labelledby="log-heading" className="stack">
        <h2 id="log-heading">Delivery log (30 days)</h2>
        {deliveries.length === 0 ? (
          <EmptyState title="Nothing sent yet">
            <p>Deliveries show here with every attempt.</p>
          </EmptyState>
        ) : (
          <Table label="Deliveries" columns={["Event", "Status", "Attempts", "Last answer", ""]}>
            {deliveries.map((delivery) => {
              const latest = delivery.log.at(-1);
              return (
                <tr key={delivery.id}>
                  <td>
                    {delivery.eventType}
                    <div className="muted">
                      <code>{delivery.eventId}</code> · {formatDateTime(delivery.createdAt, timezone)}
                    </div>
                  </td>
                  <td>{delivery.status}</td>
                  <td>{delivery.attempts}</td>
                  <td>
                    {latest
                      ? `${latest.responseStatus ?? latest.error ?? ""} in ${latest.durationMs} ms${latest.responseBody ? `: ${latest.responseBody.slice(0, 120)}` : ""}`
                      : "Not tried yet"}
                  </td>
                  <td>
                    <ActionButton intent="resend" values={{ endpointId: endpoint.id, deliveryId: delivery.id }} variant="quiet" label={`Send ${delivery.eventType} again`}>
                      Resend
                    </ActionButton>
                  </td>
                </tr>
              );
            })}
          </Table>
        )}
        {nextCursor ? <Link href={`?after=${nextCursor}`}>Older deliveries</Link> : null}
      </section>
    </div>
  );
}
