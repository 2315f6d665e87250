import { planFeatureIn } from "~/kernel/company/plan-features.server";
import { operation, refused, succeeded } from "~/kernel/operations";
import { requestAuditExportInput, retryAuditExportInput } from "./inputs";
import { requestAuditExport, retryAuditExport } from "~/kernel/files/exports.server";

/** A new export needs a plan that includes them; exports already made stay downloadable and retryable. */
export const requestAuditExportOperation = operation({
  name: "audit-export.request",
  permission: "audit:export",
  input: requestAuditExportInput,
  run: async (tx, input, { services }) => {
    const plan = await planFeatureIn(tx, services.billing, "audit-export");
    if (!plan.allowed) return refused(403, plan.refusal);
    return succeeded({ id: await requestAuditExport(tx, { fromDate: input.from, toDate: input.to, format: input.format }) });
  },
});

/** Another company's export is "not found", the same as one that doesn't exist. */
export const retryAuditExportOperation = operation({
  name: "audit-export.retry",
  permission: "audit:export",
  input: retryAuditExportInput,
  run: async (tx, input) => ((await retryAuditExport(tx, input.exportId)) ? succeeded(input) : refused(404, "Export not found, or not failed")),
});
