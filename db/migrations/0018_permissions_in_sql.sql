-- =============================================================================
-- Who may do what, asked of one map: role_permissions and app_can() (decision 026)
--
-- Role lists were written three times: app/kernel/permissions.ts, literal
-- `app_role() in ('owner', 'admin', …)` in policies and helpers, and isAdmin checks
-- in models. Changing a permission in the TypeScript map left RLS on the old answer
-- and no test noticed. Now the database holds the map's (role, permission) pairs
-- and every policy and helper asks app_can('<permission>') instead of naming roles;
-- db/catalog.test.ts fails when this table and permissionRoles disagree, and when a
-- policy or function compares the role to a literal outside a short allow-list.
--
-- The pairs are inserted here, by a migration like any schema change, rather than
-- synced from TypeScript by the runner: db/ sits below app/, and a rule change
-- that moves the database's second wall should be a reviewed SQL change. Changing
-- the map therefore means a new migration that updates this table.
--
-- Meaning is kept: under this map every policy lets through exactly the rows it did.
-- Where a rule needed a permission the map lacked, the map gained it:
--   * time:view-all (owner, admin, finance): whose time a member sees in full, the
--     `in ('owner', 'admin', 'finance')` of the time policies and app_sees_time_of;
--   * report:manage-shared (owner, admin): tidying up others' shared saved reports.
-- Policies wrap app_can in a scalar subquery, `(select app_can('…'))`, so it runs
-- once per statement as an init plan, as 0016 did for the time policies.
-- =============================================================================

create table role_permissions (
  role text not null check (role in ('owner', 'admin', 'manager', 'finance', 'employee')),
  permission text not null check (permission ~ '^[a-z]+:[a-z-]+$'),
  primary key (role, permission)
);

-- Readable by the application role (policies and triggers run as it), never
-- writable by it: no grant beyond select. RLS is forced like every table the role
-- reaches; the map is the same for every company, so every row is visible.
alter table role_permissions enable row level security;
alter table role_permissions force row level security;
grant select on role_permissions to hourbook_app;
create policy role_permissions_select on role_permissions for select to hourbook_app
  using (true);

-- app/kernel/permissions.ts's permissionRoles, one line per permission.
insert into role_permissions (role, permission)
select role, permission
  from (values
    ('company:view',               array['owner', 'admin', 'manager', 'finance', 'employee']),
    ('company:manage-settings',    array['owner', 'admin']),
    ('member:view',                array['owner', 'admin', 'manager', 'finance']),
    ('member:manage',              array['owner', 'admin']),
    ('member:transfer-ownership',  array['owner']),
    ('invitation:manage',          array['owner', 'admin']),
    ('team:view',                  array['owner', 'admin', 'manager', 'finance', 'employee']),
    ('team:manage',                array['owner', 'admin']),
    ('project:view',               array['owner', 'admin', 'manager', 'finance', 'employee']),
    ('project:manage',             array['owner', 'admin']),
    ('time:log',                   array['owner', 'admin', 'manager', 'finance', 'employee']),
    ('time:log-for-others',        array['owner', 'admin']),
    ('timesheet:approve',          array['owner', 'admin', 'manager']),
    ('timesheet:reopen',           array['owner', 'admin']),
    ('time:lock',                  array['owner', 'admin']),
    ('time:view-all',              array['owner', 'admin', 'finance']),
    ('report:view',                array['owner', 'admin', 'manager', 'finance', 'employee']),
    ('report:schedule',            array['owner', 'admin', 'finance']),
    ('report:manage-shared',       array['owner', 'admin']),
    ('dashboard:company',          array['owner', 'admin', 'finance']),
    ('notification:view',          array['owner', 'admin', 'manager', 'finance', 'employee']),
    ('job:manage',                 array['owner', 'admin']),
    ('audit:read',                 array['owner', 'admin', 'finance']),
    ('audit:export',               array['owner', 'admin']),
    ('billing:view',               array['owner', 'admin', 'finance']),
    ('billing:manage',             array['owner', 'admin']),
    ('invoice:view',               array['owner', 'admin', 'finance']),
    ('invoice:manage',             array['owner', 'admin', 'finance'])
  ) as map(permission, roles),
  unnest(map.roles) as role;

