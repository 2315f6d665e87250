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
}

export interface DevMailbox {
  /** Newest first. */
  list(limit?: number): Promise<DevMailboxSummary[]>;
  get(id: string): Promise<DevMailboxMessage | null>;
}

export interface DevMailboxDelivery {
  id: string;
  sender: string;
  recipient: string;
  subject: string;
  html: string;
  text: string;
}

export function createDevMailbox(db: Database): DevMailbox & { deliver(message: DevMailboxDelivery): Promise<void> } {
  return {
    async deliver(message) {
      // Keyed by the sending job's id: a retry after a crash doesn't file the message twice.
      await db.query(sql`
        insert into dev_mailbox (id, sender, recipient, subject, html, text)
        values (${message.id}, ${message.sender}, ${message.recipient}, ${message.subject}, ${message.html}, ${message.text})
        on conflict (id) do nothing`);
    },
    async list(limit = 100) {
      return db.query<DevMailboxSummary>(sql`
        select id, recipient, subject, sent_at as "sentAt"
          from dev_mailbox order by sent_at desc, id limit ${limit}`);
    },
    async get(id) {
      const [message] = await db.query<DevMailboxMessage>(sql`
        select id, sender, recipient, subject, html, text, sent_at as "sentAt"
          from dev_mailbox where id = ${id}`);
      return message ?? null;
    },
  };
}
