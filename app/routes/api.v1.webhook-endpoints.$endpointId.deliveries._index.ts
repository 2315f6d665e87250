import type { LoaderFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { pageAnswer, pageRequestOf } from "~/api/pagination";
import { deliveryJson } from "~/api/webhooks/answers.server";
import { getEndpoint, listDeliveries } from "~/kernel/webhooks/endpoints.server";
import { apiRead, methodNotAllowed, notFoundProblem } from "~/routing/api.server";

/** GET /api/v1/webhook-endpoints/{endpointId}/deliveries: the log, newest first, a page at a time. */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.listWebhookDeliveries, async (tx, _caller, { params, query }) => {
    if (!(await getEndpoint(tx, params.endpointId))) throw notFoundProblem("Endpoint");
    const page = pageRequestOf(query);
    const rows = await listDeliveries(tx, params.endpointId, { limit: page.limit + 1, after: page.after });
    return pageAnswer(rows, page, args.request, deliveryJson);
  });
}

export const action = () => methodNotAllowed(["GET"]);