-- Whether the member in context has a permission: the role read from the tenant
-- settings as every policy reads it (app_role(), 0001). No context, no permission.
create function app_can(permission text) returns boolean
  language sql stable
  as $$
    select exists (select 1 from role_permissions rp where rp.role = app_role() and rp.permission = app_can.permission)
  $$;

-- Approving anyone's week, not only a managed team's: an approver who sees
-- everyone's time (owners and admins under the map). Named once because policies,
-- the transition trigger and the approval queries all need it.
create function app_approves_everyone() returns boolean
  language sql stable
  as $$ select app_can('timesheet:approve') and app_can('time:view-all') $$;

grant execute on function app_can(text), app_approves_everyone() to hourbook_app;

-- =============================================================================
-- Helpers that named roles now ask the map
-- =============================================================================

-- A team's manager flag carries authority for a role that approves timesheets
-- (it read `app_role() = 'manager'`; owners and admins flagged as managers gain
-- nothing, since they reach everyone's time anyway).
create or replace function app_managed_user_ids() returns uuid[]
  language sql stable
  as $$
    select coalesce(array_agg(distinct theirs.user_id), '{}')
      from team_members mine
      join team_members theirs on theirs.company_id = mine.company_id and theirs.team_id = mine.team_id
      join teams t on t.company_id = mine.company_id and t.id = mine.team_id
     where app_can('timesheet:approve')
       and mine.company_id = app_company_id()
       and mine.user_id = app_user_id()
       and mine.is_manager
       and t.archived_at is null
  $$;

create or replace function app_sees_time_of(person uuid) returns boolean
  language sql stable
  as $$ select person = app_user_id() or app_can('time:view-all') or app_manages_user(person) $$;

-- Finance exports go with seeing invoices, as their pages require (invoice:view).
create or replace function app_may_export(kind text) returns boolean
  language sql stable
  as $$ select case when kind = 'audit-log' then app_can('audit:export') else app_can('invoice:view') end $$;

-- Who may move a timesheet where: the same moves as 0006, each asking its permission.
create or replace function timesheets_transition() returns trigger
  language plpgsql
  as $$
declare
  own boolean := old.user_id = app_user_id();
  for_others boolean := app_can('time:log-for-others');
  -- Approvers: those who approve everyone's weeks, and managers of the person's teams (not of themselves).
  approver boolean := app_approves_everyone() or (not own and app_manages_user(old.user_id));
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
      if not (own or for_others) then raise exception 'only the person or an admin submits a timesheet' using errcode = '42501'; end if;
      new.submitted_at := now();
      new.comment := null;
    when 'submitted → draft', 'rejected → draft' then
      if not (own or for_others) then raise exception 'only the person or an admin reopens their draft' using errcode = '42501'; end if;
    when 'submitted → approved', 'submitted → rejected' then
      if not approver then raise exception 'only an approver of this person decides' using errcode = '42501'; end if;
      new.decided_at := now();
      new.decided_by := app_user_id();
      if new.status = 'approved' then new.comment := null; end if;
    when 'approved → draft' then
      if not app_can('timesheet:reopen') then raise exception 'only an admin reopens an approved week' using errcode = '42501'; end if;
      new.decided_at := null;
      new.decided_by := null;
    else
      raise exception 'a timesheet can''t go from %', move using errcode = '55000';
  end case;
  return new;
end
$$;

create or replace function time_entries_guard() returns trigger
  language plpgsql
  as $$
declare
  sheet timesheets;
  day_total integer;
begin
  if tg_op in ('UPDATE', 'DELETE') then
    select * into sheet from timesheets where company_id = old.company_id and id = old.timesheet_id;
    -- Approval freezing rates, or reopening clearing them, is the one change an
    -- approved entry takes; it comes from timesheets_frozen_rates (0006).
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
    if old.user_id <> app_user_id() and not app_can('time:log-for-others') then
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
  if new.user_id <> app_user_id() and not app_can('time:log-for-others') then
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

-- =============================================================================
-- companies: settings, and the payroll lock (locked_until) on the same row
-- =============================================================================
drop policy companies_update on companies;
create policy companies_update on companies for update to hourbook_app
  using (id = app_company_id() and ((select app_can('company:manage-settings')) or (select app_can('time:lock'))))
  with check (id = app_company_id());

-- =============================================================================
-- memberships: member:manage, and owner rows only with member:transfer-ownership
--
-- `role <> 'owner'` is about the row (is it an owner's membership), not the actor,
-- so it stays literal (catalog allow-list). Who may make, change or remove an
-- owner is the permission that moves ownership: an admin manages every other
-- member but can neither make an owner (themselves included) nor change one.
-- =============================================================================
drop policy memberships_insert on memberships;
drop policy memberships_update on memberships;
drop policy memberships_delete on memberships;
create policy memberships_insert on memberships for insert to hourbook_app
  with check (company_id = app_company_id() and (select app_can('member:manage'))
              and (role <> 'owner' or (select app_can('member:transfer-ownership'))));
create policy memberships_update on memberships for update to hourbook_app
  using (company_id = app_company_id() and (select app_can('member:manage'))
         and (role <> 'owner' or (select app_can('member:transfer-ownership'))))
  with check (company_id = app_company_id() and (role <> 'owner' or (select app_can('member:transfer-ownership'))));
create policy memberships_delete on memberships for delete to hourbook_app
  using (company_id = app_company_id() and (select app_can('member:manage'))
         and (role <> 'owner' or (select app_can('member:transfer-ownership'))));

-- =============================================================================
-- project:manage — projects, clients, tasks and who may log time on them
-- =============================================================================
drop policy projects_insert on projects;
drop policy projects_update on projects;
drop policy projects_delete on projects;
create policy projects_insert on projects for insert to hourbook_app
  with check (company_id = app_company_id() and (select app_can('project:manage')));
create policy projects_update on projects for update to hourbook_app
  using (company_id = app_company_id() and (select app_can('project:manage')))
  with check (company_id = app_company_id());
create policy projects_delete on projects for delete to hourbook_app
  using (company_id = app_company_id() and (select app_can('project:manage')));

drop policy clients_insert on clients;
drop policy clients_update on clients;
drop policy clients_delete on clients;
create policy clients_insert on clients for insert to hourbook_app
  with check (company_id = app_company_id() and (select app_can('project:manage')));
create policy clients_update on clients for update to hourbook_app
  using (company_id = app_company_id() and (select app_can('project:manage')))
  with check (company_id = app_company_id());
create policy clients_delete on clients for delete to hourbook_app
  using (company_id = app_company_id() and (select app_can('project:manage')));

drop policy tasks_insert on tasks;
drop policy tasks_update on tasks;
drop policy tasks_delete on tasks;
create policy tasks_insert on tasks for insert to hourbook_app
  with check (company_id = app_company_id() and (select app_can('project:manage')));
create policy tasks_update on tasks for update to hourbook_app
  using (company_id = app_company_id() and (select app_can('project:manage')))
  with check (company_id = app_company_id());
create policy tasks_delete on tasks for delete to hourbook_app
  using (company_id = app_company_id() and (select app_can('project:manage')));

drop policy project_members_insert on project_members;
drop policy project_members_delete on project_members;
drop policy project_teams_insert on project_teams;
drop policy project_teams_delete on project_teams;
create policy project_members_insert on project_members for insert to hourbook_app
  with check (company_id = app_company_id() and (select app_can('project:manage')));
create policy project_members_delete on project_members for delete to hourbook_app
  using (company_id = app_company_id() and (select app_can('project:manage')));
create policy project_teams_insert on project_teams for insert to hourbook_app
  with check (company_id = app_company_id() and (select app_can('project:manage')));
create policy project_teams_delete on project_teams for delete to hourbook_app
  using (company_id = app_company_id() and (select app_can('project:manage')));

-- =============================================================================
-- team:manage — teams and who is in them
-- =============================================================================
drop policy teams_insert on teams;
drop policy teams_update on teams;
drop policy teams_delete on teams;
create policy teams_insert on teams for insert to hourbook_app
  with check (company_id = app_company_id() and (select app_can('team:manage')));
create policy teams_update on teams for update to hourbook_app
  using (company_id = app_company_id() and (select app_can('team:manage')))
  with check (company_id = app_company_id());
create policy teams_delete on teams for delete to hourbook_app
  using (company_id = app_company_id() and (select app_can('team:manage')));

drop policy team_members_insert on team_members;
drop policy team_members_update on team_members;
drop policy team_members_delete on team_members;
create policy team_members_insert on team_members for insert to hourbook_app
  with check (company_id = app_company_id() and (select app_can('team:manage')));
create policy team_members_update on team_members for update to hourbook_app
  using (company_id = app_company_id() and (select app_can('team:manage')))
  with check (company_id = app_company_id());
create policy team_members_delete on team_members for delete to hourbook_app
  using (company_id = app_company_id() and (select app_can('team:manage')));

-- =============================================================================
-- invitation:manage — invitations and the teams they offer
-- =============================================================================
drop policy invitations_select on invitations;
drop policy invitations_insert on invitations;
drop policy invitations_update on invitations;
create policy invitations_select on invitations for select to hourbook_app
  using (company_id = app_company_id() and (select app_can('invitation:manage')));
create policy invitations_insert on invitations for insert to hourbook_app
  with check (company_id = app_company_id() and (select app_can('invitation:manage')));
create policy invitations_update on invitations for update to hourbook_app
  using (company_id = app_company_id() and (select app_can('invitation:manage')))
  with check (company_id = app_company_id());

drop policy invitation_teams_select on invitation_teams;
drop policy invitation_teams_insert on invitation_teams;
drop policy invitation_teams_delete on invitation_teams;
create policy invitation_teams_select on invitation_teams for select to hourbook_app
  using (company_id = app_company_id() and (select app_can('invitation:manage')));
create policy invitation_teams_insert on invitation_teams for insert to hourbook_app
  with check (company_id = app_company_id() and (select app_can('invitation:manage')));
create policy invitation_teams_delete on invitation_teams for delete to hourbook_app
  using (company_id = app_company_id() and (select app_can('invitation:manage')));

-- =============================================================================
-- audit:read; billing:manage
-- =============================================================================
drop policy audit_entries_select on audit_entries;
create policy audit_entries_select on audit_entries for select to hourbook_app
  using (company_id = app_company_id() and (select app_can('audit:read')));

-- The Stripe job acts with the admin role, which holds billing:manage.
drop policy company_subscriptions_insert on company_subscriptions;
drop policy company_subscriptions_update on company_subscriptions;
create policy company_subscriptions_insert on company_subscriptions for insert to hourbook_app
  with check (company_id = app_company_id() and (select app_can('billing:manage')));
create policy company_subscriptions_update on company_subscriptions for update to hourbook_app
  using (company_id = app_company_id() and (select app_can('billing:manage')))
  with check (company_id = app_company_id());

-- =============================================================================
-- Invoices: reading needs invoice:view, every write invoice:manage
-- =============================================================================
drop policy invoice_settings_select on invoice_settings;
drop policy invoice_settings_insert on invoice_settings;
drop policy invoice_settings_update on invoice_settings;
create policy invoice_settings_select on invoice_settings for select to hourbook_app
  using (company_id = app_company_id() and (select app_can('invoice:view')));
create policy invoice_settings_insert on invoice_settings for insert to hourbook_app
  with check (company_id = app_company_id() and (select app_can('invoice:manage')));
create policy invoice_settings_update on invoice_settings for update to hourbook_app
  using (company_id = app_company_id() and (select app_can('invoice:manage')))
  with check (company_id = app_company_id());

drop policy invoice_number_series_select on invoice_number_series;
drop policy invoice_number_series_insert on invoice_number_series;
drop policy invoice_number_series_update on invoice_number_series;
create policy invoice_number_series_select on invoice_number_series for select to hourbook_app
  using (company_id = app_company_id() and (select app_can('invoice:view')));
create policy invoice_number_series_insert on invoice_number_series for insert to hourbook_app
  with check (company_id = app_company_id() and (select app_can('invoice:manage')));
create policy invoice_number_series_update on invoice_number_series for update to hourbook_app
  using (company_id = app_company_id() and (select app_can('invoice:manage')))
  with check (company_id = app_company_id());

drop policy invoices_select on invoices;
drop policy invoices_insert on invoices;
drop policy invoices_update on invoices;
drop policy invoices_delete on invoices;
create policy invoices_select on invoices for select to hourbook_app
  using (company_id = app_company_id() and (select app_can('invoice:view')));
create policy invoices_insert on invoices for insert to hourbook_app
  with check (company_id = app_company_id() and (select app_can('invoice:manage')));
create policy invoices_update on invoices for update to hourbook_app
  using (company_id = app_company_id() and (select app_can('invoice:manage')))
  with check (company_id = app_company_id());
create policy invoices_delete on invoices for delete to hourbook_app
  using (company_id = app_company_id() and (select app_can('invoice:manage')));

drop policy invoice_lines_select on invoice_lines;
drop policy invoice_lines_insert on invoice_lines;
drop policy invoice_lines_update on invoice_lines;
drop policy invoice_lines_delete on invoice_lines;
create policy invoice_lines_select on invoice_lines for select to hourbook_app
  using (company_id = app_company_id() and (select app_can('invoice:view')));
create policy invoice_lines_insert on invoice_lines for insert to hourbook_app
  with check (company_id = app_company_id() and (select app_can('invoice:manage')));
create policy invoice_lines_update on invoice_lines for update to hourbook_app
  using (company_id = app_company_id() and (select app_can('invoice:manage')))
  with check (company_id = app_company_id());
create policy invoice_lines_delete on invoice_lines for delete to hourbook_app
  using (company_id = app_company_id() and (select app_can('invoice:manage')));

drop policy invoice_entries_select on invoice_entries;
drop policy invoice_entries_insert on invoice_entries;
drop policy invoice_entries_update on invoice_entries;
drop policy invoice_entries_delete on invoice_entries;
create policy invoice_entries_select on invoice_entries for select to hourbook_app
  using (company_id = app_company_id() and (select app_can('invoice:view')));
create policy invoice_entries_insert on invoice_entries for insert to hourbook_app
  with check (company_id = app_company_id() and (select app_can('invoice:manage')));
create policy invoice_entries_update on invoice_entries for update to hourbook_app
  using (company_id = app_company_id() and (select app_can('invoice:manage')))
  with check (company_id = app_company_id());
create policy invoice_entries_delete on invoice_entries for delete to hourbook_app
  using (company_id = app_company_id() and (select app_can('invoice:manage')));

-- =============================================================================
-- Time: whose time a member reads (time:view-all), and who writes another's
--
-- The read policies keep 0016's shape: the member and the permission once per
-- statement. Writing another member's week is time:log-for-others; a row another
-- member may move in any way (reopen, approve as anyone's approver or as their
-- manager) is reachable for update, and the triggers decide which change is allowed.
-- =============================================================================
drop policy time_entries_select on time_entries;
create policy time_entries_select on time_entries for select to hourbook_app
  using (company_id = (select app_company_id())
         and (user_id = (select app_user_id()) or (select app_can('time:view-all'))
              or user_id = any ((select app_managed_user_ids())::uuid[])));

drop policy timesheets_select on timesheets;
create policy timesheets_select on timesheets for select to hourbook_app
  using (company_id = (select app_company_id())
         and (user_id = (select app_user_id()) or (select app_can('time:view-all'))
              or user_id = any ((select app_managed_user_ids())::uuid[])));

drop policy timers_select on timers;
create policy timers_select on timers for select to hourbook_app
  using (company_id = app_company_id()
         and (user_id = app_user_id() or (select app_can('time:view-all'))
              or user_id = any ((select app_managed_user_ids())::uuid[])));

drop policy timesheets_insert on timesheets;
drop policy timesheets_update on timesheets;
create policy timesheets_insert on timesheets for insert to hourbook_app
  with check (company_id = app_company_id() and (user_id = app_user_id() or (select app_can('time:log-for-others'))) and status = 'draft'
              and week_start = week_start_of(week_start, (select c.week_start from companies c where c.id = company_id)));
create policy timesheets_update on timesheets for update to hourbook_app
  using (company_id = app_company_id()
         and (user_id = app_user_id() or (select app_can('time:log-for-others')) or (select app_can('timesheet:reopen'))
              or (select app_approves_everyone()) or app_manages_user(user_id)))
  with check (company_id = app_company_id());

-- Approval and reopening reach entries too: they freeze and clear the rates.
drop policy time_entries_insert on time_entries;
drop policy time_entries_update on time_entries;
drop policy time_entries_delete on time_entries;
create policy time_entries_insert on time_entries for insert to hourbook_app
  with check (company_id = app_company_id() and (user_id = app_user_id() or (select app_can('time:log-for-others'))));
create policy time_entries_update on time_entries for update to hourbook_app
  using (company_id = app_company_id()
         and (user_id = app_user_id() or (select app_can('time:log-for-others')) or (select app_can('timesheet:reopen'))
              or (select app_approves_everyone()) or app_manages_user(user_id)))
  with check (company_id = app_company_id());
create policy time_entries_delete on time_entries for delete to hourbook_app
  using (company_id = app_company_id() and (user_id = app_user_id() or (select app_can('time:log-for-others'))));

-- =============================================================================
-- Reminders, saved reports and schedules
-- =============================================================================

-- Reminders are the company's settings at work: the sweep sends them acting as an
-- admin, who may change those settings.
drop policy reminders_sent_insert on reminders_sent;
create policy reminders_sent_insert on reminders_sent for insert to hourbook_app
  with check (company_id = app_company_id() and (select app_can('company:manage-settings')));

drop policy saved_reports_update on saved_reports;
drop policy saved_reports_delete on saved_reports;
create policy saved_reports_update on saved_reports for update to hourbook_app
  using (company_id = app_company_id() and (owner_id = app_user_id() or (shared and (select app_can('report:manage-shared')))))
  with check (company_id = app_company_id());
create policy saved_reports_delete on saved_reports for delete to hourbook_app
  using (company_id = app_company_id() and (owner_id = app_user_id() or (shared and (select app_can('report:manage-shared')))));

drop policy report_schedules_select on report_schedules;
drop policy report_schedules_insert on report_schedules;
drop policy report_schedules_update on report_schedules;
drop policy report_schedules_delete on report_schedules;
create policy report_schedules_select on report_schedules for select to hourbook_app
  using (company_id = app_company_id() and (select app_can('report:schedule')));
create policy report_schedules_insert on report_schedules for insert to hourbook_app
  with check (company_id = app_company_id() and (select app_can('report:schedule')) and created_by = app_user_id());
create policy report_schedules_update on report_schedules for update to hourbook_app
  using (company_id = app_company_id() and (select app_can('report:schedule')))
  with check (company_id = app_company_id());
create policy report_schedules_delete on report_schedules for delete to hourbook_app
  using (company_id = app_company_id() and (select app_can('report:schedule')));

drop policy report_schedule_runs_select on report_schedule_runs;
drop policy report_schedule_runs_insert on report_schedule_runs;
create policy report_schedule_runs_select on report_schedule_runs for select to hourbook_app
  using (company_id = app_company_id() and (select app_can('report:schedule')));
create policy report_schedule_runs_insert on report_schedule_runs for insert to hourbook_app
  with check (company_id = app_company_id() and (select app_can('report:schedule')));

-- =============================================================================
-- The role-group helpers nothing calls any more. Dropped, not kept as aliases, so
-- a new policy can't reach for a role group again; a migration that still does
-- fails loudly at migrate time.
-- =============================================================================
drop function app_is_company_admin();
drop function app_handles_invoices();
drop function app_can_read_audit();
drop function app_schedules_reports();
