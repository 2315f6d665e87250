import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { ActionButton } from "~/components/ActionButton";
import { Button } from "~/components/Button";
import { Checkbox, TextField } from "~/components/fields";
import { replyFor, useValidatedForm } from "~/components/forms";
import { EmptyState } from "~/components/Notice";
import { Writable } from "~/components/ReadOnly";
import { Table } from "~/components/Table";
import { addTaskInput } from "~/kernel/catalog/inputs";
import type { ProjectView } from "./route";

type Reply = SubmissionResult<string[]> | undefined;

/** The project's tasks, renamed in their row; those who manage the project add, bill and archive them here. */
export function Tasks({ page, reply }: { page: ProjectView; reply: Reply }) {
  const { project, tasks, mayManage } = page;
  return (
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
            const renameErrors = replyFor(reply, { intent: "rename-task", taskId: task.id })?.error?.name ?? undefined;
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
                      <ActionButton intent="task-billable" values={{ taskId: task.id, ...(task.billable ? {} : { billable: "on" }) }}>
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
      {mayManage && !project.archivedAt ? (
        <AddTaskForm reply={replyFor(reply, { intent: "add-task" })} taskCount={tasks.length} billable={project.billable} />
      ) : null}
    </section>
  );
}

// The project's id comes from the page's address, not the form.
const addTaskForm = addTaskInput.omit({ projectId: true });

function AddTaskForm({ reply, taskCount, billable }: { reply: Reply; taskCount: number; billable: boolean }) {
  const navigation = useNavigation();
  const [form, fields] = useValidatedForm(addTaskForm, reply, { id: "add-task", defaultValue: { billable } });
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
