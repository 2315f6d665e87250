-- =============================================================================
-- Time tracking: clients, projects and tasks, who may log time where, time
-- entries, weekly timesheets with their approval, running timers and lock periods.
--
-- The rules payroll and invoicing rely on live here, not only in the models:
--   * an entry of a submitted or approved week, or of a locked date, can't change;
--   * a person logs at most 24 h a day;
--   * a timesheet moves only along draft → submitted → approved, or
--     submitted → rejected → draft, by the people allowed to move it;
--   * approval freezes each entry's rate, so later rate changes never rewrite it.
-- Errors raised here use SQLSTATE 55000 (object not in prerequisite state) for
-- "locked" and 23514 (check violation) for limits, so models can tell them apart.
-- =============================================================================

-- The company's own currency (for projects without a client) and its payroll close.
alter table companies
  add column currency text not null default 'EUR' check (currency ~ '^[A-Z]{3}$'),
  -- Every date up to and including this one is closed: no entry changes, no submission.
  add column locked_until date;
grant update (currency, locked_until) on companies to hourbook_app;

-- The first day of the timesheet week holding `day`, for weeks starting on ISO day `week_start`.
create function week_start_of(day date, week_start smallint) returns date
  language sql immutable
  as $$ select day - ((extract(isodow from day)::int - week_start + 7) % 7) $$;
grant execute on function week_start_of(date, smallint) to hourbook_app;

-- =============================================================================
-- clients: who the company bills
-- =============================================================================
create table clients (
  company_id uuid not null references companies (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(btrim(name)) between 1 and 200),
  contact_name text check (contact_name is null or length(btrim(contact_name)) between 1 and 200),
  contact_email text check (contact_email is null or (contact_email ~ '^[^@\s]+@[^@\s]+$' and length(contact_email) <= 254)),
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  hourly_rate_minor integer check (hourly_rate_minor >= 0),
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id)
);

create unique index clients_live_name_key on clients (company_id, lower(name)) where archived_at is null;

create trigger clients_touch_updated_at before update on clients
  for each row execute function touch_updated_at();

alter table clients enable row level security;
alter table clients force row level security;
grant select, insert, update, delete on clients to hourbook_app;

create policy clients_select on clients for select to hourbook_app
  using (company_id = app_company_id());
create policy clients_insert on clients for insert to hourbook_app
  with check (company_id = app_company_id() and app_is_company_admin());
create policy clients_update on clients for update to hourbook_app
  using (company_id = app_company_id() and app_is_company_admin())
  with check (company_id = app_company_id());
create policy clients_delete on clients for delete to hourbook_app
  using (company_id = app_company_id() and app_is_company_admin());

