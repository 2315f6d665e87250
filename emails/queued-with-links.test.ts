import { describe, expect, it } from "vitest";
import { emailMessageSchema } from "./messages";
import { withIdsForLinks } from "./queued-with-links";

const appUrl = "https://app.hourbook.test";
const expiresAt = "2025-11-28T09:00:00.000Z";
const projectId = "0b9c7a4e-5d1f-4c3b-9a8e-2f6d1e0c7b5a";
const exportId = "6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b";

/** Messages as releases before decision 029 queued them, and the same messages as they are queued now. */
const queuedBefore = [
  [
    { template: "invitation", props: { inviterName: "Ada", role: "employee", acceptUrl: `${appUrl}/invitations/tok_1`, expiresAt } },
    { inviterName: "Ada", role: "employee", token: "tok_1", expiresAt },
  ],
  [
    { template: "password-reset", props: { name: "Grace", resetUrl: `${appUrl}/reset-password/tok-2`, expiresAt } },
    { name: "Grace", token: "tok-2", expiresAt },
  ],
  [
    { template: "sign-up-confirmation", props: { confirmUrl: `${appUrl}/signup/confirm/tok3`, expiresAt } },
    { token: "tok3", expiresAt },
  ],
  [
    { template: "sign-up-existing-account", props: { name: "Grace", signInUrl: `${appUrl}/login`, resetUrl: `${appUrl}/forgot-password` } },
    { name: "Grace" },
  ],
  [
    { template: "timesheet-digest", props: { weekStart: "2025-11-17", notSubmitted: [], waitingCount: 1, approvalsUrl: `${appUrl}/c/acme/approvals?week=2025-11-17` } },
    { weekStart: "2025-11-17", notSubmitted: [], waitingCount: 1 },
  ],
  [
    {
      template: "budget-alert",
      props: { projectName: "Web", clientName: null, threshold: 80, loggedMinutes: 90, budgetMinutes: 100, projectUrl: `${appUrl}/c/acme/projects/${projectId}` },
    },
    { projectName: "Web", clientName: null, threshold: 80, loggedMinutes: 90, budgetMinutes: 100, projectId },
  ],
  [
    { template: "export-ready", props: { exportName: "Audit log", downloadUrl: `${appUrl}/c/acme/audit/exports/${exportId}/download`, expiresAt } },
    { exportName: "Audit log", exportId, exportArea: "audit", expiresAt },
  ],
  [
    { template: "payment-failed", props: { amountDue: 100, currency: "eur", billingUrl: `${appUrl}/c/acme/billing` } },
    { amountDue: 100, currency: "eur" },
  ],
] as const;

describe("emails queued with links", () => {
  it.each(queuedBefore)("read as today's message: $template", (before, props) => {
    const message = withIdsForLinks({ to: "someone@example.com", ...before });
    expect(message).toEqual({ to: "someone@example.com", template: before.template, props });
    expect(emailMessageSchema.safeParse(message).success).toBe(true);
  });

  it("leave today's messages and anything unreadable as they are", () => {
    const today = { to: "someone@example.com", template: "timesheet-reminder", props: { weekStart: "2025-11-17" } };
    expect(withIdsForLinks(today)).toEqual(today);
    expect(withIdsForLinks("not a message")).toBe("not a message");
    expect(withIdsForLinks({ template: "timesheet-reminder" })).toEqual({ template: "timesheet-reminder" });
  });
});
