import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { actorLabel, formatValue } from "~/audit/presentation";
import { Link } from "~/components/Link";
import { getAuditEntry } from "~/audit/audit.server";
import { withCompany } from "~/routing/company-data.server";

export const meta: MetaFunction = () => [{ title: "Audit entry · Hourbook" }];

export async function loader(args: LoaderFunctionArgs) {
  const raw = args.params.seq ?? "";
  const seq = /^\d{1,15}$/.test(raw) ? Number(raw) : null;
  const { member, result } = await withCompany(args, "audit:read", (tx) => (seq === null ? Promise.resolve(null) : getAuditEntry(tx, seq)));
  if (!result) throw data("Audit entry not found", { status: 404 });
  return { entry: result, timeZone: member.company.timezone };
}

export default function AuditEntryPage() {
  const { entry, timeZone } = useLoaderData<typeof loader>();
  const changes = Object.entries(entry.changes);
  return (
    <div className="stack-lg">
      <p>
        <Link href="..">← Audit log</Link>
      </p>
      <h1>
        <code>{entry.action}</code>
      </h1>
      <dl className="details">
        <dt>When</dt>
        <dd>
          <time dateTime={new Date(entry.occurredAt).toISOString()} suppressHydrationWarning>
            {new Date(entry.occurredAt).toLocaleString("en-US", { dateStyle: "full", timeStyle: "long", timeZone })}
          </time>
        </dd>
        <dt>Who</dt>
        <dd>{actorLabel(entry)}</dd>
        <dt>Record</dt>
        <dd>
          {entry.entityType.replaceAll("_", " ")} {entry.entityId ? <code>{entry.entityId}</code> : null}
        </dd>
        <dt>From</dt>
        <dd>{entry.ip ?? "—"}</dd>
        <dt>Browser</dt>
        <dd>{entry.userAgent ?? "—"}</dd>
        <dt>Request</dt>
        <dd>{entry.requestId ? <code>{entry.requestId}</code> : "—"}</dd>
        <dt>Entry</dt>
        <dd>#{entry.seq}</dd>
      </dl>

      <h2>Change</h2>
      {changes.length === 0 ? (
        <p className="muted">No fields changed.</p>
      ) : (
        <div className="table-wrap">
          <table className="table diff">
            <caption className="visually-hidden">Fields before and after</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {changes.map(([field, change]) => (
                <tr key={field}>
                  <th scope="row">{field}</th>
                  <td className="diff-old">
                    <del>{formatValue(change.old)}</del>
                  </td>
                  <td className="diff-new">
                    <ins>{formatValue(change.new)}</ins>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
