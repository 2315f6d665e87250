-- =============================================================================
-- Full-text search over time entry notes (the public API's /api/v1/search)
--
-- Search matches to_tsvector('simple', …) against the words asked for. People,
-- projects, clients and tasks are few per company, and each query starts from the
-- company's own rows, so they need no index of their own. Entry notes grow without
-- bound (a large company logs a million entries), and an owner's search reads all
-- of the company's time: without an index every note would be parsed on every
-- search. The expression and predicate here are the ones app/search/search.server.ts
-- writes, so the planner can use the index; the `simple` configuration (no stemming,
-- no stop words) matches names and notes in any language as they are written.
-- =============================================================================
create index time_entries_notes_search_idx on time_entries using gin (to_tsvector('simple', notes))
  where notes is not null;
