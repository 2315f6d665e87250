import { Form, useNavigation } from "@remix-run/react";
import { ActionButton } from "~/components/ActionButton";
import { Button } from "~/components/Button";
import { Select } from "~/components/fields";
import { Notice } from "~/components/Notice";
import { Writable } from "~/components/ReadOnly";
import { Table } from "~/components/Table";
import { projectAccessChoices } from "~/kernel/catalog/project-fields";
import type { ProjectView } from "./route";

/** Who may log time on the project: everyone, or the people and teams assigned to it. */
export function Access({ page }: { page: ProjectView }) {
  const { project, assignments, assignable, mayManage } = page;
  return (
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
