import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActionButton } from "~/components/ActionButton";
import { Button } from "~/components/Button";
import { ConfirmDialog } from "~/components/ConfirmDialog";
import { CheckboxGroup, FormErrors, ReplyErrors, Select, TextField } from "~/components/fields";
import { replyFor, useValidatedForm } from "~/components/forms";
import { Link } from "~/components/Link";
import { Table } from "~/components/Table";
import { EmptyState } from "~/components/Notice";
import { Writable } from "~/components/ReadOnly";
import { inviteInput } from "~/kernel/members/inputs";
import { listOpenInvitations } from "~/kernel/members/invitations.server";
import { inviteOperation, resendInvitationOperation, revokeInvitationOperation } from "~/kernel/members/operations.server";
import { seatUsage } from "~/kernel/members/seats.server";
import { listTeams } from "~/kernel/teams/teams.server";
import { assignableRoles, roleLabels } from "~/kernel/permissions";
import { withCompany } from "~/routing/company-data.server";
import { companyAction, intent } from "~/routing/company-action.server";
import { timeFromNow } from "~/components/format";

export const meta: MetaFunction = () => [{ title: "Invitations · Hourbook" }];

export async function loader(args: LoaderFunctionArgs) {
  const { result } = await withCompany(args, "invitation:manage", async (tx) => ({
    invitations: await listOpenInvitations(tx),
    teams: await listTeams(tx),
    seats: await seatUsage(tx, args.context.billing),
  }));
  return result;
}

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    invite: intent({ operation: inviteOperation, success: ({ email }) => ({ toast: `Invitation sent to ${email}.` }) }),
    resend: intent({ operation: resendInvitationOperation, success: () => ({ toast: "Invitation sent again with a new link." }) }),
    revoke: intent({ operation: revokeInvitationOperation, success: () => ({ toast: "Invitation revoked; its link no longer works." }) }),
  });
}

const roleOptions = assignableRoles.map((role) => ({ id: role, label: roleLabels[role] }));

export default function Invitations() {
  const { invitations, teams, seats } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const inviteReply = replyFor(reply, { intent: "invite" });
  const [form, fields] = useValidatedForm(inviteInput, inviteReply, {
    // A new, empty form after each successful invitation.
    id: `invite-${invitations.length}`,
  });

  return (
    <div className="stack-lg">
      <div className="page-header">
        <h1>Invitations</h1>
        <Link href="../members">Back to members</Link>
      </div>
      {inviteReply ? null : <ReplyErrors reply={reply} />}

      <section className="card stack" aria-labelledby="invite-heading">
        <h2 id="invite-heading">Invite someone</h2>
        <p className="muted">They get an email with a link that works once, for 7 days.</p>
        {seats ? (
          <p className="muted">
            The {seats.planName} plan allows {seats.limit} members, counting pending invitations: {seats.taken} taken.{" "}
            <Link href="../billing">Upgrade on the billing page</Link> for more.
          </p>
        ) : null}
        <Writable>
          <Form method="post" {...getFormProps(form)} className="stack">
            <input type="hidden" name="intent" value="invite" />
            <FormErrors errors={form.errors} />
            <TextField label="Email" name={fields.email.name} type="email" autoComplete="off" errors={fields.email.errors} />
            <Select label="Role" name={fields.role.name} options={roleOptions} defaultValue="employee" errors={fields.role.errors} />
            {teams.length ? (
              <CheckboxGroup
                label="Teams (optional)"
                name={fields.teamIds.name}
                options={teams.map((team) => ({ id: team.id, label: team.name }))}
                errors={fields.teamIds.errors}
              />
            ) : null}
            <Button type="submit" isPending={navigation.state === "submitting" && navigation.formData?.get("intent") === "invite"}>
              Send invitation
            </Button>
          </Form>
        </Writable>
      </section>

      <section className="stack" aria-labelledby="open-heading">
        <h2 id="open-heading">Waiting for an answer</h2>
        {invitations.length === 0 ? (
          <EmptyState title="No open invitations">
            <p>Invitations you send appear here until they are accepted.</p>
          </EmptyState>
        ) : (
          <Table label="Open invitations" columns={["Email", "Role", "Teams", "Sent", "Actions"]}>
                {invitations.map((invitation) => (
                  <tr key={invitation.id}>
                    <td>
                      {invitation.email}
                      {invitation.invitedBy ? <div className="muted small">by {invitation.invitedBy}</div> : null}
                    </td>
                    <td>{roleLabels[invitation.role]}</td>
                    <td>{invitation.teams.map((t) => t.name).join(", ") || <span className="muted">None</span>}</td>
                    <td>
                      <span suppressHydrationWarning>{timeFromNow(invitation.sentAt)}</span>
                      {invitation.expired ? <div className="badge badge-warning">Expired</div> : null}
                    </td>
                    <td className="actions">
                      <ActionButton intent="resend" values={{ invitationId: invitation.id }}>
                        Resend
                      </ActionButton>
                      <ConfirmDialog
                        trigger="Revoke"
                        title={`Revoke the invitation for ${invitation.email}?`}
                        confirmLabel="Revoke"
                        intent="revoke"
                        values={{ invitationId: invitation.id }}
                      >
                        <p>The link in their email will stop working.</p>
                      </ConfirmDialog>
                    </td>
                  </tr>
                ))}
              </Table>
        )}
      </section>
    </div>
  );
}
