import { notFound, operation, outcomeOf, refused, succeeded } from "../operations";
import {
  addTaskInput,
  assignmentInput,
  clientInput,
  createClientInput,
  createProjectInput,
  projectInput,
  renameTaskInput,
  setProjectAccessInput,
  setTaskBillableInput,
  taskInput,
  updateClientInput,
  updateProjectInput,
} from "./inputs";
import { createClient, setClientArchived, updateClient } from "./clients.server";
import { assign, unassign } from "./project-access.server";
import { createTask, renameTask, setTaskArchived, setTaskBillable } from "./project-tasks.server";
import { createProject, setProjectAccess, setProjectArchived, updateProject } from "./projects.server";
import type { SaveResult } from "./unique-names.server";

/**
 * Archiving and restoring take no name, so a live row holding the name is a refusal of
 * the whole change, with what to do about it; an archived client is fixed on its own page.
 */
function withoutField(result: SaveResult<string> | null, what: string, remedy: string) {
  if (result === null) return notFound(what);
  if (result.ok) return succeeded(result);
  return refused(409, result.field === "clientId" ? `${result.message}.` : `${result.message}. ${remedy}`);
}

export const createClientOperation = operation({
  name: "client.create",
  permission: "project:manage",
  input: createClientInput,
  run: async (tx, input) => outcomeOf(await createClient(tx, input), "Client"),
});

export const updateClientOperation = operation({
  name: "client.update",
  permission: "project:manage",
  input: updateClientInput,
  run: async (tx, { clientId, ...client }) => outcomeOf(await updateClient(tx, clientId, client), "Client"),
});

/** Its live projects are archived with it, so nobody logs new time for a client the company stopped working for. */
export const archiveClientOperation = operation({
  name: "client.archive",
  permission: "project:manage",
  input: clientInput,
  run: async (tx, input) =>
    withoutField(await setClientArchived(tx, input.clientId, true), "Client", "Rename it, or archive the other client first."),
});

/** Only the client comes back; its projects are restored one by one. */
export const restoreClientOperation = operation({
  name: "client.restore",
  permission: "project:manage",
  input: clientInput,
  run: async (tx, input) =>
    withoutField(await setClientArchived(tx, input.clientId, false), "Client", "Rename it, or archive the other client first."),
});

export const createProjectOperation = operation({
  name: "project.create",
  permission: "project:manage",
  input: createProjectInput,
  run: async (tx, input) => outcomeOf(await createProject(tx, input), "Client"),
});

export const updateProjectOperation = operation({
  name: "project.update",
  permission: "project:manage",
  input: updateProjectInput,
  run: async (tx, { projectId, ...project }) => outcomeOf(await updateProject(tx, projectId, project), "Project or client"),
});

/** Time already logged stays; nobody logs new time on it. */
export const archiveProjectOperation = operation({
  name: "project.archive",
  permission: "project:manage",
  input: projectInput,
  run: async (tx, input) => withoutField(await setProjectArchived(tx, input.projectId, true), "Project", "Rename one of them first."),
});

/** A project of an archived client waits for its client to be restored first. */
export const restoreProjectOperation = operation({
  name: "project.restore",
  permission: "project:manage",
  input: projectInput,
  run: async (tx, input) => withoutField(await setProjectArchived(tx, input.projectId, false), "Project", "Rename one of them first."),
});

export const setProjectAccessOperation = operation({
  name: "project.set-access",
  permission: "project:manage",
  input: setProjectAccessInput,
  run: async (tx, input) => ((await setProjectAccess(tx, input.projectId, input.access)) ? succeeded(input) : notFound("Project")),
});

/** Only active members and live teams of the company can be assigned; assigning twice is harmless. */
export const assignOperation = operation({
  name: "project.assign",
  permission: "project:manage",
  input: assignmentInput,
  run: async (tx, input) => ((await assign(tx, input.projectId, input.kind, input.id)) ? succeeded(input) : notFound("Project, person or team")),
});

export const unassignOperation = operation({
  name: "project.unassign",
  permission: "project:manage",
  input: assignmentInput,
  run: async (tx, input) => ((await unassign(tx, input.projectId, input.kind, input.id)) ? succeeded(input) : notFound("Assignment")),
});

export const addTaskOperation = operation({
  name: "task.create",
  permission: "project:manage",
  input: addTaskInput,
  run: async (tx, { projectId, ...task }) => {
    const created = outcomeOf(await createTask(tx, projectId, task), "Project");
    return created.ok ? succeeded({ id: created.value.id, name: task.name }) : created;
  },
});

export const renameTaskOperation = operation({
  name: "task.rename",
  permission: "project:manage",
  input: renameTaskInput,
  run: async (tx, input) => outcomeOf(await renameTask(tx, input.projectId, input.taskId, input.name), "Task"),
});

export const setTaskBillableOperation = operation({
  name: "task.set-billable",
  permission: "project:manage",
  input: setTaskBillableInput,
  run: async (tx, input) => {
    const saved = outcomeOf(await setTaskBillable(tx, input.projectId, input.taskId, input.billable), "Task");
    return saved.ok ? succeeded(input) : saved;
  },
});

/** Archived tasks keep their time. */
export const archiveTaskOperation = operation({
  name: "task.archive",
  permission: "project:manage",
  input: taskInput,
  run: async (tx, input) => withoutField(await setTaskArchived(tx, input.projectId, input.taskId, true), "Task", "Rename one of them first."),
});

/** A live task of the same name refuses it. */
export const restoreTaskOperation = operation({
  name: "task.restore",
  permission: "project:manage",
  input: taskInput,
  run: async (tx, input) => withoutField(await setTaskArchived(tx, input.projectId, input.taskId, false), "Task", "Rename one of them first."),
});
