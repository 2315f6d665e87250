import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { can, permissionDescriptions, type Permission } from "~/kernel/permissions";
import type { AuditRequest } from "../../../db/audit-context";
import type { TenantContext, TenantTransaction } from "../../../db/tenant";
import { recordPermissionRefusal } from "./permission-refusals.server";
import { twoFactorSetupPath } from "./two-factor-requirement";
import type { ActiveSession, CompanyMembership, MembershipWithSubscription } from "./sessions.server";
import type { SignedInUser } from "./account-deps.server";
import { allowedWhileReadOnlyPath, billingStanding, changesState, readOnlyMessage, type BillingStanding } from "~/kernel/company/read-only";

/**
 * Guards for loaders and actions. They read top to bottom in a route:
 * `const member = await requireMember(request, context, params.company)` then
 * `requirePermission(member, "member:manage")`. Each throws the response the
 * person should see: a redirect to sign in, a 404, or a 403 naming what is missing.
 */

async function sessionToken(request: Request, context: AppLoadContext): Promise<string | null> {
  const value: unknown = await context.auth.cookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

/**
 * A page's loaders run in parallel on one Request (the company layout's and the
 * page's), and each asks who is signed in and in which company. Answering once per
 * request halves those queries on every navigation; an action's redirect or
 * revalidation is a new Request, so nothing outlives the request it belongs to.
 */
const sessionsByRequest = new WeakMap<Request, Promise<ActiveSession | null>>();
const membershipsByRequest = new WeakMap<Request, Map<string, Promise<MembershipWithSubscription | null>>>();

export function getSession(request: Request, context: AppLoadContext): Promise<ActiveSession | null> {
  let session = sessionsByRequest.get(request);
  if (!session) {
    session = sessionToken(request, context).then((token) => (token ? context.auth.accounts.readSession(token) : null));
    sessionsByRequest.set(request, session);
  }
  return session;
}

function findMembershipOnce(request: Request, context: AppLoadContext, userId: string, slug: string) {
  let bySlug = membershipsByRequest.get(request);
  if (!bySlug) membershipsByRequest.set(request, (bySlug = new Map()));
  let membership = bySlug.get(slug);
  if (!membership) {
    membership = context.auth.accounts.findMembership(userId, slug);
    bySlug.set(slug, membership);
  }
  return membership;
}

/** Only paths on this site, so a crafted ?redirectTo can't send anyone elsewhere. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}

export async function requireSession(request: Request, context: AppLoadContext): Promise<ActiveSession> {
  const session = await getSession(request, context);
  if (session) return session;
  throw signInFirst(request);
}

function signInFirst(request: Request): Response {
  const url = new URL(request.url);
  const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
  return redirect(`/login?${params.toString()}`);
}

export interface Member {
  user: SignedInUser;
  /** null when an API token acts (app/routing/api.server.ts): it has no session. */
  sessionId: string | null;
  company: CompanyMembership;
  tenant: TenantContext;
  /** Whether the company may change anything, and the grace left while payment is past due. */
  billing: BillingStanding;
}

/** Where a request came from, for the audit entries its changes write. */
export function auditRequestOf(request: Request, context: AppLoadContext): AuditRequest {
  return { requestId: context.requestId, ip: context.clientIp, userAgent: request.headers.get("User-Agent") };
}

// How a refusal reaches the audit log: kept beside the member rather than on it, so
// a loader returning the member never serialises a function.
const refusalRecorders = new WeakMap<Member, (permission: Permission) => Promise<void>>();

/**
 * The signed-in person as a member of the company in the URL. A company they are not
 * in (or are deactivated in, or that doesn't exist) is a 404: the URL reveals nothing.
 *
 * Every company page's loader and action comes through here, so this is where a
 * read-only company (canceled, or past due beyond its grace) refuses changes: any
 * request but GET and HEAD gets 423 with the reason, except on the few pages that
 * must keep working (billing, exports, notifications; read-only.ts). Being
 * central, a page added later is covered without remembering to be.
 */
