import { isUniqueViolation } from "../../../db/errors";
import { attempt } from "../../../db/savepoint";
import type { TenantTransaction } from "../../../db/tenant";

/** A saved row's id, or the field a person must change and why. */
export type SaveResult<Field extends string> = { ok: true; id: string } | { ok: false; field: Field; message: string };

export type Refusal<Field extends string> = { ok: false; field: Field; message: string };

/**
 * Run a write that a live-name (or code) index may refuse, in a savepoint, so the
 * refusal becomes a message on the field. `work` returns the row's id, or null when
 * the row isn't in this company (the route answers 404), and must query through the
 * transaction it is given.
 */
export async function unlessTaken<Field extends string>(
  tx: TenantTransaction,
  taken: Record<string, Refusal<Field>>,
  work: (tx: TenantTransaction) => Promise<string | null>,
): Promise<SaveResult<Field> | null> {
  const result = await attempt(tx, work);
  if (result.ok) return result.value === null ? null : { ok: true, id: result.value };
  const refusal = Object.entries(taken).find(([constraint]) => isUniqueViolation(result.error, constraint));
  if (refusal) return refusal[1];
  throw result.error;
}

export const idOf = (rows: { id: string }[]): string | null => rows[0]?.id ?? null;
