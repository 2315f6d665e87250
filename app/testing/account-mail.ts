import { sql } from "../../db/sql";
import type { Database } from "../../db/types";
import { messageUrls } from "../../emails/links";
import { emailMessageSchema } from "../../emails/messages";

export interface QueuedAccountEmail {
  template: string;
  /** Every absolute link in it; the caller picks the one it follows by its path. */
  links: string[];
}

/**
 * The latest account email queued to an address, with its links. Built from its
 * outbox row's props as the renderer builds them, or, once it was sent (without
 * Redis the test process runs the jobs, and sending strips the row's props), read
 * from the development mailbox that got it: one statement reads both, so one of
 * them holds the links.
 */
export async function latestAccountEmail(db: Database, to: string): Promise<QueuedAccountEmail | null> {
  const [row] = await db.query<{ payload: { template: string; props?: Record<string, unknown> }; html: string | null }>(sql`
    select o.payload, m.html
      from account_outbox o left join dev_mailbox m on m.id = o.id::text
     where o.payload->>'to' = ${to}
     order by o.created_at desc limit 1`);
  if (!row) return null;
  const queued = emailMessageSchema.safeParse(row.payload);
  const fromProps = queued.success
    ? Object.values(messageUrls(queued.data.template, queued.data.props, { appUrl: "http://hourbook.test", companySlug: null }))
    : [];
  const fromHtml = [...(row.html ?? "").matchAll(/href="([^"]+)"/g)].map((match) => (match[1] ?? "").replaceAll("&amp;", "&"));
  const links = [...new Set([...fromProps, ...fromHtml])].filter((href) => /^https?:\/\//.test(href));
  return { template: row.payload.template, links };
}

/** The path of the email's link that contains `segment`, e.g. "/signup/confirm/". */
export function linkPath(email: QueuedAccountEmail | null, segment: string): string | undefined {
  const link = email?.links.find((href) => href.includes(segment));
  return link ? new URL(link).pathname : undefined;
}
