/**
 * The two drivers report Postgres errors differently (PGlite: `constraint`,
 * postgres.js: `constraint_name`); models ask these questions instead.
 */
interface PostgresErrorShape {
  code?: unknown;
  constraint?: unknown;
  constraint_name?: unknown;
}

function constraintOf(error: PostgresErrorShape): string | undefined {
  const name = error.constraint ?? error.constraint_name;
  return typeof name === "string" ? name : undefined;
}

export function isPostgresError(error: unknown, code: string, constraint?: string): boolean {
  if (typeof error !== "object" || error === null) return false;
  const shape = error as PostgresErrorShape;
  return shape.code === code && (constraint === undefined || constraintOf(shape) === constraint);
}

export const isUniqueViolation = (error: unknown, constraint?: string) => isPostgresError(error, "23505", constraint);
export const isCheckViolation = (error: unknown, constraint?: string) => isPostgresError(error, "23514", constraint);

/** A row the database keeps still: a submitted or approved week, a locked period (migration 0006). */
export const isLockedState = (error: unknown) => isPostgresError(error, "55000");
