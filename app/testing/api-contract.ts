import type { AppLoadContext } from "@remix-run/node";
import type { TenantContext } from "../../db/tenant";
import type { TestDatabase } from "../../db/testing/test-database";
import type { ApiCall, CallOptions } from "./api-harness";

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
