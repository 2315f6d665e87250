-- =============================================================================
-- Saved reports and their schedules (issue 9)
--
-- A saved report is a time report's definition (filters, grouping, kind and the
-- range it covers) kept under a name: a person's own, or shared with the company.
-- Running it shows whoever runs it the time they may see (RLS on time_entries), so
-- sharing a definition never shares data.
--
-- A schedule emails a saved report for the period just ended to a list of members,
-- weekly on a weekday or monthly on a day, at an hour of the company's timezone.
-- Owners, admins and finance schedule; the run acts as the member who set it up.
-- report_schedule_runs is the "exactly once" guarantee: the run inserts the
-- (schedule, period) key in the transaction that queues its emails, so a second
-- worker or a retry for the same period waits for the first and then sends nothing.
-- =============================================================================

-- Who schedules reports to others: the roles that see every member's time.
create function app_schedules_reports() returns boolean
  language sql stable
  as $$ select coalesce(app_role() in ('owner', 'admin', 'finance'), false) $$;
grant execute on function app_schedules_reports() to hourbook_app;

create table saved_reports (
  company_id uuid not null references companies (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  owner_id uuid not null references users (id),
  name text not null check (length(btrim(name)) between 1 and 100),
  kind text not null check (kind in ('summary', 'detailed')),
  -- The report form's values (app/reports/definition.ts validates them); the
  -- database only insists on an object so a bad write can't hide a scalar here.
  definition jsonb not null check (jsonb_typeof(definition) = 'object'),
  shared boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id)
);
-- Names are unique among what one person sees as "mine"; a shared report's name
-- may repeat another person's private one.
create unique index saved_reports_owner_name on saved_reports (company_id, owner_id, lower(name));
create index saved_reports_shared on saved_reports (company_id) where shared;

create trigger saved_reports_touch_updated_at before update on saved_reports
  for each row execute function touch_updated_at();

alter table saved_reports enable row level security;
alter table saved_reports force row level security;
grant select, insert, update (name, kind, definition, shared), delete on saved_reports to hourbook_app;

create policy saved_reports_select on saved_reports for select to hourbook_app
  using (company_id = app_company_id() and (owner_id = app_user_id() or shared));
create policy saved_reports_insert on saved_reports for insert to hourbook_app
  with check (company_id = app_company_id() and owner_id = app_user_id());
-- A person changes their own; admins also tidy up what is shared with everyone.
create policy saved_reports_update on saved_reports for update to hourbook_app
  using (company_id = app_company_id() and (owner_id = app_user_id() or (shared and app_is_company_admin())))
  with check (company_id = app_company_id());
create policy saved_reports_delete on saved_reports for delete to hourbook_app
  using (company_id = app_company_id() and (owner_id = app_user_id() or (shared and app_is_company_admin())));

create table report_schedules (
  company_id uuid not null references companies (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  report_id uuid not null,
  -- The run reads time as this member: their role decides what the report holds.
  created_by uuid not null references users (id),
  frequency text not null check (frequency in ('weekly', 'monthly')),
  -- ISO day of week, 1 = Monday … 7 = Sunday, for weekly schedules.
  weekday smallint check (weekday between 1 and 7),
  -- Day of the month for monthly schedules; 1–28 exists in every month.
  month_day smallint check (month_day between 1 and 28),
  hour smallint not null check (hour between 0 and 23),
  recipient_ids uuid[] not null check (cardinality(recipient_ids) between 1 and 50),
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id),
  foreign key (company_id, report_id) references saved_reports (company_id, id) on delete cascade,
  check (case frequency when 'weekly' then weekday is not null and month_day is null
                        else month_day is not null and weekday is null end)
);
create index report_schedules_report on report_schedules (company_id, report_id);

create trigger report_schedules_touch_updated_at before update on report_schedules
  for each row execute function touch_updated_at();

alter table report_schedules enable row level security;
alter table report_schedules force row level security;
grant select, insert, update (report_id, frequency, weekday, month_day, hour, recipient_ids, enabled), delete
  on report_schedules to hourbook_app;

create policy report_schedules_select on report_schedules for select to hourbook_app
  using (company_id = app_company_id() and app_schedules_reports());
create policy report_schedules_insert on report_schedules for insert to hourbook_app
  with check (company_id = app_company_id() and app_schedules_reports() and created_by = app_user_id());
create policy report_schedules_update on report_schedules for update to hourbook_app
  using (company_id = app_company_id() and app_schedules_reports())
  with check (company_id = app_company_id());
create policy report_schedules_delete on report_schedules for delete to hourbook_app
  using (company_id = app_company_id() and app_schedules_reports());

create table report_schedule_runs (
  company_id uuid not null references companies (id) on delete cascade,
  schedule_id uuid not null,
  -- The period the run reported on, inclusive.
  period_from date not null,
  period_to date not null check (period_to >= period_from),
  sent_at timestamptz not null default now(),
  primary key (company_id, schedule_id, period_from),
  foreign key (company_id, schedule_id) references report_schedules (company_id, id) on delete cascade
);

alter table report_schedule_runs enable row level security;
alter table report_schedule_runs force row level security;
grant select, insert on report_schedule_runs to hourbook_app;

create policy report_schedule_runs_select on report_schedule_runs for select to hourbook_app
  using (company_id = app_company_id() and app_schedules_reports());
create policy report_schedule_runs_insert on report_schedule_runs for insert to hourbook_app
  with check (company_id = app_company_id() and app_schedules_reports());

select audit_table('saved_reports', 'saved_report');
select audit_table('report_schedules', 'report_schedule');
-- Not audited: report_schedule_runs records emails sent, like reminders_sent; the
-- schedule that causes them is.
