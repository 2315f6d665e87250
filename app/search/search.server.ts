import { join, sql, type SqlFragment } from "../../db/sql";
import type { TenantTransaction } from "../../db/tenant";
import { can } from "~/kernel/permissions";
import type { SearchKind } from "./kinds";
import { endsInPrefix } from "./query-text";

/**
 * One search across the people, projects, clients, tasks and time entry notes the
 * member may see, with Postgres's full-text search. The `simple` configuration
 * lowercases words and nothing more (no stemming, no stop words), so a name in any
 * language matches as it is written.
 *
 * RLS limits every table; on top, each kind is limited as the pages limit it:
 * - people: the members list, for roles that may see it (member:view);
 * - projects, their clients and tasks: every one for owners, admins and finance;
 *   for everyone else the ones they may log time on, as the week grid offers them
 *   (app_loggable_project_ids), so nobody finds a restricted project by its name;
 * - entries: the time the member may see (their own; a manager's teams'; everyone's
 *   with time:view-all), read once and passed as a parameter as the time report does.
 */

export interface SearchHit {
  kind: SearchKind;
  id: string;
  title: string;
  /** A second line: a person's email, a project's client, a task's project, an entry's person. */
  detail: string | null;
  /** An entry's notes around what matched, as plain text. */
  snippet: string | null;
  /** An entry's day, YYYY-MM-DD. */
  date: string | null;
  /** Archived (projects, clients, tasks) or deactivated (people). */
  archived: boolean;
  rank: number;
}

export interface SearchRequest {
  text: string;
  kinds: readonly SearchKind[];
  limit: number;
}

/**
 * The text as a tsquery: web search syntax, and the last plain word also as a prefix.
 * That word is the last lexeme of websearch_to_tsquery's text form, so marking it
 * there keeps the operators the syntax gave (`a or de` is `'a' | 'de':*`).
 */
function tsqueryOf(text: string): SqlFragment {
  const query = sql`websearch_to_tsquery('simple', ${text})`;
  return endsInPrefix(text) ? sql`(regexp_replace(${query}::text, '''$', ''':*'))::tsquery` : query;
}

/** Everyone's, or only the ones they may log time on. */
function projectSeen(tx: TenantTransaction, project: SqlFragment): SqlFragment {
  const { role, userId } = tx.tenant;
  if (can(role, "project:manage") || can(role, "time:view-all")) return sql`true`;
  return sql`${project} = any((select app_loggable_project_ids(${userId}))::uuid[])`;
}

/** Whose entries: null for everyone's, else the member and the people of the teams they manage. */
async function entryPeople(tx: TenantTransaction): Promise<string[] | null> {
  if (can(tx.tenant.role, "time:view-all")) return null;
  const [row] = await tx.query<{ ids: string[] }>(sql`select (select app_managed_user_ids()) || ${tx.tenant.userId}::uuid as ids`);
  return row!.ids;
}

/** How many of the most recent matching entries are ranked. */
export const rankedEntries = 1_000;

// One select per kind, all with the same columns; each ranked and cut to the limit on its own.
type Part = (tx: TenantTransaction, query: SqlFragment, limit: number) => Promise<SqlFragment | null>;

