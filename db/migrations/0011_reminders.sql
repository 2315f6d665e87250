-- =============================================================================
-- Reminders and alerts (issue 9): the company's missing-time reminder setting,
-- and a record of every reminder, digest and budget alert sent.
--
-- The reminder fires once a week on a weekday and at an hour of the company's own
-- timezone (jobs/processors/send-reminders.ts works out the instant, DST included).
-- Off until a company turns it on: an unasked-for email to every member is worse
-- than none.
-- =============================================================================
alter table companies
  add column reminders_enabled boolean not null default false,
  -- ISO day of week, 1 = Monday … 7 = Sunday, as week_start.
  add column reminder_weekday smallint not null default 5 check (reminder_weekday between 1 and 7),
  add column reminder_hour smallint not null default 15 check (reminder_hour between 0 and 23);
grant update (reminders_enabled, reminder_weekday, reminder_hour) on companies to hourbook_app;

-- =============================================================================
-- reminders_sent: what was sent, so each goes out once whatever runs the job
--
-- The primary key is the guarantee: the job inserts the key and notifies in the
-- same transaction, so a second worker or a retry for the same key waits for the
-- first and then inserts nothing. `subject_id` is the person reminded, the manager
-- of a digest, or the project of a budget alert; `period` the week ('2026-11-16')
-- or, for budgets, the threshold and the budget it was measured against
-- ('80%/6000'), so raising a budget arms its alerts again.
-- Members read them (the job acts as one); nobody changes or removes them.
-- =============================================================================
create table reminders_sent (
  company_id uuid not null references companies (id) on delete cascade,
  kind text not null check (kind in ('timesheet-reminder', 'timesheet-digest', 'budget-alert')),
  subject_id uuid not null,
  period text not null check (period ~ '^(\d{4}-\d{2}-\d{2}|\d{2,3}%/\d+)$'),
  sent_at timestamptz not null default now(),
  primary key (company_id, kind, subject_id, period)
);

alter table reminders_sent enable row level security;
alter table reminders_sent force row level security;
grant select, insert on reminders_sent to hourbook_app;

create policy reminders_sent_select on reminders_sent for select to hourbook_app
  using (company_id = app_company_id());
create policy reminders_sent_insert on reminders_sent for insert to hourbook_app
  with check (company_id = app_company_id() and app_is_company_admin());
-- Not audited: a record of notifications sent, which aren't audited either; the
-- setting that causes them is (companies).
