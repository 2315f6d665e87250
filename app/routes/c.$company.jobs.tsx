import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ActionButton } from "~/components/ActionButton";
import { ReplyErrors } from "~/components/fields";
import { Table } from "~/components/Table";
import { EmptyState } from "~/components/Notice";
import { retryFailedJobOperation } from "~/kernel/jobs/operations.server";
import { companyAction, intent } from "~/routing/company-action.server";
import { formatDateTime } from "~/components/format";
import { companyMember } from "~/routing/company-data.server";

export const meta: MetaFunction = () => [{ title: "Background jobs · Hourbook" }];

// Not withCompany: the queue is a service, and a tenant transaction would hold the connection the in-process runner reads it with.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await companyMember({ request, params, context }, "job:manage");
  return { failed: await context.failedJobs.list(member.company.companyId), timeZone: member.company.timezone };
}

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    retry: intent({ operation: retryFailedJobOperation, success: () => ({ toast: "The job will run again with fresh attempts." }) }),
  });
}

export default function Jobs() {
  const { failed, timeZone } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <div className="stack-lg">
      <div>
        <h1>Background jobs</h1>
        <p className="muted">Emails and exports are sent in the background and retried 5 times. Jobs that still failed are kept here.</p>
      </div>
      <ReplyErrors reply={reply} />
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