const parts: Record<SearchKind, Part> = {
  person: async (tx, query, limit) => {
    if (!can(tx.tenant.role, "member:view")) return null;
    const document = sql`to_tsvector('simple', u.name || ' ' || u.email)`;
    return sql`(
      select 'person' as kind, u.id, u.name as title, u.email as detail, null::text as notes, null::text as date,
             m.status = 'deactivated' as archived, ts_rank(${document}, ${query}) as rank
        from memberships m join users u on u.id = m.user_id
       where m.company_id = ${tx.tenant.companyId} and ${document} @@ ${query}
       order by rank desc, u.id limit ${limit})`;
  },
  project: async (tx, query, limit) => {
    const document = sql`to_tsvector('simple', p.name || ' ' || coalesce(p.code, ''))`;
    return sql`(
      select 'project' as kind, p.id, p.name as title, cl.name as detail, null::text as notes, null::text as date,
             p.archived_at is not null as archived, ts_rank(${document}, ${query}) as rank
        from projects p left join clients cl on cl.company_id = p.company_id and cl.id = p.client_id
       where p.company_id = ${tx.tenant.companyId} and ${projectSeen(tx, sql`p.id`)} and ${document} @@ ${query}
       order by rank desc, p.id limit ${limit})`;
  },
  client: async (tx, query, limit) => {
    const document = sql`to_tsvector('simple', cl.name)`;
    const broad = can(tx.tenant.role, "project:manage") || can(tx.tenant.role, "time:view-all");
    // A client is seen through a project the member may see.
    const seen = broad
      ? sql`true`
      : sql`exists (select 1 from projects p where p.company_id = cl.company_id and p.client_id = cl.id and ${projectSeen(tx, sql`p.id`)})`;
    return sql`(
      select 'client' as kind, cl.id, cl.name as title, null::text as detail, null::text as notes, null::text as date,
             cl.archived_at is not null as archived, ts_rank(${document}, ${query}) as rank
        from clients cl
       where cl.company_id = ${tx.tenant.companyId} and ${seen} and ${document} @@ ${query}
       order by rank desc, cl.id limit ${limit})`;
  },
  task: async (tx, query, limit) => {
    const document = sql`to_tsvector('simple', t.name)`;
    return sql`(
      select 'task' as kind, t.id, t.name as title, p.name as detail, null::text as notes, null::text as date,
             t.archived_at is not null or p.archived_at is not null as archived, ts_rank(${document}, ${query}) as rank
        from tasks t join projects p on p.company_id = t.company_id and p.id = t.project_id
       where t.company_id = ${tx.tenant.companyId} and ${projectSeen(tx, sql`t.project_id`)} and ${document} @@ ${query}
       order by rank desc, t.id limit ${limit})`;
  },
  entry: async (tx, query, limit) => {
    // The expression and predicate of the GIN index time_entries_notes_search_idx (0022).
    const document = sql`to_tsvector('simple', e.notes)`;
    const people = await entryPeople(tx);
    // Ranking re-reads each note: a common word in a big company matches tens of
    // thousands, so only the most recent matches are ranked (7× faster at 50,000).
    return sql`(
      select 'entry' as kind, e.id, p.name || coalesce(' · ' || t.name, '') as title, u.name as detail, e.notes,
             to_char(e.work_date, 'YYYY-MM-DD') as date, false as archived, ts_rank(to_tsvector('simple', e.notes), ${query}) as rank
        from (select e.id, e.user_id, e.project_id, e.task_id, e.work_date, e.notes
                from time_entries e
               where e.company_id = ${tx.tenant.companyId}
                 ${people ? sql`and e.user_id = any(${people}::uuid[])` : sql``}
                 and e.notes is not null and ${document} @@ ${query}
               order by e.work_date desc, e.id desc
               limit ${rankedEntries}) e
        join projects p on p.company_id = ${tx.tenant.companyId} and p.id = e.project_id
        left join tasks t on t.company_id = ${tx.tenant.companyId} and t.id = e.task_id
        join users u on u.id = e.user_id
       order by rank desc, e.work_date desc, e.id limit ${limit})`;
  },
};

const kindOrder = sql`array_position(array['person', 'project', 'client', 'task', 'entry'], kind)`;

/**
 * The best matches of the kinds asked for, best first. A text of excluded words
 * only (`-draft`) finds nothing: it would match almost every row and rank none.
 */
export async function search(tx: TenantTransaction, request: SearchRequest): Promise<SearchHit[]> {
  const query = tsqueryOf(request.text);
  const [usable] = await tx.query<{ usable: boolean }>(sql`select querytree(${query}) not in ('', 'T') as usable`);
  if (!usable?.usable) return [];
  const selects: SqlFragment[] = [];
  for (const kind of request.kinds) {
    const part = await parts[kind](tx, query, request.limit);
    if (part) selects.push(part);
  }
  if (selects.length === 0) return [];
  // Snippets only for the rows returned: ts_headline re-reads the notes, so not for every match.
  return tx.query<SearchHit>(sql`
    select kind, id, title, detail, date, archived, rank,
           case when notes is null then null
                else ts_headline('simple', notes, ${query}, 'StartSel="", StopSel="", MaxWords=20, MinWords=8, ShortWord=0') end as snippet
      from (select * from (${join(selects, " union all ")}) hits
             order by rank desc, ${kindOrder}, lower(title), id
             limit ${request.limit}) best
     order by rank desc, ${kindOrder}, lower(title), id`);
}
