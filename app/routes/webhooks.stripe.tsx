import type { ActionFunctionArgs } from "@remix-run/node";

/**
 * POST /webhooks/stripe. Exempt from the same-origin check (server/app.ts): Stripe
 * authenticates with the signature instead. Answers before the event is applied;
 * the apply-stripe-event job does that.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
  if (!context.billing.webhooks) return new Response("Billing isn't configured", { status: 404 });
  const receipt = await context.billing.webhooks.receive(await request.text(), request.headers.get("Stripe-Signature"));
  if (receipt.status === 400) {
    context.logger.warn({ reason: receipt.reason }, "Refused a Stripe webhook delivery");
    return new Response(`Refused: ${receipt.reason}`, { status: 400 });
  }
  context.logger.info({ eventId: receipt.eventId, duplicate: receipt.duplicate }, "Stripe webhook received");
  return Response.json({ received: true, duplicate: receipt.duplicate });
}
