import { render } from "@react-email/render";
import type { EmailContext, EmailTemplateDefinition } from "./layout";
import { messageUrls } from "./links";
import type { EmailProps, EmailTemplate } from "./messages";
import { apiTokenExpiring } from "./templates/api-token-expiring";
import { webhookEndpointDisabled } from "./templates/webhook-endpoint-disabled";
import { budgetAlert } from "./templates/budget-alert";
import { emailChangeConfirmation } from "./templates/email-change-confirmation";
import { exportReady } from "./templates/export-ready";
import { invitation } from "./templates/invitation";
import { passwordReset } from "./templates/password-reset";
import { paymentFailed } from "./templates/payment-failed";
import { scheduledReport } from "./templates/scheduled-report";
import { signInMethodChanged } from "./templates/sign-in-method-changed";
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
  "api-token-expiring": apiTokenExpiring,
  "email-change-confirmation": emailChangeConfirmation,
  "sign-in-method-changed": signInMethodChanged,
  "webhook-endpoint-disabled": webhookEndpointDisabled,
};

export const emailTemplateNames = Object.keys(templates) as EmailTemplate[];

export interface RenderedEmail {
  subject: string;
  html: string;
  /** The plain-text part; Resend sends none of its own when given HTML. */
  text: string;
}

/** The message's link stopped working before it could be sent; sending it late would only confuse. */
export class EmailExpiredError extends Error {
  constructor(template: string, expiresAt: string) {
    super(`The ${template} email expired at ${expiresAt} before it was sent`);
    this.name = "EmailExpiredError";
  }
}

export async function renderEmail<T extends EmailTemplate>(
  message: { template: T; props: EmailProps<T> },
  context: EmailContext,
  now = new Date(),
): Promise<RenderedEmail> {
  const { subject, Email, expiresAt } = templates[message.template];
  const props = message.props;
  const expiry = expiresAt?.(props);
  if (expiry && new Date(expiry) <= now) throw new EmailExpiredError(message.template, expiry);

  // Links exist only here, built from the message's ids on APP_URL: a message can't point off-site.
  const links = messageUrls(message.template, props, { appUrl: context.appUrl, companySlug: context.company?.slug ?? null });
  const element = <Email props={props} context={context} links={links} />;
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: subject(props, context), html, text };
}
