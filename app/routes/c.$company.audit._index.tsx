import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { auditFilterSchema, fieldErrorsOf, toModelFilter } from "~/audit/filter";
import { Button } from "~/components/Button";
import { Select, TextField } from "~/components/fields";
import { Link } from "~/components/Link";
import { Table } from "~/components/Table";
import { EmptyState } from "~/components/Notice";
import { auditPageSize, listAuditActors, listAuditEntityTypes, listAuditEntries } from "~/audit/audit.server";
import { can } from "~/kernel/permissions";
import { withCompany } from "~/routing/company-data.server";
import { actorLabel, summarizeChanges } from "~/audit/presentation";

export const meta: MetaFunction = () => [{ title: "Audit log · Hourbook" }];

export async function loader(args: LoaderFunctionArgs) {
  const url = new URL(args.request.url);
  const params = Object.fromEntries(url.searchParams);
  const parsed = auditFilterSchema.safeParse(params);
  const beforeRaw = url.searchParams.get("before");
  const before = beforeRaw && /^\d{1,15}$/.test(beforeRaw) ? Number(beforeRaw) : undefined;
  const filter = parsed.success ? toModelFilter(parsed.data) : {};
  const { member, result } = await withCompany(args, "audit:read", async (tx) => ({
    entries: parsed.success ? await listAuditEntries(tx, filter, { before, limit: auditPageSize + 1 }) : [],
    actors: await listAuditActors(tx),
    entityTypes: await listAuditEntityTypes(tx),
  }));
  const hasMore = result.entries.length > auditPageSize;
  const entries = result.entries.slice(0, auditPageSize);
  const next = new URLSearchParams(url.searchParams);
  next.set("before", String(entries.at(-1)?.seq ?? 0));
  const first = new URLSearchParams(url.searchParams);
  first.delete("before");
  const page = {
    entries: entries.map((entry) => ({ ...entry, summary: summarizeChanges(entry.changes) })),
    actors: result.actors,
    entityTypes: result.entityTypes,
    values: params,
    errors: parsed.success ? {} : fieldErrorsOf(parsed.error),
    nextPage: hasMore ? `?${next.toString()}` : null,
    firstPage: before ? `?${first.toString()}` : null,
    mayExport: can(member.company.role, "audit:export"),
    // Times read in the company's timezone, whoever's browser (or server) renders them.
    timeZone: member.company.timezone,
  };
  return parsed.success ? page : data(page, { status: 400 });
}

export default function AuditLog() {
  const { entries, actors, entityTypes, values, errors, nextPage, firstPage, mayExport, timeZone } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  return (
    <div className="stack-lg">
      <div className="page-header">
        <div>
          <h1>Audit log</h1>
          <p className="muted">Every change to the company's data: who, what, when and from where. Newest first.</p>
        </div>
        {mayExport ? (
          <Link href="exports" className="button button-secondary">
            Exports
          </Link>
        ) : null}
      </div>

      <Form method="get" className="card filters" aria-label="Filter the audit log">
        <Select
          label="Actor"
          name="actor"
          defaultValue={values.actor ?? "all"}
          options={[{ id: "all", label: "Anyone" }, ...actors.map((a) => ({ id: a.id, label: a.name }))]}
          errors={errors.actor}
        />
        <TextField label="Action" name="action" defaultValue={values.action ?? ""} errors={errors.action} description="e.g. member.role_change, or member" />
        <Select
          label="Record"
          name="entity"
          defaultValue={values.entity ?? "all"}
          options={[{ id: "all", label: "Any" }, ...entityTypes.map((t) => ({ id: t, label: t.replaceAll("_", " ") }))]}
          errors={errors.entity}
        />
        <TextField label="Record id" name="entityId" defaultValue={values.entityId ?? ""} errors={errors.entityId} />
        <TextField label="From" name="from" type="date" defaultValue={values.from ?? ""} errors={errors.from} />
        <TextField label="To" name="to" type="date" defaultValue={values.to ?? ""} errors={errors.to} />
        <Button type="submit" variant="secondary" isPending={navigation.state === "loading"}>
          Filter
        </Button>
      </Form>

      {entries.length === 0 ? (
        <EmptyState title="No audit entries match">
          <Link href=".">Clear the filters</Link>
        </EmptyState>
      ) : (
        <Table label="Audit entries" columns={["When", "Who", "Action", "Record", "Change"]}>
              {entries.map((entry) => (
                <tr key={entry.seq}>
                  <td>
                    <Link href={String(entry.seq)}>
                      <time dateTime={new Date(entry.occurredAt).toISOString()} suppressHydrationWarning>
                        {new Date(entry.occurredAt).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "medium", timeZone })}
                      </time>
                    </Link>
                  </td>
                  <td>{actorLabel(entry)}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>
                    {entry.entityType.replaceAll("_", " ")}
                    {entry.entityId ? <div className="muted small">{entry.entityId}</div> : null}
                  </td>
                  <td className="small">{entry.summary}</td>
                </tr>
              ))}
            </Table>
      )}

      <nav aria-label="Pages of the audit log" className="pager">
        {firstPage ? <Link href={firstPage}>Newest</Link> : null}
        {nextPage ? <Link href={nextPage}>Older entries</Link> : null}
      </nav>
    </div>
  );
}
