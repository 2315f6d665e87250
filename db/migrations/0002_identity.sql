-- =============================================================================
-- Account-level tables (no tenant): sessions and password resets
--
-- Read and written only by the pre-tenant module (app/kernel/accounts/accounts.server.ts)
-- on the owner connection, before any company is known. hourbook_app gets no
-- grant on them, so no request running as a tenant can reach them.
-- Tokens are stored as SHA-256 hashes: a copy of the database holds no usable token.
-- =============================================================================
create table sessions (
  -- Shown to the person (to sign out one device); the cookie's token is never stored.
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique,
  user_id uuid not null references users (id) on delete cascade,
  ip text,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);

create index sessions_user_id_idx on sessions (user_id, last_seen_at desc);

create table password_resets (
  token_hash text primary key,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);

create index password_resets_user_id_idx on password_resets (user_id);

-- When a member last used a company, for the members page; written by the pre-tenant
-- module as it resolves a request's membership.
alter table memberships add column last_active_at timestamptz;

-- Company settings include the URL slug.
grant update (slug) on companies to hourbook_app;

-- Owner rows are the owners' business: an admin manages every other member but can
-- neither make an owner (themselves included) nor change or remove one.
drop policy memberships_insert on memberships;
drop policy memberships_update on memberships;
drop policy memberships_delete on memberships;

create policy memberships_insert on memberships for insert to hourbook_app
  with check (company_id = app_company_id() and app_is_company_admin() and (role <> 'owner' or app_role() = 'owner'));
create policy memberships_update on memberships for update to hourbook_app
  using (company_id = app_company_id() and app_is_company_admin() and (role <> 'owner' or app_role() = 'owner'))
  with check (company_id = app_company_id() and (role <> 'owner' or app_role() = 'owner'));
create policy memberships_delete on memberships for delete to hourbook_app
  using (company_id = app_company_id() and app_is_company_admin() and (role <> 'owner' or app_role() = 'owner'));

-- =============================================================================
-- teams: groups of members, each with one or more managers
-- =============================================================================
create table teams (
  company_id uuid not null references companies (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(btrim(name)) between 1 and 100),
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id)
);

create unique index teams_live_name_key on teams (company_id, lower(name)) where archived_at is null;

create trigger teams_touch_updated_at before update on teams
  for each row execute function touch_updated_at();

alter table teams enable row level security;
alter table teams force row level security;
grant select, insert, update (name, archived_at), delete on teams to hourbook_app;

create policy teams_select on teams for select to hourbook_app
  using (company_id = app_company_id());
create policy teams_insert on teams for insert to hourbook_app
  with check (company_id = app_company_id() and app_is_company_admin());
create policy teams_update on teams for update to hourbook_app
  using (company_id = app_company_id() and app_is_company_admin())
  with check (company_id = app_company_id());
create policy teams_delete on teams for delete to hourbook_app
  using (company_id = app_company_id() and app_is_company_admin());

-- =============================================================================
-- team_members: who is in a team, and who manages it
--
-- The member must belong to the same company: the foreign key to memberships
-- includes company_id, so a team can never list another company's person.
-- =============================================================================
create table team_members (
  company_id uuid not null,
  team_id uuid not null,
  user_id uuid not null,
  is_manager boolean not null default false,
  created_at timestamptz not null default now(),
  primary key (company_id, team_id, user_id),
  foreign key (company_id, team_id) references teams (company_id, id) on delete cascade,
  foreign key (company_id, user_id) references memberships (company_id, user_id) on delete cascade
);

create index team_members_user_idx on team_members (company_id, user_id);

alter table team_members enable row level security;
alter table team_members force row level security;
grant select, insert, update (is_manager), delete on team_members to hourbook_app;

create policy team_members_select on team_members for select to hourbook_app
  using (company_id = app_company_id());
create policy team_members_insert on team_members for insert to hourbook_app
  with check (company_id = app_company_id() and app_is_company_admin());
create policy team_members_update on team_members for update to hourbook_app
  using (company_id = app_company_id() and app_is_company_admin())
  with check (company_id = app_company_id());
create policy team_members_delete on team_members for delete to hourbook_app
  using (company_id = app_company_id() and app_is_company_admin());