export async function requireMember(
  request: Request,
  context: AppLoadContext,
  slug: string | undefined,
): Promise<Member> {
  const session = await requireSession(request, context);
  const found = slug ? await findMembershipOnce(request, context, session.user.id, slug) : null;
  if (!found) throw companyNotFound();
  return memberOf(request, context, session, found);
}

/**
 * requireMember and a tenant transaction as that member, in one: the session and the
 * membership are read by the statement that enters the company (decision 037), so a
 * page's loader pays no round trip before its transaction. The same refusals as
 * requireMember; `work` runs only for an active member.
 */
export async function withMember<T>(
  request: Request,
  context: AppLoadContext,
  slug: string | undefined,
  work: (tx: TenantTransaction, member: Member) => Promise<T>,
): Promise<{ member: Member; result: T }> {
  const token = await sessionToken(request, context);
  if (!token) throw signInFirst(request);
  if (!slug) throw companyNotFound();
  const entered = await context.auth.accounts.withSessionMembership(token, slug, auditRequestOf(request, context), async (found, tx) => {
    if (!found) return "signed-out" as const;
    if (!found.membership || !tx) return "not-a-member" as const;
    const member = memberOf(request, context, found.session, found.membership);
    return { member, result: await work(tx, member) };
  });
  if (entered === "signed-out") throw signInFirst(request);
  if (entered === "not-a-member") throw companyNotFound();
  return entered as { member: Member; result: T };
}

const companyNotFound = () => data("Company not found", { status: 404 });

/** The member a session and membership make; a change to a read-only company is refused here (423). */
function memberOf(request: Request, context: AppLoadContext, session: ActiveSession, found: MembershipWithSubscription): Member {
  const { subscription, twoFactorSetupDue, ...company } = found;
  if (twoFactorSetupDue) throw redirect(twoFactorSetupPath(company.slug));
  const billing = billingStanding(context.billing.config, subscription);
  const path = new URL(request.url).pathname;
  if (billing.state === "read-only" && changesState(request.method) && !allowedWhileReadOnlyPath(path, company.slug)) {
    throw data(readOnlyMessage(billing.reason), { status: 423 });
  }
  const member: Member = {
    user: session.user,
    sessionId: session.sessionId,
    billing,
    company,
    tenant: {
      companyId: company.companyId,
      userId: session.user.id,
      role: company.role,
      request: auditRequestOf(request, context),
    },
  };
  refusalRecorders.set(member, (permission) =>
    context.withTenant(member.tenant, (tx) => recordPermissionRefusal(tx, { permission, method: request.method, path })),
  );
  return member;
}

/** Throws a 403 naming what is missing, after recording the refusal in the company's audit log. */
export async function requirePermission(member: Member, permission: Permission): Promise<void> {
  if (can(member.company.role, permission)) return;
  await refusalRecorders.get(member)?.(permission);
  throw data(`Your role doesn't allow you to ${permissionDescriptions[permission]}. Ask an owner or admin if you need to.`, {
    status: 403,
  });
}

/** A fresh session for this person; any session the browser had is revoked (rotation). */
export async function startSession(
  request: Request,
  context: AppLoadContext,
  userId: string,
  redirectTo: string,
): Promise<Response> {
  const previous = await sessionToken(request, context);
  if (previous) await context.auth.accounts.revokeSessionByToken(previous);
  const token = await context.auth.accounts.createSession(userId, {
    ip: context.clientIp,
    userAgent: request.headers.get("User-Agent"),
  });
  await context.auth.accounts.recordAccountEvent({ action: "session.sign_in", userId, request: auditRequestOf(request, context) });
  return redirect(redirectTo, { headers: { "Set-Cookie": await context.auth.cookie.serialize(token) } });
}

export async function endSession(request: Request, context: AppLoadContext, redirectTo = "/"): Promise<Response> {
  const token = await sessionToken(request, context);
  if (token) {
    const userId = await context.auth.accounts.sessionOwner(token);
    await context.auth.accounts.revokeSessionByToken(token);
    if (userId) {
      await context.auth.accounts.recordAccountEvent({ action: "session.sign_out", userId, request: auditRequestOf(request, context) });
    }
  }
  return redirect(redirectTo, {
    headers: { "Set-Cookie": await context.auth.cookie.serialize("", { maxAge: 0 }) },
  });
}
