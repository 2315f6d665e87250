import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireMember, requirePermission } from "~/kernel/accounts/session.server";
import { ActionButton } from "~/components/ActionButton";
import { Table } from "~/components/Table";
import { EmptyState, Notice } from "~/components/Notice";
import { readForm } from "~/routing/forms.server";
import { formatDateTime } from "~/components/format";

export const meta: MetaFunction = () => [{ title: "Background jobs · Hourbook" }];

const retrySchema = z.object({ intent: z.literal("retry"), jobId: z.string().min(1).max(200) });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await requireMember(request, context, params.company);
  await requirePermission(member, "job:manage");
  return { failed: await context.failedJobs.list(member.company.companyId), timeZone: member.company.timezone };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, params.company);
  await requirePermission(member, "job:manage");
  const parsed = retrySchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ notice: "That request wasn't understood." }, { status: 400 });
  // Another company's job id is "not found", the same as one that doesn't exist.
  if (!(await context.failedJobs.retry(member.company.companyId, parsed.data.jobId))) {
    throw data("Job not found", { status: 404 });
  }
  return { notice: "The job will run again with fresh attempts." };
}

export default function Jobs() {
  const { failed, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="stack-lg">
      <div>
        <h1>Background jobs</h1>
        <p className="muted">Emails and exports are sent in the background and retried 5 times. Jobs that still failed are kept here.</p>
      </div>
      {result?.notice ? <Notice tone="success">{result.notice}</Notice> : null}
      {failed.length === 0 ? (
        <EmptyState title="No failed jobs">
          <p>Everything your company queued has run.</p>
        </EmptyState>
      ) : (
        <Table label="Failed jobs" columns={["Job", "Error", "Attempts", "Failed", "Actions"]}>
              {failed.map((job) => (
                <tr key={job.id}>
                  <td>
                    {job.name}
                    <div className="muted small">{job.queue} · {job.id}</div>
                  </td>
                  <td className="error-cell">{job.error}</td>
                  <td>{job.attempts}</td>
                  <td suppressHydrationWarning>{job.failedAt ? formatDateTime(job.failedAt, timeZone) : "—"}</td>
                  <td>
                    <ActionButton intent="retry" values={{ jobId: job.id }}>
                      Retry
                    </ActionButton>
                  </td>
                </tr>
              ))}
            </Table>
      )}
    </div>
  );
}
