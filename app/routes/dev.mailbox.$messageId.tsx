import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/components/format";

/** Development only: one message of the development mailbox, with its links ready to follow. */
export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${loaded?.message.subject ?? "Message"} · Mailbox · Hourbook development` },
];

/** Every link in the message, for following an invitation or reset without hunting through the HTML. */
function linksIn(html: string): string[] {
  const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((match) => (match[1] ?? "").replaceAll("&amp;", "&"));
  return [...new Set(hrefs)].filter((href) => /^https?:\/\//.test(href));
}

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(1)} KB`;
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  if (context.config.NODE_ENV === "production") throw data("Not found", { status: 404 });
  const message = await context.devMailbox.get(params.messageId ?? "");
  if (!message) throw data("Not found", { status: 404 });
  return { message, links: linksIn(message.html) };
}

export default function DevMailboxMessage() {
  const { message, links } = useLoaderData<typeof loader>();
  return (
    <article className="card stack" aria-labelledby="message-subject">
      <h2 id="message-subject">{message.subject}</h2>
      <dl>
        <dt>From</dt>
        <dd>{message.sender}</dd>
        <dt>To</dt>
        <dd>{message.recipient}</dd>
        <dt>Sent</dt>
        <dd suppressHydrationWarning>{formatDateTime(message.sentAt)}</dd>
      </dl>
      {message.attachments.length > 0 ? (
        <section aria-labelledby="message-attachments" className="stack">
          <h3 id="message-attachments">Attachments</h3>
          <ul>
            {message.attachments.map((attachment, index) => (
              <li key={`${index}-${attachment.filename}`}>
                <a href={`/dev/mailbox/${encodeURIComponent(message.id)}/attachments/${index}`} download={attachment.filename}>
                  {attachment.filename}
                </a>{" "}
                <span className="muted small">
                  {attachment.contentType}, {formatSize(attachment.size)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {links.length > 0 ? (
        <nav aria-label="Links in this message">
          <h3>Links in this message</h3>
          <ul>
            {links.map((href) => (
              <li key={href}>
                <a href={href}>{href}</a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <iframe
        title={`${message.subject}, as the recipient sees it`}
        srcDoc={message.html}
        // No scripts; links open in a new tab (React Email's default) or replace this page.
        sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"
        style={{ width: "100%", height: "36rem", border: "1px solid #e5e7eb", borderRadius: "8px" }}
      />
      <details>
        <summary>Plain text</summary>
        <pre style={{ whiteSpace: "pre-wrap" }}>{message.text}</pre>
      </details>
    </article>
  );
}
