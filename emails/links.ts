import type { EmailProps, EmailTemplate } from "./messages";

/**
 * Where each message leads: the one table of paths, built from a message's kind
 * and its ids (token, week, project, export) and the slug of the company it is
 * about. Messages and notifications carry those ids, never a URL (decision 029):
 * the email renderer puts APP_URL in front of these paths when it renders a
 * message, and a notification keeps its message's `action` path as its in-app
 * link. So no stored message can point anywhere but this app, and a change of
 * APP_URL or of a company's slug reaches every email not yet sent.
 *
 * `action` is the path of the message's one call to action; a template that
 * offers a second way on names it too.
 */
const paths = {
  invitation: (props) => ({ action: `/invitations/${segment(props.token)}` }),
  "password-reset": (props) => ({ action: `/reset-password/${segment(props.token)}` }),
  "sign-up-confirmation": (props) => ({ action: `/signup/confirm/${segment(props.token)}` }),
  "sign-up-existing-account": () => ({ action: "/login", reset: "/forgot-password" }),
  "timesheet-submitted": (props, company) => ({ action: companyPath(company, `approvals?week=${props.weekStart}`) }),
  "timesheet-approved": (props, company) => ({ action: companyPath(company, `time?week=${props.weekStart}`) }),
  "timesheet-sent-back": (props, company) => ({ action: companyPath(company, `time?week=${props.weekStart}`) }),
  "timesheet-reminder": (props, company) => ({ action: companyPath(company, `time?week=${props.weekStart}`) }),
  "timesheet-digest": (props, company) => ({ action: companyPath(company, `approvals?week=${props.weekStart}`) }),
  "budget-alert": (props, company) => ({ action: companyPath(company, `projects/${props.projectId}`) }),
  "export-ready": (props, company) => ({
    action: companyPath(company, `${props.exportArea}/exports/${props.exportId}/download`),
  }),
  "payment-failed": (_props, company) => ({ action: companyPath(company, "billing") }),
  "scheduled-report": (_props, company) => ({ action: companyPath(company, "reports/schedules") }),
  "api-token-expiring": (_props, company) => ({ action: companyPath(company, "api-tokens") }),
  "email-change-confirmation": (props) => ({ action: `/account/email/${segment(props.token)}` }),
  // A change the person didn't make is answered by a new password, which signs out everywhere.
  "sign-in-method-changed": () => ({ action: "/account", reset: "/forgot-password" }),
  "webhook-endpoint-disabled": (props, company) => ({ action: companyPath(company, `settings/webhooks/${props.endpointId}`) }),
} satisfies { [T in EmailTemplate]: (props: EmailProps<T>, companySlug: string | null) => { action: string } };

export type MessageLinks<T extends EmailTemplate> = ReturnType<(typeof paths)[T]>;

function segment(value: string): string {
  return encodeURIComponent(value);
}

/** A company's home page, or a page under it. */
export function companyPath(companySlug: string | null, rest = ""): string {
  // Company messages are queued inside a company (queueEmail, createNotification): one without is a programming error.
  if (companySlug === null) throw new Error("A company message was built without its company");
  return `/c/${segment(companySlug)}${rest ? `/${rest}` : ""}`;
}

/** The in-app paths of a message, for a notification's link or, with APP_URL in front, an email's. */
export function messagePaths<T extends EmailTemplate>(
  template: T,
  props: EmailProps<T>,
  companySlug: string | null,
): MessageLinks<T> {
  // TypeScript can't tie the entry looked up by a generic key to that key's props; the table's satisfies clause does.
  const build = paths[template] as unknown as (props: EmailProps<T>, companySlug: string | null) => MessageLinks<T>;
  return build(props, companySlug);
}

/** The same paths as absolute URLs under APP_URL, for an email. */
export function messageUrls<T extends EmailTemplate>(
  template: T,
  props: EmailProps<T>,
  context: { appUrl: string; companySlug: string | null },
): MessageLinks<T> {
  const relative = messagePaths(template, props, context.companySlug);
  return Object.fromEntries(Object.entries(relative).map(([name, path]) => [name, `${context.appUrl}${path}`])) as MessageLinks<T>;
}
