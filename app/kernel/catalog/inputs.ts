import { z } from "zod";
import { clientSchema, projectFields, projectSchema, taskNameField } from "./project-fields";

/**
 * The clients', projects' and tasks' operation inputs, built from the field rules in
 * project-fields.ts; the pages validate their forms with the same schemas in the browser.
 */
const clientId = z.uuid();
const projectId = z.uuid();
const taskId = z.uuid();

export const createClientInput = clientSchema;
export const updateClientInput = clientSchema.extend({ clientId });
export const clientInput = z.object({ clientId });

export const createProjectInput = projectSchema;
// Access changes on its own (setProjectAccessInput), in its own section of the page.
export const updateProjectInput = projectSchema.omit({ access: true }).extend({ projectId });
export const projectInput = z.object({ projectId });
export const setProjectAccessInput = z.object({ projectId, access: projectFields.access });
export const assignmentInput = z.object({
  projectId,
  kind: z.enum(["member", "team"]),
  id: z.uuid({ error: "Choose who to assign" }),
});

export const addTaskInput = z.object({ projectId, name: taskNameField, billable: z.boolean().default(false) });
export const renameTaskInput = z.object({ projectId, taskId, name: taskNameField });
export const setTaskBillableInput = z.object({ projectId, taskId, billable: z.boolean().default(false) });
export const taskInput = z.object({ projectId, taskId });
