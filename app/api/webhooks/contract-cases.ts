import { sendTestEvent } from "~/kernel/webhooks/deliveries.server";
import { createEndpoint, updateEndpoint } from "~/kernel/webhooks/endpoints.server";
import type { ContractCases, ContractWorld } from "~/testing/api-contract";

/**
 * Endpoints here listen only for export.ready, which no other case emits, and the
 * ones sent to are turned off first: what they queue waits, so no job of theirs
 * writes while the contract and cross-tenant walks run.
 */
async function endpoint(w: ContractWorld, { off = false } = {}): Promise<string> {
  return w.context.withTenant(w.owner, async (tx) => {
    const { endpoint: created } = await createEndpoint(tx, w.context.secrets, {
      url: "https://hooks.example/hourbook",
      description: "Contract",
      eventTypes: ["export.ready"],
    });
    if (off) await updateEndpoint(tx, { endpointId: created.id, enabled: false });
    return created.id;
  });
}

async function delivery(w: ContractWorld): Promise<{ endpointId: string; deliveryId: string }> {
  const endpointId = await endpoint(w, { off: true });
  await w.context.withTenant(w.owner, (tx) => sendTestEvent(tx, endpointId));
  const page = (await (await w.call("GET", `/api/v1/webhook-endpoints/${endpointId}/deliveries`)).json()) as { data: { id: string }[] };
  return { endpointId, deliveryId: page.data[0]!.id };
}

export const webhookCases: ContractCases = {
  listWebhookEndpoints: async (w) => {
    await endpoint(w);
    return [{ path: "/api/v1/webhook-endpoints", expect: 200 }];
  },
  createWebhookEndpoint: async () => [
    { path: "/api/v1/webhook-endpoints", body: { url: "https://hooks.example/in", eventTypes: ["export.ready"] }, expect: 201 },
    { path: "/api/v1/webhook-endpoints", body: { url: "https://10.0.0.8/in", eventTypes: ["export.ready"] }, expect: 422 },
    { path: "/api/v1/webhook-endpoints", body: { url: "https://hooks.example/in", eventTypes: ["nothing.happened"] }, expect: 400 },
    { path: "/api/v1/webhook-endpoints", body: { url: "https://hooks.example/in", eventTypes: [] }, expect: 400 },
  ],
  getWebhookEndpoint: async (w) => [{ path: `/api/v1/webhook-endpoints/${await endpoint(w)}`, expect: 200 }],
  updateWebhookEndpoint: async (w) => {
    const id = await endpoint(w);
    return [
      { path: `/api/v1/webhook-endpoints/${id}`, body: { description: "Payroll", enabled: false }, expect: 200 },
      { path: `/api/v1/webhook-endpoints/${id}`, body: { url: "https://169.254.169.254/latest" }, expect: 422 },
      { path: `/api/v1/webhook-endpoints/${id}`, body: { enabled: "yes" }, expect: 400 },
    ];
  },
  deleteWebhookEndpoint: async (w) => [{ path: `/api/v1/webhook-endpoints/${await endpoint(w)}`, expect: 204 }],
  rotateWebhookSecret: async (w) => {
    const id = await endpoint(w);
    return [
      { path: `/api/v1/webhook-endpoints/${id}/rotate-secret`, body: { overlapHours: 48 }, expect: 200 },
      { path: `/api/v1/webhook-endpoints/${id}/rotate-secret`, body: { overlapHours: 1000 }, expect: 400 },
    ];
  },
  sendWebhookTest: async (w) => [{ path: `/api/v1/webhook-endpoints/${await endpoint(w, { off: true })}/send-test`, expect: 201 }],
  listWebhookDeliveries: async (w) => {
    const { endpointId } = await delivery(w);
    return [
      { path: `/api/v1/webhook-endpoints/${endpointId}/deliveries?limit=1`, expect: 200 },
      { path: `/api/v1/webhook-endpoints/${endpointId}/deliveries?cursor=not-ours`, expect: 400 },
    ];
  },
  resendWebhookDelivery: async (w) => {
    const { endpointId, deliveryId } = await delivery(w);
    return [
      { path: `/api/v1/webhook-endpoints/${endpointId}/deliveries/${deliveryId}/resend`, expect: 200 },
      { path: `/api/v1/webhook-endpoints/${endpointId}/deliveries/${crypto.randomUUID()}/resend`, expect: 404 },
    ];
  },
};
