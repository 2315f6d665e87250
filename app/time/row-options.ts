import { rowKey } from "./cells";

interface PickableProject {
  id: string;
  name: string;
  clientName: string | null;
  tasks: { id: string; name: string }[];
}

/** "Client › Project · Task" choices for a picker that posts a row key (project:task). */
export function rowOptions(projects: PickableProject[]): { id: string; label: string }[] {
  return projects.flatMap((project) => {
    const prefix = project.clientName ? `${project.clientName} › ${project.name}` : project.name;
    return project.tasks.length === 0
      ? [{ id: rowKey(project.id, null), label: prefix }]
      : project.tasks.map((task) => ({ id: rowKey(project.id, task.id), label: `${prefix} · ${task.name}` }));
  });
}

/** What the header's timer offers: every row open to the person, and their recent work to continue. */
export interface TimerChoices {
  options: { id: string; label: string }[];
  recent: { row: string; label: string; notes: string | null }[];
}
