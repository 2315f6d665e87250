import type { AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import type { TenantTransaction } from "../../db/tenant";
import type { Member } from "./accounts/session.server";
import { can, type Permission } from "./permissions";

/**
 * Every change a person can make is an operation: its input schema, the permission
 * it needs and the work inside one tenant transaction. A page's action and the public
 * API are two doors to the same operations, so each change has one validation, one
 * permission check, one audit entry and one outbox write, whichever door it came in by
 * (docs/decisions/028-feature-modules-and-operations.md).
 */
export type Operation<Input extends z.ZodType, Result> = TenantOperation<Input, Result> | ServiceOperation<Input, Result>;

interface OperationDefinition<Input extends z.ZodType> {
  /** Dotted and stable, such as "team.create": named in logs, refusals and the API. */
  readonly name: string;
  readonly permission: Permission;
  readonly input: Input;
}

/** Almost every operation: work on the company's tables, in one tenant transaction. */
export interface TenantOperation<Input extends z.ZodType, Result> extends OperationDefinition<Input> {
  run(tx: TenantTransaction, input: z.output<Input>, context: OperationContext): Promise<Outcome<Result>>;
}

/**
 * Work on a service rather than the company's tables (the job queue), outside any
 * tenant transaction: one would only hold a database connection the service may
 * need for itself, and PGlite has just the one.
 */
export interface ServiceOperation<Input extends z.ZodType, Result> extends OperationDefinition<Input> {
  readonly outsideTransaction: true;
  run(input: z.output<Input>, context: OperationContext): Promise<Outcome<Result>>;
}

/** Who acts, and the services a few operations need beyond the transaction (seat sync, file storage). */
export interface OperationContext {
  member: Member;
  services: AppLoadContext;
}

/**
 * Why an operation did nothing. 404: the thing isn't there (or is another company's);
 * 409: it conflicts with the current state (a name taken, already issued); 422: a rule
 * refuses it (a locked week). A field names the input the message belongs beside.
 */
export interface Refusal {
  ok: false;
  status: 403 | 404 | 409 | 422;
  message: string;
  field?: string;
}

export type Outcome<Result> = { ok: true; value: Result } | Refusal;

export const operation = <Input extends z.ZodType, Result>(definition: TenantOperation<Input, Result>) => definition;

export const serviceOperation = <Input extends z.ZodType, Result>(definition: Omit<ServiceOperation<Input, Result>, "outsideTransaction">) =>
  ({ ...definition, outsideTransaction: true }) as ServiceOperation<Input, Result>;

export const succeeded = <Result>(value: Result): Outcome<Result> => ({ ok: true, value });

export const refused = (status: Refusal["status"], message: string, field?: string): Refusal =>
  field === undefined ? { ok: false, status, message } : { ok: false, status, message, field };

export const notFound = (what: string): Refusal => refused(404, `${what} not found`);

/**
 * What most models answer: null for a missing row, a field-level conflict, or success.
 * This turns that into an outcome, so an operation's body stays one line.
 */
export function outcomeOf<Result extends { ok: true } | { ok: false; message: string; field?: string }>(
  result: Result | null,
  missing: string,
  status: Refusal["status"] = 409,
): Outcome<Extract<Result, { ok: true }>> {
  if (result === null) return notFound(missing);
  if (!result.ok) return refused(status, result.message, result.field);
  return succeeded(result as Extract<Result, { ok: true }>);
}

/**
 * Runs an operation whose input is already parsed, in the member's tenant transaction.
 * The role is checked here as well as at each door (which records the refusal and
 * answers in its own format), so no door can forget it.
 */
export function perform<Input extends z.ZodType, Result>(
  op: Operation<Input, Result>,
  input: z.output<Input>,
  context: OperationContext,
): Promise<Outcome<Result>> {
  if (!can(context.member.company.role, op.permission)) {
    return Promise.resolve(refused(403, `Your role doesn't allow ${op.name}`));
  }
  if ("outsideTransaction" in op) return op.run(input, context);
  return context.services.withTenant(context.member.tenant, (tx) => op.run(tx, input, context));
}
