import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { emailTemplateNames, renderEmail } from "../../emails/render";
import { sampleEmailContext, sampleEmailProps } from "../../emails/samples";

/** Development only: every email template, rendered with sample data as HTML and plain text. */
export const meta: MetaFunction = () => [{ title: "Email previews · Hourbook development" }];

export async function loader({ context }: LoaderFunctionArgs) {
  if (context.config.NODE_ENV === "production") throw data("Not found", { status: 404 });
  const appUrl = context.config.APP_URL;
  const now = new Date();
  const props = sampleEmailProps(now);
  const emails = await Promise.all(
    emailTemplateNames.map(async (template) => ({
      template,
      ...(await renderEmail({ template, props: props[template] }, sampleEmailContext(appUrl, now, template), now)),
    })),
  );
  return { emails };
}

export default function EmailPreviews() {
  const { emails } = useLoaderData<typeof loader>();
  return (
    <main className="page stack-lg">
      <div className="stack">
        <h1>Email previews</h1>
        <p className="muted">
          Every email Hourbook sends, with sample data. Only in development; sent mail is in the{" "}
          <a href="/dev/mailbox">development mailbox</a>.
        </p>
        <nav aria-label="Templates">
          <ul>
            {emails.map((email) => (
              <li key={email.template}>
                <a href={`#${email.template}`}>{email.template}</a>
              </li>
            ))}
          </ul>
        </nav>
      </div>
      {emails.map((email) => (
        <section key={email.template} id={email.template} aria-labelledby={`${email.template}-heading`} className="stack">
          <h2 id={`${email.template}-heading`}>{email.template}</h2>
          <p>
            <strong>Subject:</strong> {email.subject}
          </p>
          <iframe
            title={`${email.template} email, HTML`}
            srcDoc={email.html}
            sandbox="allow-popups allow-popups-to-escape-sandbox"
            style={{ width: "100%", height: "32rem", border: "1px solid #e5e7eb", borderRadius: "8px" }}
          />
          <details>
            <summary>Plain text</summary>
            <pre style={{ whiteSpace: "pre-wrap" }}>{email.text}</pre>
          </details>
        </section>
      ))}
    </main>
  );
}
