import type { EmailContext } from "./layout";
import { isAccountTemplate, type EmailProps, type EmailTemplate } from "./messages";

/**
 * One plausible message per template, for the development preview (/dev/emails)
 * and the template tests. Ids and tokens only: links come from emails/links.ts.
 */
export function sampleEmailProps(now: Date): { [T in EmailTemplate]: EmailProps<T> } {
  const inHours = (hours: number) => new Date(now.getTime() + hours * 3_600_000).toISOString();
  return {
    invitation: {
      inviterName: "Ada Owner",
      role: "manager",
      token: "sample-invitation-token",
      expiresAt: inHours(7 * 24),
    },
    "password-reset": {
      name: "Grace Manager",
      token: "sample-reset-token",
      expiresAt: inHours(1),
    },
    "sign-up-confirmation": {
      token: "sample-sign-up-token",
      expiresAt: inHours(24),
    },
    "sign-up-existing-account": { name: "Grace Manager" },
    "timesheet-submitted": {
      submitterName: "Edsger Employee",
      weekStart: "2025-11-17",
      totalMinutes: 2_250,
    },
    "timesheet-approved": {
      approverName: "Grace Manager",
      weekStart: "2025-11-17",
      totalMinutes: 2_250,
    },
    "timesheet-sent-back": {
      reviewerName: "Grace Manager",
      weekStart: "2025-11-17",
      comment: "Tuesday's 9 hours on Website relaunch look like a typo: was it 6?",
    },
    "timesheet-reminder": {
      weekStart: "2025-11-17",
    },
    "timesheet-digest": {
      weekStart: "2025-11-17",
      notSubmitted: ["Edsger Employee", "Barbara Designer"],
      waitingCount: 3,
    },
    "budget-alert": {
      projectName: "Website relaunch",
      clientName: "Northwind",
      threshold: 80,
      loggedMinutes: 4_900,
      budgetMinutes: 6_000,
      projectId: "0b9c7a4e-5d1f-4c3b-9a8e-2f6d1e0c7b5a",
    },
    "export-ready": {
      exportName: "Approved time, November 2025 (CSV)",
      exportId: "6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b",
      exportArea: "finance",
      expiresAt: inHours(7 * 24),
    },
    "payment-failed": { amountDue: 14_700, currency: "eur" },
    "scheduled-report": {
      reportName: "Hours by project",
      periodFrom: "2025-11-17",
      periodTo: "2025-11-23",
      totalMinutes: 9_870,
      billableMinutes: 7_200,
      entries: 64,
      groupLabel: "Project",
      topRows: [
        { label: "Website relaunch (WEB)", minutes: 4_800, billableMinutes: 4_800 },
        { label: "Mobile app (APP)", minutes: 2_400, billableMinutes: 2_400 },
        { label: "Internal", minutes: 2_670, billableMinutes: 0 },
      ],
      moreRows: 0,
    },
    "api-token-expiring": {
      tokenName: "Payroll export",
      displayPrefix: "hb_pat_x7Kq2",
      expiresAt: inHours(7 * 24),
    },
    "email-change-confirmation": { name: "Grace Manager", token: "sample-email-change-token", expiresAt: inHours(24) },
    "sign-in-method-changed": { name: "Grace Manager", change: "two-factor-disabled" },
    "webhook-endpoint-disabled": {
      endpointId: "00000000-0000-4000-8000-000000000001",
      endpointUrl: "https://payroll.example/hooks/hourbook",
      failingSince: inHours(-72),
    },
  };
}

export function sampleEmailContext(appUrl: string, now: Date, template: EmailTemplate): EmailContext {
  const company = { name: "Acme Studio", slug: "acme", timezone: "Europe/Berlin" };
  return { appUrl, queuedAt: now, company: isAccountTemplate(template) ? null : company };
}
