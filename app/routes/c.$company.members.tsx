import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { text } from "~/kernel/fields";
import { ActionButton } from "~/components/ActionButton";
import { Button } from "~/components/Button";
import { ConfirmDialog } from "~/components/ConfirmDialog";
import { Checkbox, ReplyErrors, Select } from "~/components/fields";
import { Link } from "~/components/Link";
import { Table } from "~/components/Table";
import { EmptyState } from "~/components/Notice";
import { Writable } from "~/components/ReadOnly";
import { countMembers, listMembers, membersPageSize } from "~/kernel/members/members.server";
import {
  changeRoleOperation,
  deactivateMemberOperation,
  reactivateMemberOperation,
  transferOwnershipOperation,
} from "~/kernel/members/operations.server";
import { assignableRoles, can, roleLabels } from "~/kernel/permissions";
import { withCompany } from "~/routing/company-data.server";
import { companyAction, intent } from "~/routing/company-action.server";
import { timeFromNow } from "~/components/format";

export const meta: MetaFunction = () => [{ title: "Members · Hourbook" }];

const cursorSchema = z.object({ name: text().max(200), userId: z.uuid() });

function parseCursor(raw: string | null) {
  if (!raw) return undefined;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function loader(args: LoaderFunctionArgs) {
  const after = parseCursor(new URL(args.request.url).searchParams.get("after"));
  const { member, result } = await withCompany(args, "member:view", async (tx) => ({
    members: await listMembers(tx, { after, limit: membersPageSize + 1 }),
    counts: await countMembers(tx),
  }));
  const hasMore = result.members.length > membersPageSize;
  const members = result.members.slice(0, membersPageSize);
  const last = members.at(-1);
  return {
    members,
    counts: result.counts,
    nextCursor:
      hasMore && last ? Buffer.from(JSON.stringify({ name: last.name, userId: last.userId })).toString("base64url") : null,
    isFirstPage: !after,
    me: member.user.id,
    may: {
      manage: can(member.company.role, "member:manage"),
      transfer: can(member.company.role, "member:transfer-ownership"),
      invite: can(member.company.role, "invitation:manage"),
    },
  };
}

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    "change-role": intent({ operation: changeRoleOperation, success: () => ({ toast: "Role changed." }) }),
    deactivate: intent({
      operation: deactivateMemberOperation,
      success: () => ({ toast: "Member deactivated. Their history stays; they can no longer open this company." }),
    }),
    reactivate: intent({ operation: reactivateMemberOperation, success: () => ({ toast: "Member reactivated." }) }),
    transfer: intent({ operation: transferOwnershipOperation, success: () => ({ toast: "Ownership transferred." }) }),
  });
}

const roleOptions = assignableRoles.map((role) => ({ id: role, label: roleLabels[role] }));

export default function Members() {
  const { members, counts, nextCursor, isFirstPage, me, may } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";

  return (
    <div className="stack-lg">
      <div className="page-header">
        <div>
          <h1>Members</h1>
          <p className="muted">
            {counts.active} active{counts.deactivated ? `, ${counts.deactivated} deactivated` : ""}
          </p>
        </div>
        {may.invite ? (
          <Link href="../invitations" className="button button-primary">
            Invite people
          </Link>
        ) : null}
      </div>

      <ReplyErrors reply={reply} />

      {members.length === 0 ? (
        <EmptyState title="No members on this page">
          <Link href=".">Back to the first page</Link>
        </EmptyState>
      ) : (
        <Table label="Members of the company" columns={["Name", "Role", "Teams", "Status", "Last active", ...(may.manage ? ["Actions"] : [])]}>
              {members.map((person) => {
                const isMe = person.userId === me;
                const active = person.status === "active";
                return (
                  <tr key={person.userId} className={active ? undefined : "row-muted"}>
                    <td>
                      <div>{person.name}{isMe ? " (you)" : ""}</div>
                      <div className="muted small">{person.email}</div>
                    </td>
                    <td>
                      {may.manage && person.role !== "owner" && active ? (
                        <Writable quiet>
                          <Form method="post" className="inline-form">
                            <input type="hidden" name="intent" value="change-role" />
                            <input type="hidden" name="userId" value={person.userId} />
                            <Select label={`Role of ${person.name}`} name="role" options={roleOptions} defaultValue={person.role} />
                            <Button type="submit" variant="secondary" isDisabled={busy}>
                              Save
                            </Button>
                          </Form>
                        </Writable>
                      ) : (
                        roleLabels[person.role]
                      )}
                    </td>
                    <td>{person.teams.length ? person.teams.map((t) => `${t.name}${t.isManager ? " (manager)" : ""}`).join(", ") : <span className="muted">None</span>}</td>
                    <td>{active ? "Active" : "Deactivated"}</td>
                    <td>
                      <time dateTime={person.lastActiveAt ? new Date(person.lastActiveAt).toISOString() : undefined} suppressHydrationWarning>
                        {timeFromNow(person.lastActiveAt)}
                      </time>
                    </td>
                    {may.manage ? (
                      <td className="actions">
                        {!isMe && active ? (
                          <ConfirmDialog
                            trigger="Deactivate"
                            title={`Deactivate ${person.name}?`}
                            confirmLabel="Deactivate"
                            intent="deactivate"
                            values={{ userId: person.userId }}
                          >
                            <p>They won't be able to open this company. Their time and history stay, and you can reactivate them later.</p>
                          </ConfirmDialog>
                        ) : null}
                        {!active ? (
                          <ActionButton intent="reactivate" values={{ userId: person.userId }}>
                            Reactivate
                          </ActionButton>
                        ) : null}
                        {may.transfer && !isMe && active && person.role !== "owner" ? (
                          <ConfirmDialog
                            trigger="Make owner"
                            title={`Make ${person.name} an owner?`}
                            confirmLabel="Make owner"
                            variant="primary"
                            intent="transfer"
                            values={{ userId: person.userId }}
                            fields={
                              <Checkbox name="stepDown" value="on">
                                Step down to admin myself
                              </Checkbox>
                            }
                          >
                            <p>Owners can do everything, including billing and transferring ownership.</p>
                          </ConfirmDialog>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </Table>
      )}

      <nav aria-label="Pages of members" className="pager">
        {!isFirstPage ? <Link href=".">First page</Link> : null}
        {nextCursor ? <Link href={`?after=${nextCursor}`}>Next page</Link> : null}
      </nav>
    </div>
  );
}
