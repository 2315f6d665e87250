import postgres from "postgres";

/** `postgres://…/anything` → the same server, another database. */
export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A connection for creating and dropping test databases on the server DATABASE_URL names. */
export function adminConnection(serverUrl: string) {
  return postgres(serverUrl, { max: 1, onnotice: () => undefined });
}
