-- =============================================================================
-- The application role
--
-- Every request runs its queries as hourbook_app (see db/tenant.ts, which does
-- SET LOCAL ROLE inside each tenant transaction). It is not a superuser, owns no
-- table and has no BYPASSRLS, so row-level security always applies to it. Roles
-- are cluster-wide: another database on the same server may already have made it.
-- =============================================================================
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'hourbook_app') then
    create role hourbook_app nologin nosuperuser nobypassrls nocreatedb nocreaterole noinherit;
  end if;
exception
  -- Two databases migrating at the same moment can race on the same role name.
  when duplicate_object or unique_violation then null;
end
$$;

-- The login role that runs migrations and opens connections must be able to switch to it.
grant hourbook_app to current_user;
grant usage on schema public to hourbook_app;

-- =============================================================================
-- Tenant context
--
-- withTenant() sets these with set_config(..., true): transaction-local, so a pooled
-- connection never carries one company's context into the next request. After
-- such a transaction the setting reads back as '' rather than NULL, hence NULLIF:
-- an unset or empty context matches no rows instead of failing the cast.
-- =============================================================================
create function app_company_id() returns uuid
  language sql stable
  as $$ select nullif(current_setting('app.company_id', true), '')::uuid $$;

create function app_user_id() returns uuid
  language sql stable
  as $$ select nullif(current_setting('app.user_id', true), '')::uuid $$;

create function app_role() returns text
  language sql stable
  as $$ select nullif(current_setting('app.role', true), '') $$;

-- Whether the member in context may manage company data (members, projects, settings).
create function app_is_company_admin() returns boolean
  language sql stable
  as $$ select coalesce(app_role() in ('owner', 'admin'), false) $$;

-- Declared immutable so CHECK constraints can use it; the timezone database only
-- grows, so a name once valid stays valid.
create function is_valid_timezone(name text) returns boolean
  language plpgsql immutable
  as $$
begin
  perform now() at time zone name;
  return true;
exception when invalid_parameter_value then
  return false;
end
$$;

grant execute on function app_company_id(), app_user_id(), app_role(), app_is_company_admin(),
  is_valid_timezone(text) to hourbook_app;

-- Keeps updated_at honest without every UPDATE having to remember it.
create function touch_updated_at() returns trigger
  language plpgsql
  as $$
begin
  new.updated_at := now();
  return new;
end
$$;

-- =============================================================================
-- companies: the tenants
--
-- Not a tenant-owned table (it has no company_id; its id *is* the tenant), but
-- still behind RLS: a member sees and edits only the company in context. Companies
-- are created by sign-up through the pre-tenant module, never by hourbook_app.
-- =============================================================================
create table companies (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(btrim(name)) between 1 and 200),
  slug text not null unique check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$'),
  timezone text not null default 'UTC' check (is_valid_timezone(timezone)),
  -- ISO day of week the company's timesheet week starts on: 1 = Monday … 7 = Sunday.
  week_start smallint not null default 1 check (week_start between 1 and 7),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create trigger companies_touch_updated_at before update on companies
  for each row execute function touch_updated_at();

alter table companies enable row level security;
alter table companies force row level security;
grant select, update (name, timezone, week_start) on companies to hourbook_app;

create policy companies_select on companies for select to hourbook_app
  using (id = app_company_id());
create policy companies_update on companies for update to hourbook_app
  using (id = app_company_id() and app_is_company_admin())
  with check (id = app_company_id());

-- =============================================================================
-- users: people, who may belong to several companies
--
-- Global rows (an accountant can work for many companies). A member sees themself
-- and the people of the company in context, and edits only their own profile.
-- Sign-in and password changes go through the pre-tenant module.
-- =============================================================================
create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null check (email = btrim(email) and email ~ '^[^@\s]+@[^@\s]+$' and length(email) <= 254),
  name text not null check (length(btrim(name)) between 1 and 200),
  -- Null until the person sets a password (demo users until sign-in exists, invitees).
  password_hash text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create unique index users_email_key on users (lower(email));

create trigger users_touch_updated_at before update on users
  for each row execute function touch_updated_at();

alter table users enable row level security;
alter table users force row level security;
grant select (id, email, name, created_at, updated_at), update (name) on users to hourbook_app;

-- =============================================================================
-- memberships: a person's role in a company
-- =============================================================================
create table memberships (
  company_id uuid not null references companies (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('owner', 'admin', 'manager', 'finance', 'employee')),
  status text not null default 'active' check (status in ('active', 'deactivated')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, user_id)
);

create index memberships_user_id_idx on memberships (user_id);

create trigger memberships_touch_updated_at before update on memberships
  for each row execute function touch_updated_at();

alter table memberships enable row level security;
alter table memberships force row level security;
grant select, insert, update (role, status), delete on memberships to hourbook_app;

create policy memberships_select on memberships for select to hourbook_app
  using (company_id = app_company_id());
create policy memberships_insert on memberships for insert to hourbook_app
  with check (company_id = app_company_id() and app_is_company_admin());
create policy memberships_update on memberships for update to hourbook_app
  using (company_id = app_company_id() and app_is_company_admin())
  with check (company_id = app_company_id());
create policy memberships_delete on memberships for delete to hourbook_app
  using (company_id = app_company_id() and app_is_company_admin());

-- The users policies read memberships, so they come after it.
create policy users_select on users for select to hourbook_app
  using (
    id = app_user_id()
    or exists (
      select 1 from memberships m
      where m.user_id = users.id and m.company_id = app_company_id()
    )
  );
create policy users_update on users for update to hourbook_app
  using (id = app_user_id())
  with check (id = app_user_id());

-- =============================================================================
-- projects: what time is logged against
--
-- Every member of the company sees its projects; only owners and admins change
-- them. Rates are integer minor units of the company's (later the client's)
-- currency, never floating point.
-- =============================================================================
create table projects (
  company_id uuid not null references companies (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(btrim(name)) between 1 and 200),
  client_name text check (client_name is null or length(btrim(client_name)) between 1 and 200),
  billable boolean not null default true,
  hourly_rate_minor integer check (hourly_rate_minor >= 0),
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id)
);

-- Two live projects of one company can't share a name; archived ones may.
create unique index projects_live_name_key on projects (company_id, lower(name))
  where archived_at is null;

create trigger projects_touch_updated_at before update on projects
  for each row execute function touch_updated_at();

alter table projects enable row level security;
alter table projects force row level security;
grant select, insert, update, delete on projects to hourbook_app;

create policy projects_select on projects for select to hourbook_app
  using (company_id = app_company_id());
create policy projects_insert on projects for insert to hourbook_app
  with check (company_id = app_company_id() and app_is_company_admin());
create policy projects_update on projects for update to hourbook_app
  using (company_id = app_company_id() and app_is_company_admin())
  with check (company_id = app_company_id());
create policy projects_delete on projects for delete to hourbook_app
  using (company_id = app_company_id() and app_is_company_admin());
