import { getFormProps } from "@conform-to/react";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { emailField } from "~/kernel/accounts/schemas";
import { requireMember, requirePermission } from "~/kernel/accounts/session.server";
import { ActionButton } from "~/components/ActionButton";
import { Button } from "~/components/Button";
import { ConfirmDialog } from "~/components/ConfirmDialog";
import { CheckboxGroup, FormErrors, Select, TextField } from "~/components/fields";
import { useValidatedForm } from "~/components/forms";
import { Link } from "~/components/Link";
import { Table } from "~/components/Table";
import { EmptyState, Notice } from "~/components/Notice";
import { Writable } from "~/components/ReadOnly";
import {
  createInvitation,
  listOpenInvitations,
  resendInvitation,
  revokeInvitation,
  type ResendResult,
} from "~/kernel/members/invitations.server";
import { seatUsage } from "~/kernel/members/seats.server";
import { listTeams } from "~/kernel/teams/teams.server";
import { assignableRoles, roleLabels } from "~/kernel/permissions";
import { withCompany } from "~/routing/company-data.server";
import { parseSubmission, readForm, rejected } from "~/routing/forms.server";
import { timeFromNow } from "~/components/format";

export const meta: MetaFunction = () => [{ title: "Invitations · Hourbook" }];

const inviteSchema = z.object({
  intent: z.literal("invite"),
  email: emailField,
  role: z.enum(assignableRoles, { error: "Choose a role" }),
  teamIds: z.array(z.uuid()).max(50).default([]),
});

const invitationAction = z.object({ intent: z.enum(["resend", "revoke"]), invitationId: z.uuid() });

export async function loader(args: LoaderFunctionArgs) {
  const { result } = await withCompany(args, "invitation:manage", async (tx) => ({
    invitations: await listOpenInvitations(tx),
    teams: await listTeams(tx),
    seats: await seatUsage(tx, args.context.billing),
  }));
  return result;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, params.company);
  await requirePermission(member, "invitation:manage");

  if (new URL(request.url).searchParams.get("intent") !== "invite") {
    const parsed = invitationAction.safeParse(Object.fromEntries(await readForm(request)));
    if (!parsed.success) return data({ notice: "That request wasn't understood. Reload and try again." }, { status: 400 });
    const { intent, invitationId } = parsed.data;
    const done = await context.withTenant(member.tenant, async (tx): Promise<ResendResult | null> => {
      if (intent === "resend") return resendInvitation(tx, invitationId, context.billing);
      return (await revokeInvitation(tx, invitationId)) ? { ok: true } : null;
    });
    if (!done) throw data("Invitation not found", { status: 404 });
    if (!done.ok) return data({ problem: done.message }, { status: 409 });
    return { notice: intent === "resend" ? "Invitation sent again with a new link." : "Invitation revoked; its link no longer works." };
  }

  const submission = await parseSubmission(request, inviteSchema);
  if (submission.status !== "success") return rejected(submission);
  const result = await context.withTenant(member.tenant, (tx) => createInvitation(tx, submission.value, context.billing));
  if (!result.ok) return rejected(submission, { fieldErrors: { [result.field]: [result.message] } });
  return { notice: `Invitation sent to ${submission.value.email}.` };
}

const roleOptions = assignableRoles.map((role) => ({ id: role, label: roleLabels[role] }));

export default function Invitations() {
  const { invitations, teams, seats } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const notice = result && "notice" in result ? result.notice : null;
  const problem = result && "problem" in result ? result.problem : null;
  const [form, fields] = useValidatedForm(inviteSchema, result && !("notice" in result) && !("problem" in result) ? result : null, {
    // A new, empty form after each successful invitation.
    id: `invite-${invitations.length}`,
  });

  return (
    <div className="stack-lg">
      <div className="page-header">
        <h1>Invitations</h1>
        <Link href="../members">Back to members</Link>
      </div>
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      {problem ? <Notice tone="error">{problem}</Notice> : null}

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
          <Form method="post" action="?intent=invite" {...getFormProps(form)} className="stack">
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
            <Button type="submit" isPending={navigation.state === "submitting" && navigation.formAction?.includes("invite")}>
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
