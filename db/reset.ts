import type { Database } from "./types";

/**
 * Drop every table, function and migration record. The application role survives
 * (roles belong to the server, not the database) and the next migrate re-grants it.
 */
export async function dropSchema(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec(`
      drop schema public cascade;
      create schema public;
      grant usage on schema public to public;`);
  });
}
