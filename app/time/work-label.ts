/**
 * What a piece of logged or running time is for, as entries, timers and the week
 * grid name it: the project and task with the labels and colour the pages show.
 */
export interface WorkLabel {
  projectId: string;
  taskId: string | null;
  projectName: string;
  projectColor: string;
  clientName: string | null;
  taskName: string | null;
}
