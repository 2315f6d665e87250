import { sql } from "../../../db/sql";
import type { MemberRole, TenantTransaction } from "../../../db/tenant";
import { isCheckViolation } from "../../../db/errors";
import { attempt } from "../../../db/savepoint";
import { auditedAs } from "../../../db/audit-context";
import { can } from "~/kernel/permissions";
import { checkSeatAvailable, queueSeatSync, seatLimitMessage, type SeatRules } from "./seats.server";

export type MemberStatus = "active" | "deactivated";

export interface MemberRow {
  userId: string;
  name: string;
  email: string;
  role: MemberRole;
  status: MemberStatus;
  lastActiveAt: Date | null;
  joinedAt: Date;
  teams: { id: string; name: string; isManager: boolean }[];
}

export type MemberChange = { ok: true } | { ok: false; message: string };

export const membersPageSize = 50;

// A member's row as the members page and the API show it, teams included.
const memberColumns = sql`
  m.user_id as "userId", u.name, u.email, m.role, m.status,
  m.last_active_at as "lastActiveAt", m.created_at as "joinedAt",
  coalesce((
    select json_agg(json_build_object('id', t.id, 'name', t.name, 'isManager', tm.is_manager) order by lower(t.name))
      from team_members tm join teams t on t.company_id = tm.company_id and t.id = tm.team_id
     where tm.company_id = m.company_id and tm.user_id = m.user_id and t.archived_at is null
  ), '[]'::json) as teams`;

/**
 * Members by name, a page at a time (keyset on name and id, so pages stay stable
 * while people join). `after` is the last row of the previous page.
 */
export async function listMembers(
  tx: TenantTransaction,
  options: { after?: { name: string; userId: string }; status?: MemberStatus; limit?: number } = {},
): Promise<MemberRow[]> {
  const limit = options.limit ?? membersPageSize;
  const after = options.after;
  return tx.query<MemberRow>(sql`
    select ${memberColumns}
      from memberships m join users u on u.id = m.user_id
     where m.company_id = ${tx.tenant.companyId}
       and (${options.status ?? null}::text is null or m.status = ${options.status ?? null})
       and (${after?.name ?? null}::text is null
            or (lower(u.name), m.user_id) > (lower(${after?.name ?? ""}), ${after?.userId ?? null}::uuid))
     order by lower(u.name), m.user_id
     limit ${limit}`);
}

export type MemberPageRow = MemberRow & { id: string; position: string };

/**
 * Members in the order they joined, a page at a time, for the API. A name can change
 * between two pages and move a member past the cursor; the moment they joined can't,
 * so keyset paging on it neither repeats nor skips anyone.
 */
export function listMembersAfter(
  tx: TenantTransaction,
  options: { after: { position: string; id: string } | null; limit: number; role?: MemberRole; status?: MemberStatus },
): Promise<MemberPageRow[]> {
  return tx.query<MemberPageRow>(sql`
    select ${memberColumns}, m.user_id as id, m.created_at::text as position
      from memberships m join users u on u.id = m.user_id
     where m.company_id = ${tx.tenant.companyId}
       ${options.role ? sql`and m.role = ${options.role}` : sql``}
       ${options.status ? sql`and m.status = ${options.status}` : sql``}
       ${options.after ? sql`and (m.created_at, m.user_id) > (${options.after.position}::text::timestamptz, ${options.after.id}::uuid)` : sql``}
     order by m.created_at, m.user_id
     limit ${options.limit}`);
}

export async function getMember(tx: TenantTransaction, userId: string): Promise<MemberRow | null> {
  const [row] = await tx.query<MemberRow>(sql`
    select ${memberColumns}
      from memberships m join users u on u.id = m.user_id
     where m.company_id = ${tx.tenant.companyId} and m.user_id = ${userId}`);
  return row ?? null;
}

/** Locks the membership until the transaction ends, so a checked precondition still holds when the change is made. */
export async function lockMember(tx: TenantTransaction, userId: string): Promise<boolean> {
  const rows = await tx.query(sql`
    select 1 from memberships where company_id = ${tx.tenant.companyId} and user_id = ${userId} for update`);
  return rows.length > 0;
}

export async function countMembers(tx: TenantTransaction): Promise<{ active: number; deactivated: number }> {
  const [row] = await tx.query<{ active: number; deactivated: number }>(sql`
    select count(*) filter (where status = 'active')::int as active,
           count(*) filter (where status = 'deactivated')::int as deactivated
      from memberships where company_id = ${tx.tenant.companyId}`);
  return row ?? { active: 0, deactivated: 0 };
}

async function currentRole(tx: TenantTransaction, userId: string): Promise<{ role: MemberRole; status: MemberStatus } | null> {
  const [row] = await tx.query<{ role: MemberRole; status: MemberStatus }>(sql`
    select role, status from memberships where company_id = ${tx.tenant.companyId} and user_id = ${userId}`);
  return row ?? null;
}

