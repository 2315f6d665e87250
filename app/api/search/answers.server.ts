import type { Permission } from "~/kernel/permissions";
import { tokenMay } from "~/kernel/api-tokens/scopes";
import { searchKinds, type SearchKind } from "~/search/kinds";
import type { ApiCaller } from "~/routing/api.server";

/** What a token needs, beyond the endpoint's project:view, to find each kind: the permission of the page that lists it. */
const kindPermissions: Record<SearchKind, Permission> = {
  person: "member:view",
  project: "project:view",
  client: "project:view",
  task: "project:view",
  // The detailed time report is where notes are read across weeks, over exactly the time the role may see.
  entry: "report:view",
};

/**
 * The kinds to search: those asked for (every kind when none are), less those the
 * token's scopes or its person's role can't read. Left out rather than refused, so
 * a default search works with any token that may search at all.
 */
export function searchableKinds(caller: ApiCaller, asked: string | undefined): SearchKind[] {
  const wanted = asked ? new Set(asked.split(",")) : new Set<string>(searchKinds);
  const token = { role: caller.member.company.role, scopes: caller.token.scopes };
  return searchKinds.filter((kind) => wanted.has(kind) && tokenMay(token, kindPermissions[kind]));
}
