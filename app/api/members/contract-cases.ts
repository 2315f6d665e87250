import { sql } from "../../../db/sql";
import { createMember } from "../../../db/testing/fixtures";
import { companyWith, tokenFor } from "~/testing/api-harness";
import type { ContractCases, ContractWorld } from "~/testing/api-contract";

/** A member of the world's company for one case to change, so no other case sees it. */
const newcomer = (w: ContractWorld) => createMember(w.db, w.owner.companyId, "employee");

/**
 * A company of one owner on the Free plan (3 seats), with its owner's token: the
 * world's company already has more active members than Free allows, so anything
 * that takes a seat succeeds only here.
 */
async function roomyCompany(w: ContractWorld) {
  const { companyId, people } = await companyWith(w.db, { owner: "owner" });
  const { token } = await tokenFor(w.context, people.owner);
  const invite = async (email = `invitee-${crypto.randomUUID()}@example.test`) => {
    const response = await w.call("POST", "/api/v1/invitations", { token, body: { email, role: "employee" } });
    if (response.status !== 201) throw new Error(`invite: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { id: string }).id;
  };
  return { companyId, owner: people.owner, token, invite };
}

export const memberCases: ContractCases = {
  listMembers: async () => [
    { path: "/api/v1/members?limit=2", expect: 200 },
    { path: "/api/v1/members?role=employee&status=active", expect: 200 },
    { path: "/api/v1/members?status=gone", expect: 400 },
    { path: "/api/v1/members?role=owner&cursor=not-ours", expect: 400 },
  ],
  getMember: async (w) => {
    const etag = (await w.call("GET", `/api/v1/members/${w.employee.userId}`)).headers.get("ETag")!;
    return [
      { path: `/api/v1/members/${w.employee.userId}`, expect: 200 },
      { path: `/api/v1/members/${w.employee.userId}`, headers: { "If-None-Match": etag }, expect: 304 },
    ];
  },
  changeMemberRole: async (w) => {
    const { userId } = await newcomer(w);
    return [
      { path: `/api/v1/members/${userId}`, body: { role: "manager" }, expect: 200 },
      { path: `/api/v1/members/${userId}`, body: { role: "finance" }, headers: { "If-Match": '"stale"' }, expect: 412 },
      // The world's only owner: a company keeps at least one.
      { path: `/api/v1/members/${w.owner.userId}`, body: { role: "admin" }, expect: 422 },
      { path: `/api/v1/members/${userId}`, body: { role: "owner" }, expect: 400 },
    ];
  },
  deactivateMember: async (w) => {
    const { userId } = await newcomer(w);
    return [
      { path: `/api/v1/members/${userId}/deactivate`, headers: { "If-Match": '"stale"' }, expect: 412 },
      { path: `/api/v1/members/${userId}/deactivate`, expect: 200 },
      { path: `/api/v1/members/${w.owner.userId}/deactivate`, expect: 422 },
    ];
  },
  reactivateMember: async (w) => {
    const roomy = await roomyCompany(w);
    const returning = await createMember(w.db, roomy.companyId, "employee");
    const full = await newcomer(w);
    for (const { companyId, userId } of [returning, full]) {
      await w.db.query(sql`update memberships set status = 'deactivated' where company_id = ${companyId} and user_id = ${userId}`);
    }
    return [
      { path: `/api/v1/members/${returning.userId}/reactivate`, token: roomy.token, expect: 200 },
      { path: `/api/v1/members/${full.userId}/reactivate`, headers: { "If-Match": '"stale"' }, expect: 412 },
      // The world's company has more active members than its Free plan's seats.
      { path: `/api/v1/members/${full.userId}/reactivate`, expect: 409 },
    ];
  },
  listInvitations: async (w) => {
    const roomy = await roomyCompany(w);
    await roomy.invite();
    await roomy.invite();
    return [
      { path: "/api/v1/invitations?limit=1", token: roomy.token, expect: 200 },
      { path: "/api/v1/invitations?limit=0", expect: 400 },
    ];
  },
  createInvitation: async (w) => {
    const roomy = await roomyCompany(w);
    const email = `new-${crypto.randomUUID()}@example.test`;
    return [
      { path: "/api/v1/invitations", token: roomy.token, body: { email, role: "manager", teamIds: [] }, expect: 201 },
      { path: "/api/v1/invitations", token: roomy.token, body: { email, role: "employee" }, expect: 409 },
      { path: "/api/v1/invitations", token: roomy.token, body: { email: "not an address", role: "employee" }, expect: 400 },
      { path: "/api/v1/invitations", token: roomy.token, body: { email: "someone@example.test", role: "owner" }, expect: 400 },
    ];
  },
  getInvitation: async (w) => {
    const roomy = await roomyCompany(w);
    const id = await roomy.invite();
    const etag = (await w.call("GET", `/api/v1/invitations/${id}`, { token: roomy.token })).headers.get("ETag")!;
    return [
      { path: `/api/v1/invitations/${id}`, token: roomy.token, expect: 200 },
      { path: `/api/v1/invitations/${id}`, token: roomy.token, headers: { "If-None-Match": etag }, expect: 304 },
    ];
  },
  resendInvitation: async (w) => {
    const roomy = await roomyCompany(w);
    const fresh = await roomy.invite();
    const lapsed = await roomy.invite();
    // An expired invitation gives its seat back, and a new one takes it: renewing the first needs a seat there isn't.
    await w.db.query(sql`update invitations set expires_at = now() - interval '1 minute' where id = ${lapsed}`);
    await roomy.invite();
    return [
      { path: `/api/v1/invitations/${fresh}/resend`, token: roomy.token, expect: 200 },
      { path: `/api/v1/invitations/${fresh}/resend`, token: roomy.token, headers: { "If-Match": '"stale"' }, expect: 412 },
      { path: `/api/v1/invitations/${lapsed}/resend`, token: roomy.token, expect: 409 },
    ];
  },
  revokeInvitation: async (w) => {
    const roomy = await roomyCompany(w);
    const id = await roomy.invite();
    return [
      { path: `/api/v1/invitations/${id}`, token: roomy.token, headers: { "If-Match": '"stale"' }, expect: 412 },
      { path: `/api/v1/invitations/${id}`, token: roomy.token, expect: 204 },
      { path: `/api/v1/invitations/${id}`, token: roomy.token, expect: 404 },
    ];
  },
};
