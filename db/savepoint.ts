import type { Savepoints } from "./types";

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Run work that the database may refuse (a unique name, the last-owner guard) in a
 * savepoint, so a refusal becomes a value the caller turns into a message and the
 * surrounding transaction stays usable. The work gets the savepoint's transaction
 * and must use it rather than the outer one.
 */
export async function attempt<Tx extends Savepoints<Tx>, T>(tx: Tx, work: (tx: Tx) => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await tx.savepoint(work) };
  } catch (error) {
    return { ok: false, error };
  }
}
