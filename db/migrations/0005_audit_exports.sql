-- =============================================================================
-- audit_exports: a company's requests for a file of its audit log (CSV or JSON
-- Lines), and how each is getting on
--
-- Owners and admins (audit:export) request and read them; the job that writes the
-- file acts in the company as the requester with the admin role, so the same
-- policies cover it. Rows are never deleted: an expired export keeps its row (and
-- its audit trail) after its file is gone. The date range is kept as the dates the
-- person chose and as the instants they mean in the company's time zone at the
-- time of the request, so a later time-zone change doesn't move an export.
-- =============================================================================
create table audit_exports (
  company_id uuid not null references companies (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  requested_by uuid not null references users (id),
  from_date date not null,
  to_date date not null,
  starts_at timestamptz not null,
  -- Exclusive: the start of the day after to_date.
  ends_at timestamptz not null,
  format text not null check (format in ('csv', 'jsonl')),
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed', 'expired')),
  rows_written bigint not null default 0 check (rows_written >= 0),
  -- Counted when the job starts, for progress; null until then.
  rows_total bigint check (rows_total >= 0),
  error text check (length(error) <= 2000),
  -- Where the storage module keeps the file; set only once the file is complete.
  file_key text check (file_key ~ '^[a-zA-Z0-9/_.-]+$'),
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  expires_at timestamptz,
  primary key (company_id, id),
  check (from_date <= to_date and starts_at < ends_at)
);

create index audit_exports_recent_idx on audit_exports (company_id, created_at desc);
-- The cleanup job's sweep across companies.
create index audit_exports_expiring_idx on audit_exports (expires_at) where status = 'done';

alter table audit_exports enable row level security;
alter table audit_exports force row level security;
grant select, insert (company_id, id, requested_by, from_date, to_date, starts_at, ends_at, format),
  update (status, rows_written, rows_total, error, file_key, started_at, finished_at, expires_at)
  on audit_exports to hourbook_app;

create policy audit_exports_select on audit_exports for select to hourbook_app
  using (company_id = app_company_id() and app_is_company_admin());
create policy audit_exports_insert on audit_exports for insert to hourbook_app
  with check (company_id = app_company_id() and app_is_company_admin() and requested_by = app_user_id());
create policy audit_exports_update on audit_exports for update to hourbook_app
  using (company_id = app_company_id() and app_is_company_admin())
  with check (company_id = app_company_id());

-- Progress counters change every batch; the status changes are what the log needs.
select audit_table('audit_exports', 'audit_export', 'id', 'company_id', 'rows_written,rows_total');

-- One CSV text field, always quoted (RFC 4180 allows it; every CSV reader accepts
-- it), null as an empty field. The export has Postgres format each batch into text,
-- much faster than building strings row by row in the application, and quoting
-- every field is cheaper than deciding per field (npm run bench:audit).
create function csv_field(value text) returns text
  language sql immutable parallel safe
  as $$ select coalesce('"' || replace(value, '"', '""') || '"', '') $$;
grant execute on function csv_field(text) to hourbook_app;
