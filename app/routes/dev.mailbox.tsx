import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, Outlet, useLoaderData } from "@remix-run/react";
import { Table } from "~/components/Table";
import { EmptyState } from "~/components/Notice";
import { formatDateTime } from "~/components/format";

/**
 * Development only: mail kept instead of sent (RESEND_API_KEY unset), so sign-up,
 * invitations and password resets can be followed without an email service.
 */
export const meta: MetaFunction = () => [{ title: "Mailbox · Hourbook development" }];

export async function loader({ context }: LoaderFunctionArgs) {
  if (context.config.NODE_ENV === "production") throw data("Not found", { status: 404 });
  return { messages: await context.devMailbox.list() };
}

export default function DevMailbox() {
  const { messages } = useLoaderData<typeof loader>();
  return (
    <main className="page stack-lg">
      <div className="stack">
        <h1>Development mailbox</h1>
        <p className="muted">
          Email Hourbook would have sent, newest first. It arrives here while <code>RESEND_API_KEY</code> is unset; jobs
          run in the background, so a new message can take a second or two. See every template on the{" "}
          <a href="/dev/emails">email previews</a>.
        </p>
      </div>
      {messages.length === 0 ? (
        <EmptyState title="No mail yet">
          <p>Invite someone or ask for a password reset, then reload this page.</p>
        </EmptyState>
      ) : (
        <Table label="Messages" columns={["To", "Subject", "Sent"]}>
              {messages.map((message) => (
                <tr key={message.id}>
                  <td>{message.recipient}</td>
                  <td>
                    <Link to={`/dev/mailbox/${encodeURIComponent(message.id)}`}>{message.subject}</Link>
                  </td>
                  <td suppressHydrationWarning>{formatDateTime(message.sentAt)}</td>
                </tr>
              ))}
            </Table>
      )}
      <Outlet />
    </main>
  );
}