-- A manager's authority: the people in the live teams the acting member manages.
-- Policies on time and timesheets use it so a manager sees and approves their
-- teams' time and nobody else's.
create function app_manages_user(target uuid) returns boolean
  language sql stable
  as $$
    select app_role() = 'manager' and exists (
      select 1
        from team_members mine
        join team_members theirs
          on theirs.company_id = mine.company_id and theirs.team_id = mine.team_id
        join teams t on t.company_id = mine.company_id and t.id = mine.team_id
       where mine.company_id = app_company_id()
         and mine.user_id = app_user_id()
         and mine.is_manager
         and t.archived_at is null
         and theirs.user_id = target
    )
  $$;

grant execute on function app_manages_user(uuid) to hourbook_app;

-- =============================================================================
-- invitations: a person asked to join with a role (and optionally teams)
--
-- Looked up by token before the invitee belongs to the company, so acceptance goes
-- through the pre-tenant module; listing, resending and revoking are tenant work.
-- =============================================================================
create table invitations (
  company_id uuid not null references companies (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  email text not null check (email = btrim(email) and email ~ '^[^@\s]+@[^@\s]+$' and length(email) <= 254),
  role text not null check (role in ('admin', 'manager', 'finance', 'employee')),
  token_hash text not null unique,
  invited_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  sent_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by uuid references users (id) on delete set null,
  revoked_at timestamptz,
  primary key (company_id, id),
  check (accepted_at is null or revoked_at is null)
);

-- One open invitation per address and company; resending replaces its token.
create unique index invitations_open_email_key on invitations (company_id, lower(email))
  where accepted_at is null and revoked_at is null;

alter table invitations enable row level security;
alter table invitations force row level security;
grant select (company_id, id, email, role, invited_by, created_at, sent_at, expires_at, accepted_at, accepted_by, revoked_at),
  insert, update (token_hash, sent_at, expires_at, revoked_at) on invitations to hourbook_app;

create policy invitations_select on invitations for select to hourbook_app
  using (company_id = app_company_id() and app_is_company_admin());
create policy invitations_insert on invitations for insert to hourbook_app
  with check (company_id = app_company_id() and app_is_company_admin());
create policy invitations_update on invitations for update to hourbook_app
  using (company_id = app_company_id() and app_is_company_admin())
  with check (company_id = app_company_id());

create table invitation_teams (
  company_id uuid not null,
  invitation_id uuid not null,
  team_id uuid not null,
  primary key (company_id, invitation_id, team_id),
  foreign key (company_id, invitation_id) references invitations (company_id, id) on delete cascade,
  foreign key (company_id, team_id) references teams (company_id, id) on delete cascade
);

alter table invitation_teams enable row level security;
alter table invitation_teams force row level security;
grant select, insert, delete on invitation_teams to hourbook_app;

create policy invitation_teams_select on invitation_teams for select to hourbook_app
  using (company_id = app_company_id() and app_is_company_admin());
create policy invitation_teams_insert on invitation_teams for insert to hourbook_app
  with check (company_id = app_company_id() and app_is_company_admin());
create policy invitation_teams_delete on invitation_teams for delete to hourbook_app
  using (company_id = app_company_id() and app_is_company_admin());

-- =============================================================================
-- Ownership rules the database keeps even if the app forgets: a company always has
-- an active owner. Deferred to commit so a transfer (promote one, demote the
-- other) can happen in one transaction in either order.
-- =============================================================================
create function ensure_company_has_owner() returns trigger
  language plpgsql
  as $$
declare
  affected uuid := coalesce(old.company_id, new.company_id);
begin
  -- A company being deleted takes its memberships with it.
  if not exists (select 1 from companies where id = affected) then
    return null;
  end if;
  if not exists (
    select 1 from memberships
     where company_id = affected and role = 'owner' and status = 'active'
  ) then
    raise exception 'A company must keep at least one active owner'
      using errcode = 'check_violation', constraint = 'memberships_last_owner';
  end if;
  return null;
end
$$;

create constraint trigger memberships_keep_an_owner
  after update or delete on memberships
  deferrable initially deferred
  for each row execute function ensure_company_has_owner();
