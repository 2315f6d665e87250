import { z } from "zod";
import type { Database } from "../../db/types";
import { buffer } from "node:stream/consumers";
import { EmailDeliveryError, type Mailer, type OutgoingAttachment } from "../../emails/mailer.server";
import { emailMessageSchema, type EmailAttachment } from "../../emails/messages";
import { withIdsForLinks } from "../../emails/queued-with-links";
import { EmailExpiredError, renderEmail } from "../../emails/render";
import type { Logger } from "../../platform/logger";
import { markOutboxEntryProcessed, readOutboxEntry } from "../outbox-store";
import type { OutboxJobPayload } from "../queues";
import { UnrecoverableError, type Processor } from "../runner";
import type { FileStorage } from "../storage/files";

export interface SendEmailDependencies {
  db: Database;
  mailer: Mailer;
  /** APP_URL: every link in an email is built on it. */
  appUrl: string;
  logger: Logger;
  now?: () => Date;
  /** Where attachments are read from (the export storage); only messages with attachments need it. */
  files?: FileStorage;
}

/** The attached files' bytes. A missing file won't appear by trying again: the message can't be sent as asked. */
async function readAttachments(files: FileStorage | undefined, attachments: EmailAttachment[]): Promise<OutgoingAttachment[]> {
  if (attachments.length === 0) return [];
  if (!files) throw new UnrecoverableError("The email has attachments but no file storage was configured");
  return Promise.all(
    attachments.map(async ({ filename, contentType, key }) => {
      const stream = await files.read(key);
      if (!stream) throw new UnrecoverableError(`The attachment ${filename} (${key}) is no longer stored`);
      return { filename, contentType, content: await buffer(stream) };
    }),
  );
}

/** The message's props hold the single-use links' tokens; once sent, they have no business staying around. */
const sentMessageRedaction = ["props"];

/**
 * send-email: the outbox row named in the payload → rendered email → Resend (or the
 * development mailbox). Idempotent: a row already processed is skipped, and the job
 * id is Resend's idempotency key, so a retry after Resend accepted the message
 * doesn't send it again.
 */
export function createSendEmailProcessor(deps: SendEmailDependencies): Processor<OutboxJobPayload> {
  const now = deps.now ?? (() => new Date());
  return async (job) => {
    const ref = job.data;
    const entry = await readOutboxEntry(deps.db, ref);
    if (!entry) throw new UnrecoverableError(`Outbox row ${ref.outboxId} does not exist`);
    if (entry.processedAt) return;

    const queued = emailMessageSchema.safeParse(entry.payload);
    const message = queued.success ? queued : emailMessageSchema.safeParse(withIdsForLinks(entry.payload));
    if (!message.success) {
      const problems = z.prettifyError(queued.error ?? message.error).replaceAll("\n", "; ");
      throw new UnrecoverableError(`Outbox row ${ref.outboxId} holds no valid email: ${problems}`);
    }
    const context = { appUrl: deps.appUrl, company: entry.company, queuedAt: entry.createdAt };

    let rendered;
    try {
      rendered = await renderEmail(message.data, context, now());
    } catch (error) {
      if (error instanceof EmailExpiredError) {
        deps.logger.warn({ jobId: job.id, template: message.data.template }, error.message);
        await markOutboxEntryProcessed(deps.db, ref, { redact: sentMessageRedaction });
        return;
      }
      throw error;
    }

    const attachments = await readAttachments(deps.files, message.data.attachments ?? []);
    try {
      await deps.mailer.send({ to: message.data.to, ...rendered, idempotencyKey: job.id, ...(attachments.length ? { attachments } : {}) });
    } catch (error) {
      if (error instanceof EmailDeliveryError && error.permanent) throw new UnrecoverableError(error.message);
      throw error;
    }
    await markOutboxEntryProcessed(deps.db, ref, { redact: sentMessageRedaction });
  };
}
