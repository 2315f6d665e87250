import { sql } from "../db/sql";
import type { Database } from "../db/types";

/**
 * Where email goes when RESEND_API_KEY is unset: a table the app shows at
 * /dev/mailbox, so sign-up, invitations and password resets can be followed on a
 * machine without any email service. Owner connection: the mailbox belongs to no
 * company, and hourbook_app has no grant on it.
 */
export interface DevMailboxSummary {
  id: string;
  recipient: string;
  subject: string;
  sentAt: Date;
}

export interface DevMailboxMessage extends DevMailboxSummary {
  sender: string;
  html: string;
  text: string;
  attachments: { filename: string; contentType: string; size: number }[];
}

export interface DevMailboxAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface DevMailbox {
  /** Newest first. */
  list(limit?: number): Promise<DevMailboxSummary[]>;
  get(id: string): Promise<DevMailboxMessage | null>;
  /** A message's attachment by its position (0 first); null when there is none. */
  attachment(id: string, index: number): Promise<DevMailboxAttachment | null>;
}

export interface DevMailboxDelivery {
  id: string;
  sender: string;
  recipient: string;
  subject: string;
  html: string;
  text: string;
  attachments: DevMailboxAttachment[];
}

export function createDevMailbox(db: Database): DevMailbox & { deliver(message: DevMailboxDelivery): Promise<void> } {
  return {
    async deliver(message) {
      // Keyed by the sending job's id: a retry after a crash doesn't file the message twice.
      // Wrapped in an object: a bare JS array would be sent as a Postgres array.
      const attachments = message.attachments.map(({ filename, contentType, content }) => ({
        filename,
        contentType,
        contentBase64: content.toString("base64"),
      }));
      await db.query(sql`
        insert into dev_mailbox (id, sender, recipient, subject, html, text, attachments)
        values (${message.id}, ${message.sender}, ${message.recipient}, ${message.subject}, ${message.html}, ${message.text},
                (${{ items: attachments }}::jsonb)->'items')
        on conflict (id) do nothing`);
    },
    async list(limit = 100) {
      return db.query<DevMailboxSummary>(sql`
        select id, recipient, subject, sent_at as "sentAt"
          from dev_mailbox order by sent_at desc, id limit ${limit}`);
    },
    async get(id) {
      const [message] = await db.query<DevMailboxMessage>(sql`
        select id, sender, recipient, subject, html, text, sent_at as "sentAt",
               array(select json_build_object('filename', a->>'filename', 'contentType', a->>'contentType',
                                              'size', (length(a->>'contentBase64') * 3 / 4)::int)
                       from jsonb_array_elements(attachments) a) as attachments
          from dev_mailbox where id = ${id}`);
      return message ?? null;
    },
    async attachment(id, index) {
      const [found] = await db.query<{ filename: string; contentType: string; contentBase64: string }>(sql`
        select a->>'filename' as filename, a->>'contentType' as "contentType", a->>'contentBase64' as "contentBase64"
          from dev_mailbox, jsonb_array_elements(attachments) with ordinality as item(a, position)
         where id = ${id} and position = ${index + 1}`);
      return found
        ? { filename: found.filename, contentType: found.contentType, content: Buffer.from(found.contentBase64, "base64") }
        : null;
    },
  };
}