const lastOwnerMessage = "A company needs at least one active owner. Transfer ownership to someone else first.";

/**
 * Run a membership update, turning the database's last-owner guard into a message.
 * The guard is deferred to commit (so a transfer can run in either order); checking
 * it here instead lets the caller show the message rather than fail the request.
 */
async function guardedUpdate(tx: TenantTransaction, work: (tx: TenantTransaction) => Promise<unknown>): Promise<MemberChange> {
  const result = await attempt(tx, async (inner) => {
    await work(inner);
    await inner.query(sql`set constraints memberships_keep_an_owner immediate`);
  });
  if (result.ok) return { ok: true };
  if (isCheckViolation(result.error, "memberships_last_owner")) return { ok: false, message: lastOwnerMessage };
  throw result.error;
}

async function activeOwnerCount(tx: TenantTransaction): Promise<number> {
  const [row] = await tx.query<{ count: number }>(sql`
    select count(*)::int as count from memberships
     where company_id = ${tx.tenant.companyId} and role = 'owner' and status = 'active'`);
  return row?.count ?? 0;
}

/**
 * Give a member another role (not owner: that is a transfer). Only an owner may
 * change another owner's role, and the last owner can't be demoted.
 */
export async function changeMemberRole(
  tx: TenantTransaction,
  userId: string,
  role: Exclude<MemberRole, "owner">,
): Promise<MemberChange | null> {
  const member = await currentRole(tx, userId);
  if (!member) return null;
  if (member.role === "owner") {
    if (!can(tx.tenant.role, "member:transfer-ownership")) {
      return { ok: false, message: "Only an owner can change another owner's role." };
    }
    if ((await activeOwnerCount(tx)) <= 1) return { ok: false, message: lastOwnerMessage };
  }
  return guardedUpdate(tx, (inner) =>
    auditedAs(inner, "member.role_change", (audited) =>
      audited.query(sql`update memberships set role = ${role} where company_id = ${tx.tenant.companyId} and user_id = ${userId}`),
    ),
  );
}

/**
 * Deactivated members keep their history but can't open the company. Coming back
 * takes a seat like joining does, so the plan's member limit applies.
 */
export async function setMemberStatus(
  tx: TenantTransaction,
  userId: string,
  status: MemberStatus,
  seats: SeatRules,
): Promise<MemberChange | null> {
  const member = await currentRole(tx, userId);
  if (!member) return null;
  if (status === "deactivated") {
    if (userId === tx.tenant.userId) return { ok: false, message: "You can't deactivate yourself." };
    if (member.role === "owner" && !can(tx.tenant.role, "member:transfer-ownership")) {
      return { ok: false, message: "Only an owner can deactivate another owner." };
    }
    if (member.role === "owner" && (await activeOwnerCount(tx)) <= 1) return { ok: false, message: lastOwnerMessage };
  } else if (member.status !== "active") {
    const seat = await checkSeatAvailable(tx, tx.tenant.companyId, seats, { openInvitations: true });
    if (!seat.ok) {
      return { ok: false, message: seatLimitMessage(seat, "Upgrade on the billing page, or revoke an invitation, to reactivate this member.") };
    }
  }
  const action = status === "deactivated" ? "member.deactivate" : "member.reactivate";
  const change = await guardedUpdate(tx, (inner) =>
    auditedAs(inner, action, (audited) =>
      audited.query(sql`update memberships set status = ${status} where company_id = ${tx.tenant.companyId} and user_id = ${userId}`),
    ),
  );
  if (change.ok && member.status !== status) await queueSeatSync(tx);
  return change;
}

/**
 * Make another active member an owner; the acting owner may step down to admin in
 * the same transaction (the last-owner check runs at commit, so the order is free).
 */
export async function transferOwnership(
  tx: TenantTransaction,
  toUserId: string,
  options: { stepDown: boolean },
): Promise<MemberChange | null> {
  if (!can(tx.tenant.role, "member:transfer-ownership")) return { ok: false, message: "Only an owner can make someone an owner." };
  const target = await currentRole(tx, toUserId);
  if (!target) return null;
  if (target.status !== "active") return { ok: false, message: "Reactivate this member before making them an owner." };
  if (toUserId === tx.tenant.userId) return { ok: false, message: "You are an owner already." };
  return guardedUpdate(tx, (inner) =>
    auditedAs(inner, "member.ownership_transfer", async (audited) => {
      await audited.query(sql`update memberships set role = 'owner' where company_id = ${tx.tenant.companyId} and user_id = ${toUserId}`);
      if (options.stepDown) {
        await audited.query(sql`
          update memberships set role = 'admin' where company_id = ${tx.tenant.companyId} and user_id = ${tx.tenant.userId}`);
      }
    }),
  );
}
