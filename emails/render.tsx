import { render } from "@react-email/render";
import type { EmailContext, EmailTemplateDefinition } from "./layout";
import type { EmailProps, EmailTemplate } from "./messages";
import { budgetAlert } from "./templates/budget-alert";
import { exportReady } from "./templates/export-ready";
import { invitation } from "./templates/invitation";
import { passwordReset } from "./templates/password-reset";
import { paymentFailed } from "./templates/payment-failed";
import { scheduledReport } from "./templates/scheduled-report";
import { signUpConfirmation } from "./templates/sign-up-confirmation";
import { signUpExistingAccount } from "./templates/sign-up-existing-account";
import { timesheetApproved } from "./templates/timesheet-approved";
import { timesheetDigest } from "./templates/timesheet-digest";
import { timesheetReminder } from "./templates/timesheet-reminder";
import { timesheetSentBack } from "./templates/timesheet-sent-back";
import { timesheetSubmitted } from "./templates/timesheet-submitted";

const templates: { [T in EmailTemplate]: EmailTemplateDefinition<T> } = {
  invitation,
  "password-reset": passwordReset,
  "sign-up-confirmation": signUpConfirmation,
  "sign-up-existing-account": signUpExistingAccount,
  "timesheet-submitted": timesheetSubmitted,
  "timesheet-approved": timesheetApproved,
  "timesheet-sent-back": timesheetSentBack,
  "timesheet-reminder": timesheetReminder,
  "timesheet-digest": timesheetDigest,
  "budget-alert": budgetAlert,
  "export-ready": exportReady,
  "payment-failed": paymentFailed,
  "scheduled-report": scheduledReport,
};

export const emailTemplateNames = Object.keys(templates) as EmailTemplate[];

export interface RenderedEmail {
  subject: string;
  html: string;
  /** The plain-text part; Resend sends none of its own when given HTML. */
  text: string;
}

/** A link in a message points somewhere other than APP_URL: a bug, or worse; never sent. */
export class EmailLinkError extends Error {
  constructor(field: string, url: string, appUrl: string) {
    super(`Email link "${field}" (${url}) is not under APP_URL (${appUrl})`);
    this.name = "EmailLinkError";
  }
}

/** The message's link stopped working before it could be sent; sending it late would only confuse. */
export class EmailExpiredError extends Error {
  constructor(template: string, expiresAt: string) {
    super(`The ${template} email expired at ${expiresAt} before it was sent`);
    this.name = "EmailExpiredError";
  }
}

function assertLinksUnderAppUrl(props: Record<string, unknown>, appUrl: string): void {
  const origin = new URL(appUrl).origin;
  for (const [field, value] of Object.entries(props)) {
    if (field.endsWith("Url") && typeof value === "string" && new URL(value).origin !== origin) {
      throw new EmailLinkError(field, value, appUrl);
    }
  }
}

export async function renderEmail<T extends EmailTemplate>(
  message: { template: T; props: EmailProps<T> },
  context: EmailContext,
  now = new Date(),
): Promise<RenderedEmail> {
  const { subject, Email, expiresAt } = templates[message.template];
  const props = message.props;
  assertLinksUnderAppUrl(props, context.appUrl);
  const expiry = expiresAt?.(props);
  if (expiry && new Date(expiry) <= now) throw new EmailExpiredError(message.template, expiry);

  const element = <Email props={props} context={context} />;
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: subject(props, context), html, text };
}
