import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ReplyErrors } from "~/components/fields";
import { replyFor } from "~/components/forms";
import { Link } from "~/components/Link";
import { ArchivableHeader } from "~/kernel/catalog/ArchivableHeader";
import { Swatch } from "~/kernel/catalog/CatalogFields";
import {
  addTaskOperation,
  archiveProjectOperation,
  archiveTaskOperation,
  assignOperation,
  renameTaskOperation,
  restoreProjectOperation,
  restoreTaskOperation,
  setProjectAccessOperation,
  setTaskBillableOperation,
  unassignOperation,
  updateProjectOperation,
} from "~/kernel/catalog/operations.server";
import { companyAction, intent } from "~/routing/company-action.server";
import { withCompany } from "~/routing/company-data.server";
import { Access } from "./Access";
import { ProjectDetailsForm, ProjectSummary } from "./Details";
import { loadProjectPage } from "./queries.server";
import { Tasks } from "./Tasks";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.project.name ?? "Project"} · Hourbook` }];

const projectIdSchema = z.uuid();

export async function loader(args: LoaderFunctionArgs) {
  const projectId = projectIdSchema.safeParse(args.params.projectId);
  if (!projectId.success) throw data("Project not found", { status: 404 });
  const { result } = await withCompany(args, "project:view", (tx) => loadProjectPage(tx, projectId.data));
  if (!result) throw data("Project not found", { status: 404 });
  return result;
}

export type ProjectView = ReturnType<typeof useLoaderData<typeof loader>>;

/** Every change on this page is to the project in its address. */
const fromParams = (params: { projectId?: string }) => ({ projectId: params.projectId });

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    edit: intent({ operation: updateProjectOperation, fromParams, success: () => ({ toast: "Project saved." }) }),
    archive: intent({
      operation: archiveProjectOperation,
      fromParams,
      success: () => ({ toast: "Project archived; nobody can log new time on it." }),
    }),
    restore: intent({ operation: restoreProjectOperation, fromParams, success: () => ({ toast: "Project restored." }) }),
    "add-task": intent({ operation: addTaskOperation, fromParams, success: ({ name }) => ({ toast: `Task ${name} added.` }) }),
    "rename-task": intent({ operation: renameTaskOperation, fromParams, success: () => ({ toast: "Task renamed." }) }),
    "task-billable": intent({
      operation: setTaskBillableOperation,
      fromParams,
      success: ({ billable }) => ({ toast: billable ? "The task is billable." : "The task is no longer billable." }),
    }),
    "archive-task": intent({ operation: archiveTaskOperation, fromParams, success: () => ({ toast: "Task archived." }) }),
    "restore-task": intent({ operation: restoreTaskOperation, fromParams, success: () => ({ toast: "Task restored." }) }),
    "set-access": intent({
      operation: setProjectAccessOperation,
      fromParams,
      success: ({ access }) => ({
        toast:
          access === "everyone"
            ? "Everyone in the company may log time on this project."
            : "Only the people and teams assigned may log time on this project.",
      }),
    }),
    assign: intent({
      operation: assignOperation,
      fromParams,
      success: ({ kind }) => ({ toast: kind === "team" ? "Team assigned." : "Person assigned." }),
    }),
    unassign: intent({
      operation: unassignOperation,
      fromParams,
      success: ({ kind }) => ({ toast: kind === "team" ? "Team removed." : "Person removed." }),
    }),
  });
}

/** Replies that belong beside a form's fields; the others show above the page's sections. */
const formIntents = ["edit", "add-task", "rename-task"];

export default function Project() {
  const page = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { project, clients, mayManage } = page;
  const intentOfReply = reply?.initialValue?.intent;

  return (
    <div className="stack-lg">
      <ArchivableHeader
        noun="project"
        name={project.name}
        title={
          <>
            <Swatch color={project.color} /> {project.name}
          </>
        }
        crumbs={
          <>
            <Link href="../projects">Projects</Link>
            {project.clientId ? (
              <>
                {" · "}
                <Link href={`../clients/${project.clientId}`}>{project.clientName}</Link>
              </>
            ) : null}
          </>
        }
        archived={Boolean(project.archivedAt)}
        mayManage={mayManage}
        archiveWarning={<p>Nobody can log new time on it. Time already logged stays, and you can restore the project later.</p>}
      />
      {typeof intentOfReply === "string" && formIntents.includes(intentOfReply) ? null : <ReplyErrors reply={reply} />}

      {mayManage ? (
        <ProjectDetailsForm project={project} clients={clients} reply={replyFor(reply, { intent: "edit" })} />
      ) : (
        <ProjectSummary project={project} />
      )}
      <Tasks page={page} reply={reply} />
      <Access page={page} />
    </div>
  );
}
