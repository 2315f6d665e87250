import { getFormProps } from "@conform-to/react";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireMember, requirePermission } from "~/kernel/accounts/session.server";
import { ActionButton } from "~/components/ActionButton";
import { Button } from "~/components/Button";
import { ArchivableHeader } from "~/kernel/catalog/ArchivableHeader";
import { Checkbox, FormErrors, Select, TextField } from "~/components/fields";
import { useValidatedForm } from "~/components/forms";
import { Link } from "~/components/Link";
import { EmptyState, Notice } from "~/components/Notice";
import { Budget, noticeOf, type Outcome, ProjectFields, Rate, replyFor, Swatch } from "~/kernel/catalog/CatalogFields";
import { Table } from "~/components/Table";
import { Writable } from "~/components/ReadOnly";
import { listClientChoices } from "~/kernel/catalog/clients.server";
import { assign, getAssignments, listAssignable, unassign } from "~/kernel/catalog/project-access.server";
import { createTask, listTasks, renameTask, setTaskArchived, setTaskBillable } from "~/kernel/catalog/project-tasks.server";
import { getProject, setProjectAccess, setProjectArchived, updateProject } from "~/kernel/catalog/projects.server";
import type { Refusal, SaveResult } from "~/kernel/catalog/unique-names.server";
import { can } from "~/kernel/permissions";
import { hoursOf, moneyInputValue, projectAccessChoices, projectFields, projectSchema, taskNameField } from "~/kernel/catalog/project-fields";
import { withCompany } from "~/routing/company-data.server";
import { parseSubmission, rejected } from "~/routing/forms.server";
import type { TenantTransaction } from "../../db/tenant";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.project.name ?? "Project"} · Hourbook` }];

const editSchema = projectSchema.omit({ access: true }).extend({ intent: z.literal("edit") });
const addTaskSchema = z.object({ intent: z.literal("add-task"), name: taskNameField, billable: z.boolean().default(false) });
const assignee = z.enum(["member", "team"]);
const actionSchema = z.discriminatedUnion("intent", [
  editSchema,
  z.object({ intent: z.literal("archive") }),
  z.object({ intent: z.literal("restore") }),
  addTaskSchema,
  z.object({ intent: z.literal("rename-task"), taskId: z.uuid(), name: taskNameField }),
  z.object({ intent: z.literal("task-billable"), taskId: z.uuid(), billable: z.enum(["true", "false"]) }),
  z.object({ intent: z.literal("archive-task"), taskId: z.uuid() }),
  z.object({ intent: z.literal("restore-task"), taskId: z.uuid() }),
  z.object({ intent: z.literal("set-access"), access: projectFields.access }),
  z.object({ intent: z.literal("assign"), kind: assignee, id: z.uuid({ error: "Choose who to assign" }) }),
  z.object({ intent: z.literal("unassign"), kind: assignee, id: z.uuid() }),
]);
type ActionInput = z.output<typeof actionSchema>;

/** Intents whose refusals belong on a form field; the others become a notice. */
const fieldForms = new Set<ActionInput["intent"]>(["edit", "add-task", "rename-task"]);

const projectIdSchema = z.uuid();

function notFound(): never {
  throw data("Project not found", { status: 404 });
}

export async function loader(args: LoaderFunctionArgs) {
  const projectId = projectIdSchema.safeParse(args.params.projectId);
  if (!projectId.success) notFound();
  const { member, result } = await withCompany(args, "project:view", async (tx) => {
    const project = await getProject(tx, projectId.data);
    if (!project) return null;
    const mayManage = can(tx.tenant.role, "project:manage");
    const assignments = await getAssignments(tx, project.id);
    // Email addresses are part of the member list, which not every role may read.
    const showEmails = can(tx.tenant.role, "member:view");
    return {
      project,
      tasks: await listTasks(tx, project.id),
      assignments: {
        ...assignments,
        members: assignments.members.map((person) => ({ ...person, email: showEmails ? person.email : null })),
      },
      assignable: mayManage ? await listAssignable(tx, project.id) : { members: [], teams: [] },
      clients: mayManage ? await listClientChoices(tx) : [],
    };
  });
  if (!result) notFound();
  const { project, clients } = result;
  // An archived client stays selectable on the project that already has it.
  const current =
    project.clientId && project.clientArchived
      ? [{ id: project.clientId, name: `${project.clientName} (archived)`, currency: project.currency }]
      : [];
  return { ...result, clients: [...current, ...clients], mayManage: can(member.company.role, "project:manage") };
}

type Change = { ok: true; message: string } | Refusal<string> | null;

const saved = (result: SaveResult<string> | null, message: string): Change =>
  result === null ? null : result.ok ? { ok: true, message } : result;
const found = (done: boolean, message: string): Change => (done ? { ok: true, message } : null);

function change(tx: TenantTransaction, projectId: string, input: ActionInput): Promise<Change> {
  switch (input.intent) {
    case "edit":
      return updateProject(tx, projectId, input).then((r) => saved(r, "Project saved."));
    case "archive":
    case "restore":
      return setProjectArchived(tx, projectId, input.intent === "archive").then((r) =>
        saved(r, input.intent === "archive" ? "Project archived; nobody can log new time on it." : "Project restored."),
      );
    case "add-task":
      return createTask(tx, projectId, input).then((r) => saved(r, `Task ${input.name} added.`));
    case "rename-task":
      return renameTask(tx, projectId, input.taskId, input.name).then((r) => saved(r, "Task renamed."));
    case "task-billable":
      return setTaskBillable(tx, projectId, input.taskId, input.billable === "true").then((r) =>
        saved(r, input.billable === "true" ? "The task is billable." : "The task is no longer billable."),
      );
    case "archive-task":
    case "restore-task":
      return setTaskArchived(tx, projectId, input.taskId, input.intent === "archive-task").then((r) =>
        saved(r, input.intent === "archive-task" ? "Task archived." : "Task restored."),
      );
    case "set-access":
      return setProjectAccess(tx, projectId, input.access).then((done) =>
        found(
          done,
          input.access === "everyone"
            ? "Everyone in the company may log time on this project."
            : "Only the people and teams assigned may log time on this project.",
        ),
      );
    case "assign":
      return assign(tx, projectId, input.kind, input.id).then((done) =>
        found(done, input.kind === "team" ? "Team assigned." : "Person assigned."),
      );
    case "unassign":
      return unassign(tx, projectId, input.kind, input.id).then((done) =>
        found(done, input.kind === "team" ? "Team removed." : "Person removed."),
      );
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, params.company);
  await requirePermission(member, "project:manage");
  const projectId = projectIdSchema.safeParse(params.projectId);
  if (!projectId.success) notFound();
  const submission = await parseSubmission(request, actionSchema);
  if (submission.status !== "success") return rejected(submission);
  const input = submission.value;
  const outcome = await context.withTenant(member.tenant, (tx) => change(tx, projectId.data, input));
  if (!outcome) throw data("Project, task, person or team not found", { status: 404 });
  if (outcome.ok) return data({ ok: true, message: outcome.message });
  if (fieldForms.has(input.intent)) return rejected(submission, { fieldErrors: { [outcome.field]: [outcome.message] } });
  // A name taken by a live row is the clash people can fix here; an archived client is fixed on its page.
  const hint = outcome.field === "clientId" ? "" : " Rename one of them first.";
  return data({ ok: false, message: `${outcome.message}.${hint}` }, { status: 409 });
}

export default function Project() {
  const { project, tasks, assignments, assignable, clients, mayManage } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const archived = Boolean(project.archivedAt);

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
        archived={archived}
        mayManage={mayManage}
        notice={noticeOf(outcome)}
        archiveWarning={<p>Nobody can log new time on it. Time already logged stays, and you can restore the project later.</p>}
      />

      {mayManage ? <ProjectDetailsForm project={project} clients={clients} outcome={outcome} /> : <ProjectSummary project={project} />}

      <section aria-labelledby="tasks-heading" className="stack">
        <h2 id="tasks-heading">Tasks</h2>
        {tasks.length === 0 ? (
          <EmptyState title="No tasks">
            <p>People log time on the project as a whole{mayManage ? " until you add tasks" : ""}.</p>
          </EmptyState>
        ) : (
          <Table label={`Tasks of ${project.name}`} columns={["Task", "Billable", ...(mayManage ? ["Actions"] : [])]}>
            {tasks.map((task) => {
              const taskArchived = Boolean(task.archivedAt);
              const renameErrors = replyFor(outcome, { intent: "rename-task", taskId: task.id })?.error?.name ?? undefined;
              return (
                <tr key={task.id} className={taskArchived ? "row-muted" : undefined}>
                  <td>
                    {mayManage && !taskArchived ? (
                      <Writable quiet>
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="rename-task" />
                          <input type="hidden" name="taskId" value={task.id} />
                          <TextField label={`Name of task ${task.name}`} name="name" defaultValue={task.name} errors={renameErrors} />
                          <Button type="submit" variant="secondary">
                            Rename
                          </Button>
                        </Form>
                      </Writable>
                    ) : (
                      task.name
                    )}
                    {taskArchived ? <span className="badge">Archived</span> : null}
                  </td>
                  <td>{task.billable ? "Billable" : "Not billable"}</td>
                  {mayManage ? (
                    <td className="actions">
                      {taskArchived ? null : (
                        <ActionButton intent="task-billable" values={{ taskId: task.id, billable: task.billable ? "false" : "true" }}>
                          {task.billable ? "Make non-billable" : "Make billable"}
                        </ActionButton>
                      )}
                      <ActionButton
                        intent={taskArchived ? "restore-task" : "archive-task"}
                        values={{ taskId: task.id }}
                        variant="quiet"
                        label={`${taskArchived ? "Restore" : "Archive"} task ${task.name}`}
                      >
                        {taskArchived ? "Restore" : "Archive"}
                      </ActionButton>
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </Table>
        )}
        {mayManage && !archived ? <AddTaskForm outcome={outcome} taskCount={tasks.length} billable={project.billable} /> : null}
      </section>

      <section aria-labelledby="access-heading" className="stack">
        <h2 id="access-heading">Who may log time</h2>
        {mayManage ? (
          <Writable>
            <Form method="post" className="card inline-form" key={project.access}>
              <input type="hidden" name="intent" value="set-access" />
              <Select label="Who may log time" name="access" defaultValue={project.access} options={projectAccessChoices} />
              <Button type="submit" variant="secondary">
                Save
              </Button>
            </Form>
          </Writable>
        ) : (
          <p>
            {project.access === "everyone"
              ? "Everyone in the company may log time on this project."
              : "Only the people and teams below may log time on this project."}
          </p>
        )}
        {project.access === "assigned" ? (
          <>
            {assignments.members.length === 0 && assignments.teams.length === 0 ? (
              <Notice tone="warning">Nobody is assigned yet, so nobody can log time on this project.</Notice>
            ) : (
              <Table label={`Assigned to ${project.name}`} columns={["Assigned", "Kind", ...(mayManage ? ["Actions"] : [])]}>
                {[
                  ...assignments.teams.map((team) => ({
                    kind: "team",
                    id: team.teamId,
                    name: team.name,
                    detail: `${team.memberCount} ${team.memberCount === 1 ? "person" : "people"}`,
                  })),
                  ...assignments.members.map((person) => ({ kind: "member", id: person.userId, name: person.name, detail: person.email })),
                ].map((assigned) => (
                  <tr key={`${assigned.kind}:${assigned.id}`}>
                    <td>
                      {assigned.name}
                      {assigned.detail ? <div className="muted small">{assigned.detail}</div> : null}
                    </td>
                    <td>{assigned.kind === "team" ? "Team" : "Person"}</td>
                    {mayManage ? (
                      <td className="actions">
                        <ActionButton
                          intent="unassign"
                          values={{ kind: assigned.kind, id: assigned.id }}
                          variant="quiet"
                          label={`Remove ${assigned.name} from ${project.name}`}
                        >
                          Remove
                        </ActionButton>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </Table>
            )}
            {mayManage ? (
              <div className="grid-2">
                <AssignForm
                  kind="member"
                  label="Assign a person"
                  options={assignable.members.map((m) => ({ id: m.userId, label: `${m.name} (${m.email})` }))}
                />
                <AssignForm kind="team" label="Assign a team" options={assignable.teams.map((t) => ({ id: t.teamId, label: t.name }))} />
              </div>
            ) : null}
          </>
        ) : null}
      </section>
    </div>
  );
}

type LoadedProject = ReturnType<typeof useLoaderData<typeof loader>>["project"];

function ProjectDetailsForm({
  project,
  clients,
  outcome,
}: {
  project: LoadedProject;
  clients: { id: string; name: string; currency: string }[];
  outcome: Outcome;
}) {
  const navigation = useNavigation();
  const [form, fields] = useValidatedForm(editSchema, replyFor(outcome, { intent: "edit" }), {
    defaultValue: {
      intent: "edit",
      clientId: project.clientId ?? undefined,
      name: project.name,
      code: project.code ?? "",
      color: project.color,
      billable: project.billable,
      hourlyRateMinor: moneyInputValue(project.hourlyRateMinor),
      budgetMinutes: project.budgetMinutes === null ? "" : hoursOf(project.budgetMinutes),
    },
  });
  return (
    <Writable>
      <Form method="post" {...getFormProps(form)} className="card stack narrow">
        <input type="hidden" name="intent" value="edit" />
        <FormErrors errors={form.errors} />
        <ProjectFields fields={fields} clients={clients} />
        <p className="muted small">
          Billable time is charged at <Rate minor={project.effectiveRateMinor} currency={project.currency} />.
        </p>
        <Button type="submit" isPending={navigation.state === "submitting"}>
          Save project
        </Button>
      </Form>
    </Writable>
  );
}

function ProjectSummary({ project }: { project: LoadedProject }) {
  return (
    <dl className="details card">
      <dt>Client</dt>
      <dd>{project.clientName ?? "No client"}</dd>
      <dt>Code</dt>
      <dd>{project.code ?? "—"}</dd>
      <dt>Billable</dt>
      <dd>{project.billable ? "Yes" : "No"}</dd>
      <dt>Rate</dt>
      <dd>
        <Rate minor={project.effectiveRateMinor} currency={project.currency} />
      </dd>
      <dt>Budget</dt>
      <dd>
        <Budget minutes={project.budgetMinutes} />
      </dd>
    </dl>
  );
}

function AddTaskForm({ outcome, taskCount, billable }: { outcome: Outcome; taskCount: number; billable: boolean }) {
  const navigation = useNavigation();
  const [form, fields] = useValidatedForm(addTaskSchema, replyFor(outcome, { intent: "add-task" }), {
    id: "add-task",
    defaultValue: { intent: "add-task", billable },
  });
  // Keyed by the number of tasks, so the form empties once the new task is in the list.
  return (
    <Writable>
      <Form method="post" {...getFormProps(form)} className="card inline-form" key={taskCount}>
        <input type="hidden" name="intent" value="add-task" />
        <TextField
          label="New task"
          name={fields.name.name}
          errors={fields.name.errors}
          description="For example Design, Development or Meetings."
        />
        <Checkbox name={fields.billable.name} value="on" defaultSelected={billable}>
          Billable
        </Checkbox>
        <Button type="submit" isPending={navigation.state === "submitting"}>
          Add task
        </Button>
      </Form>
    </Writable>
  );
}

function AssignForm({ kind, label, options }: { kind: "member" | "team"; label: string; options: { id: string; label: string }[] }) {
  const navigation = useNavigation();
  return (
    <Writable>
      <Form method="post" className="card stack">
        <input type="hidden" name="intent" value="assign" />
        <input type="hidden" name="kind" value={kind} />
        {options.length ? (
          <>
            <Select label={label} name="id" options={options} />
            <Button type="submit" variant="secondary" isDisabled={navigation.state !== "idle"}>
              Assign
            </Button>
          </>
        ) : (
          <p className="muted">{kind === "team" ? "Every live team is assigned." : "Everyone in the company is assigned."}</p>
        )}
      </Form>
    </Writable>
  );
}