-- =============================================================================
-- projects gain a client, a code, a colour, a budget and an access rule
--
-- The free-text client name becomes a client row (in the company's currency).
-- A project's own rate overrides its client's default rate.
-- =============================================================================
alter table projects
  add column client_id uuid,
  add column code text check (code is null or code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$'),
  add column color text not null default '#4f46e5' check (color ~ '^#[0-9a-f]{6}$'),
  add column budget_minutes integer check (budget_minutes > 0),
  -- everyone: any member may log time; assigned: only project_members and project_teams.
  add column access text not null default 'everyone' check (access in ('everyone', 'assigned')),
  add foreign key (company_id, client_id) references clients (company_id, id);

create unique index projects_live_code_key on projects (company_id, lower(code))
  where archived_at is null and code is not null;
create index projects_client_idx on projects (company_id, client_id);

insert into clients (company_id, name, currency)
select distinct on (p.company_id, lower(btrim(p.client_name))) p.company_id, btrim(p.client_name), c.currency
  from projects p
  join companies c on c.id = p.company_id
 where p.client_name is not null;

update projects p
   set client_id = cl.id
  from clients cl
 where cl.company_id = p.company_id and lower(cl.name) = lower(btrim(p.client_name));

alter table projects drop column client_name;

-- =============================================================================
-- tasks: the kinds of work within a project
-- =============================================================================
create table tasks (
  company_id uuid not null,
  id uuid not null default gen_random_uuid(),
  project_id uuid not null,
  name text not null check (length(btrim(name)) between 1 and 200),
  billable boolean not null default true,
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id),
  -- Lets entries and timers reference (project, task) so a task can't come from another project.
  unique (company_id, project_id, id),
  foreign key (company_id, project_id) references projects (company_id, id) on delete cascade
);

create unique index tasks_live_name_key on tasks (company_id, project_id, lower(name)) where archived_at is null;

create trigger tasks_touch_updated_at before update on tasks
  for each row execute function touch_updated_at();

alter table tasks enable row level security;
alter table tasks force row level security;
grant select, insert, update, delete on tasks to hourbook_app;

create policy tasks_select on tasks for select to hourbook_app
  using (company_id = app_company_id());
create policy tasks_insert on tasks for insert to hourbook_app
  with check (company_id = app_company_id() and app_is_company_admin());
create policy tasks_update on tasks for update to hourbook_app
  using (company_id = app_company_id() and app_is_company_admin())
  with check (company_id = app_company_id());
create policy tasks_delete on tasks for delete to hourbook_app
  using (company_id = app_company_id() and app_is_company_admin());

-- =============================================================================
-- project_members, project_teams: who may log time on an 'assigned' project
-- =============================================================================
create table project_members (
  company_id uuid not null,
  project_id uuid not null,
  user_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (company_id, project_id, user_id),
  foreign key (company_id, project_id) references projects (company_id, id) on delete cascade,
  foreign key (company_id, user_id) references memberships (company_id, user_id) on delete cascade
);

create table project_teams (
  company_id uuid not null,
  project_id uuid not null,
  team_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (company_id, project_id, team_id),
  foreign key (company_id, project_id) references projects (company_id, id) on delete cascade,
  foreign key (company_id, team_id) references teams (company_id, id) on delete cascade
);

alter table project_members enable row level security;
alter table project_members force row level security;
alter table project_teams enable row level security;
alter table project_teams force row level security;
grant select, insert, delete on project_members, project_teams to hourbook_app;

create policy project_members_select on project_members for select to hourbook_app
  using (company_id = app_company_id());
create policy project_members_insert on project_members for insert to hourbook_app
  with check (company_id = app_company_id() and app_is_company_admin());
create policy project_members_delete on project_members for delete to hourbook_app
  using (company_id = app_company_id() and app_is_company_admin());
create policy project_teams_select on project_teams for select to hourbook_app
  using (company_id = app_company_id());
create policy project_teams_insert on project_teams for insert to hourbook_app
  with check (company_id = app_company_id() and app_is_company_admin());
create policy project_teams_delete on project_teams for delete to hourbook_app
  using (company_id = app_company_id() and app_is_company_admin());

-- The projects `person` may log time on: open to everyone, or assigned to them
-- directly or through a live team. An array, so a query can compute it once
-- (`p.id = any((select app_loggable_project_ids(…)))`) rather than once per project.
create function app_loggable_project_ids(person uuid) returns uuid[]
  language sql stable
  as $$
    select coalesce(array_agg(p.id), '{}')
      from projects p
     where p.company_id = app_company_id()
       and (p.access = 'everyone'
            or exists (select 1 from project_members pm
                        where pm.company_id = p.company_id and pm.project_id = p.id and pm.user_id = person)
            or exists (select 1 from project_teams pt
                         join teams t on t.company_id = pt.company_id and t.id = pt.team_id and t.archived_at is null
                         join team_members tm on tm.company_id = pt.company_id and tm.team_id = pt.team_id
                        where pt.company_id = p.company_id and pt.project_id = p.id and tm.user_id = person))
  $$;

create function app_may_log_on(project uuid, person uuid) returns boolean
  language sql stable
  as $$ select project = any(app_loggable_project_ids(person)) $$;
grant execute on function app_loggable_project_ids(uuid), app_may_log_on(uuid, uuid) to hourbook_app;

-- The people of the live teams the acting manager manages (empty for other roles),
-- as an array for the same reason: policies over many time rows read it once per
-- statement through a scalar subquery instead of re-running the joins per row.
create function app_managed_user_ids() returns uuid[]
  language sql stable
  as $$
    select coalesce(array_agg(distinct theirs.user_id), '{}')
      from team_members mine
      join team_members theirs on theirs.company_id = mine.company_id and theirs.team_id = mine.team_id
      join teams t on t.company_id = mine.company_id and t.id = mine.team_id
     where app_role() = 'manager'
       and mine.company_id = app_company_id()
       and mine.user_id = app_user_id()
       and mine.is_manager
       and t.archived_at is null
  $$;
grant execute on function app_managed_user_ids() to hourbook_app;

-- One definition of a manager's authority: 0002's function now reads the same list.
create or replace function app_manages_user(target uuid) returns boolean
  language sql stable
  as $$ select target = any(app_managed_user_ids()) $$;

-- Whose time the acting member may see: their own, their teams' as a manager, and
-- everyone's as owner, admin or finance. For one person at a time; policies over
-- many rows spell it out with `(select app_managed_user_ids())`.
create function app_sees_time_of(person uuid) returns boolean
  language sql stable
  as $$ select person = app_user_id() or app_role() in ('owner', 'admin', 'finance') or app_manages_user(person) $$;
grant execute on function app_sees_time_of(uuid) to hourbook_app;

-- =============================================================================
-- timesheets: one per person per week, and the approval status machine
-- =============================================================================
create table timesheets (
  company_id uuid not null,
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  week_start date not null,
  status text not null default 'draft' check (status in ('draft', 'submitted', 'approved', 'rejected')),
  submitted_at timestamptz,
  decided_at timestamptz,
  decided_by uuid,
  -- The approver's reason when sending a week back; kept until the next decision.
  comment text check (comment is null or length(comment) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id),
  unique (company_id, user_id, week_start),
  foreign key (company_id, user_id) references memberships (company_id, user_id) on delete cascade,
  -- coalesce: a NULL comment would make the check unknown, which a CHECK lets through.
  check (status <> 'rejected' or coalesce(length(btrim(comment)), 0) > 0)
);

create index timesheets_waiting_idx on timesheets (company_id, week_start, user_id) where status = 'submitted';

create trigger timesheets_touch_updated_at before update on timesheets
  for each row execute function touch_updated_at();

alter table timesheets enable row level security;
alter table timesheets force row level security;
grant select, insert, update (status, comment) on timesheets to hourbook_app;

create policy timesheets_select on timesheets for select to hourbook_app
  using (company_id = app_company_id()
         and (user_id = app_user_id() or app_role() in ('owner', 'admin', 'finance')
              or user_id = any ((select app_managed_user_ids())::uuid[])));
-- A timesheet starts on the company's first weekday, so two of one person's never overlap.
create policy timesheets_insert on timesheets for insert to hourbook_app
  with check (company_id = app_company_id() and (user_id = app_user_id() or app_is_company_admin()) and status = 'draft'
              and week_start = week_start_of(week_start, (select c.week_start from companies c where c.id = company_id)));
create policy timesheets_update on timesheets for update to hourbook_app
  using (company_id = app_company_id()
         and (user_id = app_user_id() or app_is_company_admin() or app_manages_user(user_id)))
  with check (company_id = app_company_id());

create function is_locked(company uuid, day date) returns boolean
  language sql stable
  as $$ select coalesce((select locked_until >= day from companies where id = company), false) $$;
grant execute on function is_locked(uuid, date) to hourbook_app;

-- Who may move a timesheet where. The models check the same first, for clear messages.
create function timesheets_transition() returns trigger
  language plpgsql
  as $$
declare
  own boolean := old.user_id = app_user_id();
  admin boolean := app_is_company_admin();
  -- Approvers: admins and owners, and managers of the person's teams (not of themselves).
  approver boolean := admin or (not own and app_manages_user(old.user_id));
  move text := old.status || ' → ' || new.status;
begin
  if new.user_id <> old.user_id or new.week_start <> old.week_start then
    raise exception 'a timesheet keeps its person and week' using errcode = '55000';
  end if;
  if new.status = old.status then
    if new.comment is distinct from old.comment then
      raise exception 'a timesheet''s comment changes only with a decision' using errcode = '55000';
    end if;
    return new;
  end if;
  -- Every way back to an editable draft counts: a withdrawn locked week could never be
  -- submitted again, and would wait as a draft forever.
  if move in ('draft → submitted', 'submitted → draft', 'rejected → draft', 'approved → draft')
     and is_locked(new.company_id, new.week_start) then
    raise exception 'the week of % is locked', new.week_start using errcode = '55000';
  end if;
  case move
    when 'draft → submitted' then
      if not (own or admin) then raise exception 'only the person or an admin submits a timesheet' using errcode = '42501'; end if;
      new.submitted_at := now();
      new.comment := null;
    when 'submitted → draft', 'rejected → draft' then
      if not (own or admin) then raise exception 'only the person or an admin reopens their draft' using errcode = '42501'; end if;
    when 'submitted → approved', 'submitted → rejected' then
      if not approver then raise exception 'only an approver of this person decides' using errcode = '42501'; end if;
      new.decided_at := now();
      new.decided_by := app_user_id();
      if new.status = 'approved' then new.comment := null; end if;
    when 'approved → draft' then
      if not admin then raise exception 'only an admin reopens an approved week' using errcode = '42501'; end if;
      new.decided_at := null;
      new.decided_by := null;
    else
      raise exception 'a timesheet can''t go from %', move using errcode = '55000';
  end case;
  return new;
end
$$;

create trigger timesheets_transition before update on timesheets
  for each row execute function timesheets_transition();

-- =============================================================================
-- time_entries: minutes a person worked on a project (and task) on a day
-- =============================================================================
create table time_entries (
  company_id uuid not null references companies (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  timesheet_id uuid not null,
  project_id uuid not null,
  task_id uuid,
  work_date date not null,
  minutes integer not null check (minutes between 1 and 1440),
  -- Set when the entry came from a timer or was logged as start and end.
  started_at timestamptz,
  ended_at timestamptz,
  notes text check (notes is null or length(notes) <= 2000),
  billable boolean not null,
  -- Frozen when the week is approved: the rate in force then, in the client's currency.
  rate_minor integer check (rate_minor >= 0),
  currency text check (currency is null or currency ~ '^[A-Z]{3}$'),
  frozen_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id),
  check ((started_at is null) = (ended_at is null) and (ended_at is null or ended_at > started_at)),
  foreign key (company_id, user_id) references memberships (company_id, user_id),
  foreign key (company_id, timesheet_id) references timesheets (company_id, id),
  foreign key (company_id, project_id) references projects (company_id, id),
  foreign key (company_id, project_id, task_id) references tasks (company_id, project_id, id)
);

create index time_entries_person_day_idx on time_entries (company_id, user_id, work_date);
-- Covering: a timesheet's totals (approvals, recent weeks) come from the index alone;
-- user_id is there because the select policy reads it.
create index time_entries_timesheet_idx on time_entries (company_id, timesheet_id) include (user_id, minutes, billable);
create index time_entries_project_day_idx on time_entries (company_id, project_id, work_date);
create index time_entries_day_idx on time_entries (company_id, work_date);

create trigger time_entries_touch_updated_at before update on time_entries
  for each row execute function touch_updated_at();

alter table time_entries enable row level security;
alter table time_entries force row level security;
grant select, insert, delete,
  -- timesheet_id too: moving an entry to another week moves it to that week's timesheet
  -- (the guard checks it is the person's sheet for the entry's new date).
  update (timesheet_id, project_id, task_id, work_date, minutes, started_at, ended_at, notes, billable, rate_minor, currency, frozen_at)
  on time_entries to hourbook_app;

create policy time_entries_select on time_entries for select to hourbook_app
  using (company_id = app_company_id()
         and (user_id = app_user_id() or app_role() in ('owner', 'admin', 'finance')
              or user_id = any ((select app_managed_user_ids())::uuid[])));
create policy time_entries_insert on time_entries for insert to hourbook_app
  with check (company_id = app_company_id() and (user_id = app_user_id() or app_is_company_admin()));
-- Managers reach their teams' entries only so approval can freeze rates; the guard
-- below lets them change nothing else.
create policy time_entries_update on time_entries for update to hourbook_app
  using (company_id = app_company_id()
         and (user_id = app_user_id() or app_is_company_admin() or app_manages_user(user_id)))
  with check (company_id = app_company_id());
create policy time_entries_delete on time_entries for delete to hourbook_app
  using (company_id = app_company_id() and (user_id = app_user_id() or app_is_company_admin()));

create function time_entries_guard() returns trigger
  language plpgsql
  as $$
declare
  sheet timesheets;
  day_total integer;
begin
  if tg_op in ('UPDATE', 'DELETE') then
    select * into sheet from timesheets where company_id = old.company_id and id = old.timesheet_id;
    -- Approval freezing rates, or reopening clearing them, is the one change an
    -- approved entry takes; it comes from timesheets_frozen_rates below.
    if tg_op = 'UPDATE'
       and (new.user_id, new.timesheet_id, new.project_id, new.task_id, new.work_date, new.minutes,
            new.started_at, new.ended_at, new.notes, new.billable)
           is not distinct from
           (old.user_id, old.timesheet_id, old.project_id, old.task_id, old.work_date, old.minutes,
            old.started_at, old.ended_at, old.notes, old.billable)
       and ((sheet.status = 'approved' and old.frozen_at is null and new.frozen_at is not null)
            or (sheet.status <> 'approved' and new.frozen_at is null and new.rate_minor is null and new.currency is null)) then
      return new;
    end if;
    if sheet.status in ('submitted', 'approved') then
      raise exception 'the week of % is %', sheet.week_start, sheet.status using errcode = '55000';
    end if;
    if is_locked(old.company_id, old.work_date) then
      raise exception '% is in a locked period', old.work_date using errcode = '55000';
    end if;
    if old.user_id <> app_user_id() and not app_is_company_admin() then
      raise exception 'only the person or an admin changes their time' using errcode = '42501';
    end if;
    if tg_op = 'DELETE' then
      return old;
    end if;
  end if;

  -- Locking the week's timesheet serialises writers of one person's week, so two
  -- requests can't both pass the 24-hour check below.
  select * into sheet from timesheets where company_id = new.company_id and id = new.timesheet_id for update;
  if not found then
    -- No such timesheet, or one RLS hides (another company's, or a colleague's, which
    -- the foreign key alone would accept as it ignores RLS, putting this entry on their
    -- week past every rule below).
    raise exception 'no timesheet of yours for this entry' using errcode = '42501';
  end if;
  if sheet.user_id <> new.user_id or new.work_date not between sheet.week_start and sheet.week_start + 6 then
    raise exception 'an entry belongs to its person''s timesheet for its week' using errcode = '23514';
  end if;
  if sheet.status in ('submitted', 'approved') then
    raise exception 'the week of % is %', sheet.week_start, sheet.status using errcode = '55000';
  end if;
  if is_locked(new.company_id, new.work_date) then
    raise exception '% is in a locked period', new.work_date using errcode = '55000';
  end if;
  if new.user_id <> app_user_id() and not app_is_company_admin() then
    raise exception 'only the person or an admin changes their time' using errcode = '42501';
  end if;
  -- Rates are set only by approval.
  new.rate_minor := null;
  new.currency := null;
  new.frozen_at := null;
  select coalesce(sum(minutes), 0) into day_total
    from time_entries
   where company_id = new.company_id and user_id = new.user_id and work_date = new.work_date and id <> new.id;
  if day_total + new.minutes > 1440 then
    raise exception 'more than 24 hours on %', new.work_date using errcode = '23514';
  end if;
  return new;
end
$$;

create trigger time_entries_guard before insert or update or delete on time_entries
  for each row execute function time_entries_guard();

-- Approval freezes each entry's rate (the project's, else its client's) and currency;
-- reopening an approved week clears them, and the next approval freezes them again.
create function timesheets_frozen_rates() returns trigger
  language plpgsql
  as $$
begin
  if new.status = 'approved' and old.status <> 'approved' then
    update time_entries e
       set rate_minor = case when e.billable then coalesce(p.hourly_rate_minor, cl.hourly_rate_minor) end,
           currency = coalesce(cl.currency, co.currency),
           frozen_at = now()
      from projects p
      join companies co on co.id = p.company_id
      left join clients cl on cl.company_id = p.company_id and cl.id = p.client_id
     where e.company_id = new.company_id and e.timesheet_id = new.id
       and p.company_id = e.company_id and p.id = e.project_id;
  elsif old.status = 'approved' and new.status <> 'approved' then
    update time_entries
       set rate_minor = null, currency = null, frozen_at = null
     where company_id = new.company_id and timesheet_id = new.id;
  end if;
  return null;
end
$$;

create trigger timesheets_frozen_rates after update of status on timesheets
  for each row execute function timesheets_frozen_rates();

-- =============================================================================
-- timers: the one running timer a person may have
-- =============================================================================
create table timers (
  company_id uuid not null,
  user_id uuid not null,
  project_id uuid not null,
  task_id uuid,
  notes text check (notes is null or length(notes) <= 2000),
  billable boolean not null,
  started_at timestamptz not null default now(),
  primary key (company_id, user_id),
  foreign key (company_id, user_id) references memberships (company_id, user_id) on delete cascade,
  foreign key (company_id, project_id) references projects (company_id, id) on delete cascade,
  foreign key (company_id, project_id, task_id) references tasks (company_id, project_id, id) on delete cascade
);

alter table timers enable row level security;
alter table timers force row level security;
grant select, insert, update (project_id, task_id, notes, billable, started_at), delete on timers to hourbook_app;

-- A running timer is time being logged: seen by whoever sees the person's time,
-- started, changed and stopped only by the person.
create policy timers_select on timers for select to hourbook_app
  using (company_id = app_company_id()
         and (user_id = app_user_id() or app_role() in ('owner', 'admin', 'finance')
              or user_id = any ((select app_managed_user_ids())::uuid[])));
create policy timers_insert on timers for insert to hourbook_app
  with check (company_id = app_company_id() and user_id = app_user_id());
create policy timers_update on timers for update to hourbook_app
  using (company_id = app_company_id() and user_id = app_user_id())
  with check (company_id = app_company_id() and user_id = app_user_id());
create policy timers_delete on timers for delete to hourbook_app
  using (company_id = app_company_id() and user_id = app_user_id());

select audit_table('clients', 'client');
select audit_table('tasks', 'task');
select audit_table('project_members', 'project_member', 'project_id,user_id');
select audit_table('project_teams', 'project_team', 'project_id,team_id');
select audit_table('timesheets', 'timesheet');
select audit_table('time_entries', 'time_entry');
-- Not audited, on purpose: a running timer is a scratch value; stopping it writes
-- an audited time entry.
