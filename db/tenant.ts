import { z } from "zod";
import { auditActorSchema, auditRequestSchema, auditSettingCalls, auditSettings } from "./audit-context";
import { inSpan } from "../platform/tracing";
import { sql, type SqlFragment } from "./sql";
import type { Database, OwnerTransaction, Queryable, Savepoints } from "./types";

export const memberRoles = ["owner", "admin", "manager", "finance", "employee"] as const;
export type MemberRole = (typeof memberRoles)[number];

/**
 * Who is acting, and in which company: the three settings every policy reads. The
 * optional request (id, IP, user agent) and actor (a job acting for the member) are
 * for the audit log only; without an actor, the member in context is the actor.
 */
export const tenantContextSchema = z.object({
  companyId: z.uuid(),
  userId: z.uuid(),
  role: z.enum(memberRoles),
  request: auditRequestSchema.optional(),
  actor: auditActorSchema.optional(),
});
export type TenantContext = z.infer<typeof tenantContextSchema>;

/**
 * A transaction running as the application role with a tenant context set. Model
 * functions take one of these first, so they cannot run outside a tenant.
 */
export interface TenantTransaction extends Queryable, Savepoints<TenantTransaction> {
  readonly tenant: Readonly<TenantContext>;
}

function tenantView(tx: OwnerTransaction, tenant: TenantContext): TenantTransaction {
  return {
    tenant,
    query: (query) => tx.query(query),
    savepoint: (work) => tx.savepoint((inner) => work(tenantView(inner, tenant))),
  };
}

export type WithTenant = <T>(
  context: TenantContext,
  work: (tx: TenantTransaction) => Promise<T>,
) => Promise<T>;

/**
 * Open a transaction, drop to hourbook_app (never a superuser or table owner, so
 * RLS applies) and set the tenant context transaction-locally. Both settings end
 * with the transaction: a pooled connection can't carry them to another request.
 */
export async function withTenant<T>(
  db: Database,
  context: TenantContext,
  work: (tx: TenantTransaction) => Promise<T>,
): Promise<T> {
  const tenant = tenantContextSchema.parse(context);
  return inSpan("tenant transaction", { "hourbook.company_id": tenant.companyId }, () =>
    db.transaction(async (tx) => {
      await enterTenant(tx, tenant);
      return work(tenantView(tx, tenant));
    }),
  );
}

/** Who a found row says is acting; a row without a company enters no tenant. */
export interface FoundTenant {
  companyId: string | null;
  /** Never null in a found row: a row whose userId is null counts as none. */
  userId: string;
  role: MemberRole | null;
}

/**
 * A tenant transaction whose context comes from its own first statement: `finding`
 * returns at most one row naming "companyId", "userId" and "role" (a session's or an
 * API token's member) and whatever else the caller needs, and the same statement
 * sets the role and the context from that row. A request thus learns who is acting
 * and enters their company in one round trip, without a lookup of its own before the
 * transaction (decision 037).
 *
 * The statement always sets the role: with no row, or a row without a company, the
 * context is empty, the policies see nothing, and `work` gets no tenant transaction.
 */
export async function withTenantFound<Row extends FoundTenant, T>(
  db: Database,
  finding: SqlFragment,
  audit: Pick<TenantContext, "request" | "actor">,
  work: (row: Row | null, tx: TenantTransaction | null) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    // concat() only to evaluate every set_config in the one column it returns.
    const rows = await tx.query<Row & { entered: string }>(sql`
      select found.*,
             concat(set_config('role', 'hourbook_app', true),
                    set_config('app.company_id', coalesce(found."companyId"::text, ''), true),
                    set_config('app.user_id', coalesce(found."userId"::text, ''), true),
                    set_config('app.role', coalesce(found.role::text, ''), true),
                    ${auditSettingCalls(audit)}) as entered
        from (select) as nothing left join (${finding}) as found on true`);
    // More than one row would leave the context to whichever came last.
    if (rows.length !== 1) throw new Error(`The tenant's finding must return at most one row, not ${rows.length - 1}`);
    const { entered: _settings, ...found } = rows[0]!;
    const row = found.userId === null ? null : (found as unknown as Row);
    if (!row?.companyId || !row.role) return work(row, null);
    const tenant = tenantContextSchema.parse({ companyId: row.companyId, userId: row.userId, role: row.role, ...audit });
    return work(row, tenantView(tx, tenant));
  });
}

async function enterTenant(tx: OwnerTransaction, tenant: TenantContext): Promise<void> {
  // One round trip for every request's setup: set_config('role', …, true) is SET LOCAL ROLE.
  await tx.query(sql`
    select set_config('role', 'hourbook_app', true),
           set_config('app.company_id', ${tenant.companyId}, true),
           set_config('app.user_id', ${tenant.userId}, true),
           set_config('app.role', ${tenant.role}, true),
           ${auditSettingCalls(tenant)}`);
}

/**
 * Act for a company inside a transaction the owner connection already holds, then
 * return to the owner role: for a job whose bookkeeping row lives outside any
 * tenant (a Stripe event) and must commit together with the company's change, so
 * a crash can't apply the change without marking the row, or the reverse. The
 * tenant part runs under the same role and policies as withTenant.
 */
export async function withTenantInTransaction<T>(
  tx: OwnerTransaction,
  context: TenantContext,
  work: (tx: TenantTransaction) => Promise<T>,
): Promise<T> {
  const tenant = tenantContextSchema.parse(context);
  await enterTenant(tx, tenant);
  const result = await work(tenantView(tx, tenant));
  // An error above aborts the whole transaction, so there is nothing to undo then.
  await tx.exec("set local role none");
  await tx.query(sql`
    select set_config('app.company_id', '', true), set_config('app.user_id', '', true), set_config('app.role', '', true)`);
  await tx.query(auditSettings({}));
  return result;
}

export function bindWithTenant(db: Database): WithTenant {
  return (context, work) => withTenant(db, context, work);
}
