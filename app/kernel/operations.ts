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
export interface Operation<Input extends z.ZodType, Result> {
  /** Dotted and stable, such as "team.create": named in logs, refusals and the API. */
  readonly name: string;
  readonly permission: Permission;
  readonly input: Input;
  run(tx: TenantTransaction, input: z.output<Input>, context: OperationContext): Promise<Outcome<Result>>;
}

/** Who acts, and the services a few operations need beyond the transaction (seat sync, file storage). */
export interface OperationContext {
  member: Member;
  services: AppLoadContext;
}

/**
 * An operation on a service rather than only the company's tables (Stripe's Checkout
 * and portal, the job queue) runs outside the tenant transaction and opens its own
 * short ones where it needs them: a slow service must never hold a connection, and the
 * service may need one itself (on PGlite there is only the one, so every request waits).
 */
export interface CallOut<Input extends z.ZodType, Result> {
  readonly name: string;
  readonly permission: Permission;
  readonly input: Input;
  call(input: z.output<Input>, context: OperationContext): Promise<Outcome<Result>>;
}

/**
 * Why an operation did nothing. 404: the thing isn't there (or is another company's);
 * 409: it conflicts with the current state (a name taken, already issued); 422: a rule
 * refuses it (a locked week); 503: a service it calls out to couldn't be reached, and
 * nothing changed. A field names the input the message belongs beside.
 */
export interface Refusal {
  ok: false;
  status: 403 | 404 | 409 | 422 | 503;
  message: string;
  field?: string;
  /** Several inputs refused at once, each with its own message (a week grid's cells); `message` then sums them up. */
  fieldErrors?: Record<string, string>;
}

export type Outcome<Result> = { ok: true; value: Result } | Refusal;

export const operation = <Input extends z.ZodType, Result>(definition: Operation<Input, Result>) => definition;

export const callOut = <Input extends z.ZodType, Result>(definition: CallOut<Input, Result>) => definition;

export const succeeded = <Result>(value: Result): Outcome<Result> => ({ ok: true, value });

export const refused = (status: Refusal["status"], message: string, field?: string): Refusal =>
  field === undefined ? { ok: false, status, message } : { ok: false, status, message, field };

export const notFound = (what: string): Refusal => refused(404, `${what} not found`);

export const refusedFields = (status: Refusal["status"], message: string, fieldErrors: Record<string, string>): Refusal => ({
  ok: false,
  status,
  message,
  fieldErrors,
});

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
 * What an operation's change tells outgoing webhooks. Both doors run operations
 * through `perform`, so each change is announced once whichever door it came by.
 * `before` reads what the change will remove (a deleted entry's representation);
 * `after` records the events in the same transaction, so they commit or roll back
 * with the change. The implementation lives with the API's representations
 * (app/api/webhooks/events.server.ts) and arrives through the services.
 */
export interface OperationEvents {
  before(tx: TenantTransaction, operation: string, input: unknown): Promise<unknown>;
  after(tx: TenantTransaction, operation: string, input: unknown, result: unknown, before: unknown): Promise<void>;
}

/**
 * Runs an operation whose input is already parsed, in the member's tenant transaction
 * (a call-out opens its own).
 * The role is checked here as well as at each door (which records the refusal and
 * answers in its own format), so no door can forget it.
 */
export function perform<Input extends z.ZodType, Result>(
  op: Operation<Input, Result> | CallOut<Input, Result>,
  input: z.output<Input>,
  context: OperationContext,
): Promise<Outcome<Result>> {
  if (!can(context.member.company.role, op.permission)) {
    return Promise.resolve(refused(403, `Your role doesn't allow ${op.name}`));
  }
  if ("call" in op) return op.call(input, context);
  const events = context.services.operationEvents;
  return context.services.withTenant(context.member.tenant, async (tx) => {
    const before = await events.before(tx, op.name, input);
    const outcome = await op.run(tx, input, context);
    if (outcome.ok) await events.after(tx, op.name, input, outcome.value, before);
    return outcome;
  });
}
