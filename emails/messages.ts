import { z } from "zod";

/**
 * Every email the product sends, by template name, with the props its template
 * needs. A message is validated when it is queued (a bad one is a programming
 * error, refused in the request's transaction) and again when it is sent.
 *
 * No links: a message carries the ids its links are built from (a token, a week,
 * a project), and emails/links.ts turns them into paths when it is rendered
 * (decision 029). Times are ISO 8601 strings, since messages are stored as JSON
 * until they are sent.
 */
const name = z.string().trim().min(1).max(200);
/** A single-use link's secret, as generateToken makes it (base64url). */
const token = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);
const instant = z.iso.datetime({ offset: true });
/** A calendar day, 'YYYY-MM-DD', as the database returns dates. */
const day = z.iso.date();
const minutes = z.int().min(0).max(100_000);

/** What a "sign-in method changed" notice can report. */
export const signInMethodChanges = [
  "password-changed",
  "password-reset",
  "email-changed",
  "two-factor-enabled",
  "two-factor-disabled",
  "recovery-codes-regenerated",
  "recovery-code-used",
] as const;
export type SignInMethodChange = (typeof signInMethodChanges)[number];

export const emailProps = {
  invitation: z.strictObject({
    inviterName: name,
    role: z.enum(["admin", "manager", "finance", "employee"]),
    token,
    expiresAt: instant,
  }),
  "password-reset": z.strictObject({ name, token, expiresAt: instant }),
  /**
   * To whoever owns an address someone signed up with. No name or company name:
   * those were typed by whoever filled in the form, and the confirmation page shows
   * them to the person who opens the link, rather than mailing them to anyone.
   */
  "sign-up-confirmation": z.strictObject({ token, expiresAt: instant }),
  /** To a person with an account, when someone signed up with their address; the name is the one on their account. */
  "sign-up-existing-account": z.strictObject({ name }),
  "timesheet-submitted": z.strictObject({ submitterName: name, weekStart: day, totalMinutes: minutes }),
  "timesheet-approved": z.strictObject({ approverName: name, weekStart: day, totalMinutes: minutes }),
  "timesheet-sent-back": z.strictObject({
    reviewerName: name,
    weekStart: day,
    comment: z.string().trim().min(1).max(2_000),
  }),
  "timesheet-reminder": z.strictObject({ weekStart: day }),
  /** To a team manager: who of their teams hasn't submitted the week, and how many weeks wait for them. */
  "timesheet-digest": z.strictObject({
    weekStart: day,
    notSubmitted: z.array(name).max(10_000),
    waitingCount: z.int().min(0).max(100_000),
  }),
  "budget-alert": z.strictObject({
    projectName: name,
    clientName: name.nullable(),
    threshold: z.union([z.literal(80), z.literal(100)]),
    loggedMinutes: z.int().min(0),
    budgetMinutes: z.int().min(1),
    projectId: z.uuid(),
  }),
  /** An audit-log export is downloaded from the audit pages, a finance export from the finance pages. */
  "export-ready": z.strictObject({
    exportName: name,
    exportId: z.uuid(),
    exportArea: z.enum(["audit", "finance"]),
    expiresAt: instant.optional(),
  }),
  /** Amounts in the currency's minor unit, as Stripe gives them. */
  "payment-failed": z.strictObject({
    amountDue: z.int().min(0),
    currency: z.string().regex(/^[a-z]{3}$/),
  }),
  /** A saved report's run for a period: its totals and largest rows; the file is attached. */
  "scheduled-report": z.strictObject({
    reportName: name,
    periodFrom: day,
    periodTo: day,
    totalMinutes: z.int().min(0),
    billableMinutes: z.int().min(0),
    entries: z.int().min(0),
    /** What the rows are: "Person", "Project", … */
    groupLabel: name,
    topRows: z.array(z.strictObject({ label: name, minutes: z.int().min(0), billableMinutes: z.int().min(0) })).max(10),
    /** Rows beyond topRows, counted. */
    moreRows: z.int().min(0),
  }),
  /** To the new address someone wants on their account: the change happens when the link is opened. */
  "email-change-confirmation": z.strictObject({ name, token, expiresAt: instant }),
  /**
   * To a person whenever how they sign in changed, so a change they didn't make is
   * noticed. Kinds are added as sign-in methods are; `newEmail` only for an email change,
   * sent to the old address.
   */
  "sign-in-method-changed": z.strictObject({
    name,
    change: z.enum(signInMethodChanges),
    newEmail: z.email().max(254).optional(),
  }),
  /** To a token's person, a week before the token stops working; the page lists it under its name. */
  "api-token-expiring": z.strictObject({
    tokenName: z.string().trim().min(1).max(100),
    displayPrefix: z.string().regex(/^hb_pat_[A-Za-z0-9]{1,13}$/),
    expiresAt: instant,
  }),
  /** To owners and admins, when an endpoint's deliveries have all failed for 3 days and it was turned off. */
  "webhook-endpoint-disabled": z.strictObject({
    endpointId: z.uuid(),
    endpointUrl: z.string().max(2000),
    failingSince: instant,
  }),
} as const;

