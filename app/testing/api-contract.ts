import type { AppLoadContext } from "@remix-run/node";
import type { TenantContext } from "../../db/tenant";
import type { TestDatabase } from "../../db/testing/test-database";
import { sql } from "../../db/sql";
import { apiScopes, type Scope } from "~/kernel/api-tokens/scopes";
import { apiClient, companyWith, tokenFor, type ApiCall, type CallOptions } from "./api-harness";

/**
 * What each resource's contract cases (`app/api/<resource>/contract-cases.ts`) get
 * and give to app/api/contract.test.ts.
 */
export interface ContractWorld {
  db: TestDatabase;
  context: AppLoadContext;
  /** One company with a member of each role; `call` acts as its owner with every scope. */
  owner: TenantContext;
  admin: TenantContext;
  manager: TenantContext;
  employee: TenantContext;
  call: ApiCall;
  /** A token of the owner's with every scope but the one named. */
  tokenWithout: (scope: string) => Promise<string>;
  /** A token of a company whose subscription has lapsed. */
  readOnlyToken: string;
}

export interface ContractCall extends CallOptions {
  /** The operation's own method unless told. */
  method?: string;
  path: string;
  expect: number;
}

/**
 * Per operationId: its calls, its success first (whose body the document-made 404
 * call reuses), then the refusals only it can give. The refusals every operation of
 * a kind gives (401, 403, 404, 400, 415, 423) are made from the document.
 */
export type ContractCases = Record<string, (w: ContractWorld) => Promise<ContractCall[]>>;

/** A company with a member of each role, its owner's token, and a read-only company beside it. */
export async function contractWorld(db: TestDatabase, context: AppLoadContext): Promise<ContractWorld> {
  const { people } = await companyWith(db, { owner: "owner", admin: "admin", manager: "manager", employee: "employee" });
  const { token } = await tokenFor(context, people.owner);
  const frozen = await companyWith(db, { owner: "owner" });
  await db.query(sql`
    insert into company_subscriptions (company_id, plan, status, seats, stripe_customer_id, stripe_subscription_id)
    values (${frozen.companyId}, 'business', 'canceled', 1, ${`cus_c${crypto.randomUUID().replaceAll("-", "")}`}, ${`sub_c${crypto.randomUUID().replaceAll("-", "")}`})`);
  return {
    db,
    context,
    ...people,
    call: apiClient(context, token),
    tokenWithout: async (scope) => (await tokenFor(context, people.owner, apiScopes.filter((other: Scope) => other !== scope))).token,
    readOnlyToken: (await tokenFor(context, frozen.people.owner)).token,
  };
}
