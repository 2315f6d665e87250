import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireMember, requirePermission } from "~/kernel/accounts/session.server";
import { ActionButton } from "~/components/ActionButton";
import { Button } from "~/components/Button";
import { ConfirmDialog } from "~/components/ConfirmDialog";
import { Checkbox, Select, TextField } from "~/components/fields";
import { Link } from "~/components/Link";
import { Table } from "~/components/Table";
import { teamNameField } from "~/kernel/fields";
import { EmptyState, Notice } from "~/components/Notice";
import { Writable } from "~/components/ReadOnly";
import {
  getTeam,
  listMembersOutsideTeam,
  putTeamMember,
  removeTeamMember,
  renameTeam,
  setTeamArchived,
} from "~/kernel/teams/teams.server";
import { can, roleLabels } from "~/kernel/permissions";
import { withCompany } from "~/routing/company-data.server";
import { readForm } from "~/routing/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.team.name ?? "Team"} · Hourbook` }];

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("rename"), name: teamNameField }),
  z.object({ intent: z.literal("archive") }),
  z.object({ intent: z.literal("restore") }),
  z.object({ intent: z.literal("add-member"), userId: z.uuid({ error: "Choose a person" }), isManager: z.literal("on").optional() }),
  z.object({ intent: z.literal("set-manager"), userId: z.uuid(), isManager: z.enum(["true", "false"]) }),
  z.object({ intent: z.literal("remove-member"), userId: z.uuid() }),
]);

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

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, params.company);
  await requirePermission(member, "team:manage");
  const teamId = teamIdSchema.safeParse(params.teamId);
  if (!teamId.success) throw data("Team not found", { status: 404 });
  const parsed = actionSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) {
    return data({ ok: false, message: parsed.error.issues[0]?.message ?? "Check the form and try again." }, { status: 400 });
  }
  const input = parsed.data;
  const id = teamId.data;

  const outcome = await context.withTenant(member.tenant, async (tx) => {
    switch (input.intent) {
      case "rename":
        return renameTeam(tx, id, input.name).then((r) => (r === null ? null : r.ok ? { ok: true, message: "Team renamed." } : r));
      case "archive":
      case "restore":
        return setTeamArchived(tx, id, input.intent === "archive").then((r) =>
          r === null ? null : r.ok ? { ok: true, message: input.intent === "archive" ? "Team archived." : "Team restored." } : r,
        );
      case "add-member":
        return (await putTeamMember(tx, id, input.userId, input.isManager === "on")) ? { ok: true, message: "Added to the team." } : null;
      case "set-manager":
        return (await putTeamMember(tx, id, input.userId, input.isManager === "true"))
          ? { ok: true, message: input.isManager === "true" ? "They now manage this team." : "They no longer manage this team." }
          : null;
      case "remove-member":
        return (await removeTeamMember(tx, id, input.userId)) ? { ok: true, message: "Removed from the team." } : null;
    }
  });
  if (!outcome) throw data("Team or member not found", { status: 404 });
  return data({ ok: outcome.ok, message: outcome.message }, { status: outcome.ok ? 200 : 409 });
}

export default function Team() {
  const { team, candidates, mayManage } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
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

      {outcome ? <Notice tone={outcome.ok ? "success" : "error"}>{outcome.message}</Notice> : null}

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
                        <ActionButton intent="set-manager" values={{ userId: person.userId, isManager: person.isManager ? "false" : "true" }}>
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