export type EmailTemplate = keyof typeof emailProps;
export type EmailProps<T extends EmailTemplate> = z.infer<(typeof emailProps)[T]>;

const recipient = z.email().max(254);

/**
 * A file sent with the message, by its key in the export storage (jobs/storage):
 * the outbox row holds the reference, never the bytes, so a report of megabytes
 * doesn't travel through Postgres rows and Redis. send-email reads it when sending.
 */
export const attachmentTypes = {
  "text/csv": ".csv",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
  "application/pdf": ".pdf",
} as const;
export const emailAttachmentSchema = z.strictObject({
  filename: z
    .string()
    .max(120)
    .regex(/^[\w][\w .,()-]*\.(csv|xlsx|pdf)$/, "a plain file name ending in .csv, .xlsx or .pdf"),
  contentType: z.enum(Object.keys(attachmentTypes) as [keyof typeof attachmentTypes]),
  key: z.string().regex(/^[a-zA-Z0-9_-]+(\/[a-zA-Z0-9_-][a-zA-Z0-9_.-]*)+$/),
});
export type EmailAttachment = z.infer<typeof emailAttachmentSchema>;

const message = <T extends EmailTemplate>(template: T) =>
  z.strictObject({
    to: recipient,
    template: z.literal(template),
    props: emailProps[template],
    attachments: z.array(emailAttachmentSchema).min(1).max(3).optional(),
  });

export const emailMessageSchema = z.discriminatedUnion("template", [
  message("invitation"),
  message("password-reset"),
  message("sign-up-confirmation"),
  message("sign-up-existing-account"),
  message("timesheet-submitted"),
  message("timesheet-approved"),
  message("timesheet-sent-back"),
  message("timesheet-reminder"),
  message("timesheet-digest"),
  message("budget-alert"),
  message("export-ready"),
  message("payment-failed"),
  message("scheduled-report"),
  message("api-token-expiring"),
  message("email-change-confirmation"),
  message("sign-in-method-changed"),
  message("webhook-endpoint-disabled"),
]);

export type EmailMessage = z.infer<typeof emailMessageSchema>;

/** Sent before any company is known, so they carry no company's name. */
export const accountTemplates = [
  "password-reset",
  "sign-up-confirmation",
  "sign-up-existing-account",
  "email-change-confirmation",
  "sign-in-method-changed",
] as const satisfies readonly EmailTemplate[];
export type AccountEmailMessage = Extract<EmailMessage, { template: (typeof accountTemplates)[number] }>;
export type CompanyEmailMessage = Exclude<EmailMessage, AccountEmailMessage>;
/** The notices about a person's own sign-in, sent by the account module. */
export type SecurityEmailMessage = Extract<EmailMessage, { template: "email-change-confirmation" | "sign-in-method-changed" }>;

export function isAccountTemplate(template: EmailTemplate): boolean {
  return (accountTemplates as readonly EmailTemplate[]).includes(template);
}
