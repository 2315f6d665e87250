import { describe, expect, it } from "vitest";
import { emailMessageSchema, type EmailTemplate } from "./messages";
import { EmailExpiredError, emailTemplateNames, renderEmail } from "./render";
import { sampleEmailContext, sampleEmailProps } from "./samples";

const appUrl = "https://app.hourbook.test";
const now = new Date("2025-11-21T09:00:00Z");
const props = sampleEmailProps(now);

/** What each email must say, in both its HTML and its text part. */
const keyFacts: Record<EmailTemplate, string[]> = {
  invitation: ["Ada Owner", "Acme Studio", "a manager", `${appUrl}/invitations/sample-invitation-token`, "November 28, 2025"],
  "password-reset": ["Grace Manager", `${appUrl}/reset-password/sample-reset-token`, "expires in 1 hour"],
  "sign-up-confirmation": [`${appUrl}/signup/confirm/sample-sign-up-token`, "expires in 24 hours", "nothing is created"],
  "sign-up-existing-account": ["Grace Manager", "nothing was created", `${appUrl}/login`, `${appUrl}/forgot-password`],
  "timesheet-submitted": ["Edsger Employee", "November 17, 2025", "37 h 30 min", `${appUrl}/c/acme/approvals?week=2025-11-17`],
  "timesheet-approved": ["Grace Manager", "November 17, 2025", "37 h 30 min", `${appUrl}/c/acme/time?week=2025-11-17`],
  "timesheet-sent-back": ["Grace Manager", "November 17, 2025", "look like a typo: was it 6?", `${appUrl}/c/acme/time`],
  "timesheet-reminder": ["November 17, 2025", `${appUrl}/c/acme/time?week=2025-11-17`],
  "timesheet-digest": ["November 17, 2025", "Edsger Employee, Barbara Designer", "3 timesheets are waiting", `${appUrl}/c/acme/approvals?week=2025-11-17`],
  "budget-alert": ["Website relaunch (Northwind)", "81 h 40 min", "100 h", "81 %", `${appUrl}/c/acme/projects/0b9c7a4e-5d1f-4c3b-9a8e-2f6d1e0c7b5a`],
  "export-ready": ["Approved time, November 2025 (CSV)", `${appUrl}/c/acme/finance/exports/6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b/download`],
  "payment-failed": ["€147.00", "Acme Studio", `${appUrl}/c/acme/billing`],
  "scheduled-report": [
    "Hours by project",
    "November 17, 2025 – November 23, 2025",
    "164 h 30 min logged in 64 entries, 120 h billable",
    "Website relaunch (WEB)",
    "attached",
    `${appUrl}/c/acme/reports/schedules`,
  ],
  "api-token-expiring": ["Payroll export", "hb_pat_x7Kq2", "November 28, 2025", `${appUrl}/c/acme/api-tokens`],
  "email-change-confirmation": ["Grace Manager", `${appUrl}/account/email/sample-email-change-token`, "November 22, 2025"],
  "sign-in-method-changed": ["Grace Manager", "two-factor authentication was turned off", `${appUrl}/account`, `${appUrl}/forgot-password`],
  "webhook-endpoint-disabled": ["https://payroll.example/hooks/hourbook", `${appUrl}/c/acme/settings/webhooks/00000000-0000-4000-8000-000000000001`],
};

function render(template: EmailTemplate, at = now) {
  return renderEmail({ template, props: props[template] as never }, sampleEmailContext(appUrl, now, template), at);
}

/** The HTML as a reader sees it: React's text-node separators gone, entities decoded. */
const asRead = (html: string) =>
  html
    .replaceAll("<!-- -->", "")
    .replaceAll("&amp;", "&")
    .replaceAll("&#x27;", "'")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'");

describe("email templates", () => {
  it.each(emailTemplateNames)("%s renders HTML and text with its key facts and a way back", async (template) => {
    const email = await render(template);
    expect(email.subject.length).toBeGreaterThan(10);
    for (const fact of keyFacts[template]) {
      expect(asRead(email.html)).toContain(fact);
      expect(email.text).toContain(fact);
    }
    const company = sampleEmailContext(appUrl, now, template).company;
    const home = company ? `${appUrl}/c/${company.slug}` : appUrl;
    expect(email.html).toContain(`href="${home}"`);
    if (company) expect(email.text).toContain(`Open ${company.name} ${home}`);
    expect(email.html).not.toContain("undefined");
    expect(email.text).not.toContain("undefined");
  });

  it.each(emailTemplateNames)("%s links only under APP_URL, and its message can't carry a link of its own", async (template) => {
    const email = await render(template);
    const hrefs = [...email.html.matchAll(/href="([^"]*)"/g)].map(([, href]) => href);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href?.startsWith(`${appUrl}/`) || href === appUrl).toBe(true);

    const message = { to: "someone@example.com", template, props: { ...props[template], actionUrl: "https://evil.example/c/acme" } };
    expect(emailMessageSchema.safeParse(message).success).toBe(false);
  });

  it("refuses an invitation, reset or sign-up confirmation whose link has expired", async () => {
    const later = new Date(now.getTime() + 2 * 3_600_000);
    await expect(render("password-reset", later)).rejects.toBeInstanceOf(EmailExpiredError);
    await expect(render("invitation", later)).resolves.toBeDefined();
    await expect(render("sign-up-confirmation", later)).resolves.toBeDefined();
    const nextDay = new Date(now.getTime() + 25 * 3_600_000);
    await expect(render("sign-up-confirmation", nextDay)).rejects.toBeInstanceOf(EmailExpiredError);
  });

  it("renders the same email for the same message, whenever it is rendered (Resend's idempotency needs it)", async () => {
    const first = await render("password-reset");
    const again = await render("password-reset", new Date(now.getTime() + 30 * 60_000));
    expect(again).toEqual(first);
  });
});
