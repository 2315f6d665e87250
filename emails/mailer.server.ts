import { Resend } from "resend";
import type { Database } from "../db/types";
import type { Logger } from "../platform/logger";
import { createDevMailbox } from "./dev-mailbox.server";

/**
 * The one way the product sends mail. Resend when RESEND_API_KEY is set; otherwise
 * the development mailbox. The sending job's id travels as the idempotency key, so
 * a job retried after Resend accepted the message doesn't send it twice.
 */
export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  idempotencyKey: string;
  attachments?: OutgoingAttachment[];
}

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export type MailTransport = "resend" | "dev-mailbox";

export interface Mailer {
  readonly transport: MailTransport;
  send(email: OutgoingEmail): Promise<void>;
}

/** Resend refused or couldn't be reached. `permanent`: trying again can't help (bad address, bad key). */
export class EmailDeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = "EmailDeliveryError";
  }
}

/** What Resend's SDK returns as `error`; typed loosely, since a proxy in between may answer anything. */
interface ResendError {
  name?: unknown;
  message?: unknown;
  statusCode?: unknown;
}

// Rate limits, an idempotent request still in flight, Resend's own outages, network
// failures and answers we can't read pass; anything else is about the request itself.
function isTransient(error: ResendError): boolean {
  const status = typeof error.statusCode === "number" ? error.statusCode : null;
  return status === null || status === 429 || status >= 500 || error.name === "concurrent_idempotent_requests";
}

function describeRefusal(error: ResendError): string {
  const status = typeof error.statusCode === "number" ? error.statusCode : "no status";
  const name = typeof error.name === "string" ? error.name : "unknown_error";
  const message = typeof error.message === "string" ? error.message : JSON.stringify(error);
  return `Resend refused the email (${status}, ${name}): ${message}`;
}

export interface MailerOptions {
  from: string;
  resendApiKey: string | undefined;
  /** For the development mailbox. */
  db: Database;
  logger: Logger;
  /** For the log line that points at a message in the development mailbox. */
  appUrl: string;
}

export function createMailer(options: MailerOptions): Mailer {
  const { from, resendApiKey, logger } = options;
  if (resendApiKey) {
    // RESEND_BASE_URL, read by the SDK here, points it at a stand-in in tests.
    const resend = new Resend(resendApiKey);
    return {
      transport: "resend",
      async send(email) {
        const { data, error } = await resend.emails.send(
          {
            from,
            to: email.to,
            subject: email.subject,
            html: email.html,
            text: email.text,
            ...(email.attachments?.length
              ? { attachments: email.attachments.map(({ filename, contentType, content }) => ({ filename, contentType, content })) }
              : {}),
          },
          { idempotencyKey: email.idempotencyKey },
        );
        if (error) throw new EmailDeliveryError(describeRefusal(error), !isTransient(error));
        logger.debug({ resendId: data?.id }, "Email handed to Resend");
      },
    };
  }

  const mailbox = createDevMailbox(options.db);
  return {
    transport: "dev-mailbox",
    async send(email) {
      await mailbox.deliver({
        id: email.idempotencyKey,
        sender: from,
        recipient: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
        attachments: email.attachments ?? [],
      });
      logger.info(
        { mailbox: `${options.appUrl}/dev/mailbox/${encodeURIComponent(email.idempotencyKey)}` },
        `Email kept in the development mailbox: ${email.subject}`,
      );
    },
  };
}
