import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ActionButton } from "~/components/ActionButton";
import { Button } from "~/components/Button";
import { ConfirmDialog } from "~/components/ConfirmDialog";
import { Checkbox, ReplyErrors, Select, TextField } from "~/components/fields";
import { Link } from "~/components/Link";
import { Table } from "~/components/Table";
import { EmptyState } from "~/components/Notice";
import { Writable } from "~/components/ReadOnly";
import {
  archiveTeamOperation,
  putTeamMemberOperation,
  removeTeamMemberOperation,
  renameTeamOperation,
  restoreTeamOperation,
} from "~/kernel/teams/operations.server";
import { getTeam, listMembersOutsideTeam } from "~/kernel/teams/teams.server";
import { can, roleLabels } from "~/kernel/permissions";
import { withCompany } from "~/routing/company-data.server";
import { companyAction, intent } from "~/routing/company-action.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.team.name ?? "Team"} · Hourbook` }];

const teamIdSchema = z.uuid();

export async function loader(args: LoaderFunctionArgs) {
  if (!teamIdSchema.safeParse(args.params.teamId).success) throw data("Team not found", { status: 404 });
  const teamId = args.params.teamId!;
  const { member, result } = await withCompany(args, "team:view", async (tx) => ({
    team: await getTeam(tx, teamId),
    candidates: await listMembersOutsideTeam(tx, teamId),
  }));
  if (!result.team) throw data("Team not found", { status: 404 });
  return { team: result.team, candidates: result.candidates, mayManage: can(member.company.role, "team:manage") };
}

const teamIdFromUrl = (params: { teamId?: string }) => ({ teamId: params.teamId });

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    rename: intent({ operation: renameTeamOperation, fromParams: teamIdFromUrl, success: () => ({ toast: "Team renamed." }) }),
    archive: intent({ operation: archiveTeamOperation, fromParams: teamIdFromUrl, success: () => ({ toast: "Team archived." }) }),
    restore: intent({ operation: restoreTeamOperation, fromParams: teamIdFromUrl, success: () => ({ toast: "Team restored." }) }),
    "add-member": intent({ operation: putTeamMemberOperation, fromParams: teamIdFromUrl, success: () => ({ toast: "Added to the team." }) }),
    "set-manager": intent({
      operation: putTeamMemberOperation,
      fromParams: teamIdFromUrl,
      success: ({ isManager }) => ({ toast: isManager ? "They now manage this team." : "They no longer manage this team." }),
    }),
    "remove-member": intent({ operation: removeTeamMemberOperation, fromParams: teamIdFromUrl, success: () => ({ toast: "Removed from the team." }) }),
  });
}

export default function Team() {
  const { team, candidates, mayManage } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const archived = Boolean(team.archivedAt);

  return (
    <div className="stack-lg">
      <div className="page-header">
        <div>
          <p className="muted">
            <Link href="../teams">Teams</Link>
          </p>
          <h1>
            {team.name} {archived ? <span className="badge">Archived</span> : null}
          </h1>
        </div>
        {mayManage ? (
          archived ? (
            <ActionButton intent="restore">Restore team</ActionButton>
          ) : (
            <ConfirmDialog trigger="Archive team" title={`Archive ${team.name}?`} confirmLabel="Archive" intent="archive">
              <p>Its managers stop approving for it. People stay members of the company; you can restore the team later.</p>
            </ConfirmDialog>
          )
        ) : null}
      </div>

      <ReplyErrors reply={reply} />

      {mayManage ? (
        <div className="grid-2">
          <Writable>
            <Form method="post" className="card stack">
              <input type="hidden" name="intent" value="rename" />
              <TextField label="Team name" name="name" defaultValue={team.name} />
              <Button type="submit" variant="secondary" isDisabled={busy}>
                Rename
              </Button>
            </Form>
          </Writable>
          <Writable>
            <Form method="post" className="card stack">
              <input type="hidden" name="intent" value="add-member" />
              {candidates.length ? (
                <>
                  <Select label="Add a person" name="userId" options={candidates.map((c) => ({ id: c.userId, label: `${c.name} (${c.email})` }))} />
                  <Checkbox name="isManager" value="on">
                    Manages this team
                  </Checkbox>
                  <Button type="submit" isDisabled={busy}>
                    Add to team
                  </Button>
                </>
              ) : (
                <p className="muted">Everyone in the company is in this team.</p>
              )}
            </Form>
          </Writable>
        </div>
      ) : null}

      <section aria-labelledby="people-heading" className="stack">
        <h2 id="people-heading">People</h2>
        {team.members.length === 0 ? (
          <EmptyState title="Nobody in this team yet" />
        ) : (
          <Table label="People in the team" columns={["Name", "Company role", "In this team", ...(mayManage ? ["Actions"] : [])]}>
                {team.members.map((person) => (
                  <tr key={person.userId}>
                    <td>
                      {person.name}
                      <div className="muted small">{person.email}</div>
                    </td>
                    <td>{roleLabels[person.role]}</td>
                    <td>{person.isManager ? "Manager" : "Member"}</td>
                    {mayManage ? (
                      <td className="actions">
                        <ActionButton intent="set-manager" values={{ userId: person.userId, ...(person.isManager ? {} : { isManager: "on" }) }}>
                          {person.isManager ? "Make member" : "Make manager"}
                        </ActionButton>
                        <ActionButton intent="remove-member" values={{ userId: person.userId }} variant="quiet" label={`Remove ${person.name} from ${team.name}`}>
                          Remove
                        </ActionButton>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </Table>
        )}
      </section>
    </div>
  );
}
