-- =============================================================================
-- two_factor_seeds: a person's TOTP authenticator (decision 044)
--
-- One per person. The seed is sealed with SECRETS_KEY (app/kernel/secrets.server.ts)
-- so a dump or backup alone cannot mint codes. A row with confirmed_at null is a
-- setup in progress: the person has seen the QR code but not yet typed a code from
-- it, and two-factor is not on until they do. last_used_step is the 30-second step
-- of the last code accepted, so no code is accepted twice, even within its window.
-- Account-level and pre-tenant like sessions: hourbook_app gets no grant.
-- =============================================================================
create table two_factor_seeds (
  user_id uuid primary key references users (id) on delete cascade,
  secret_sealed text not null,
  created_at timestamptz not null default now(),
  confirmed_at timestamptz,
  last_used_step bigint
);

-- =============================================================================
-- two_factor_recovery_codes: ten single-use codes for a lost authenticator
--
-- Stored as SHA-256: each code has 50 random bits and is used at most once, under
-- the second step's rate limit, so a slow hash would add nothing. Regenerating
-- replaces the whole set.
-- =============================================================================
create table two_factor_recovery_codes (
  user_id uuid not null references users (id) on delete cascade,
  code_hash text not null,
  created_at timestamptz not null default now(),
  used_at timestamptz,
  primary key (user_id, code_hash)
);

-- =============================================================================
-- sign_in_challenges: a password accepted, the second factor still to come
--
-- Between the two steps the browser holds this row's token (hashed here) in a
-- short-lived cookie, not a session: nothing is reachable until the code is right.
-- The row is deleted when the sign-in completes, so a challenge serves once.
-- =============================================================================
create table sign_in_challenges (
  token_hash text primary key,
  user_id uuid not null references users (id) on delete cascade,
  redirect_to text not null check (length(redirect_to) <= 2000),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);

create index sign_in_challenges_user_idx on sign_in_challenges (user_id);

-- =============================================================================
-- companies.require_two_factor: owners can require two-factor of every member
--
-- Members without it are sent to set it up before any company page, and their API
-- tokens answer 403 until they do. Owners only: admins manage the other settings,
-- but a security policy binding the owners themselves is the owners' to set.
-- =============================================================================
alter table companies add column require_two_factor boolean not null default false;
grant update (require_two_factor) on companies to hourbook_app;

insert into role_permissions (role, permission) values ('owner', 'company:manage-security');

create function companies_security_by_owners() returns trigger
  language plpgsql
  as $$
begin
  if new.require_two_factor is distinct from old.require_two_factor and not app_can('company:manage-security') then
    raise exception 'only owners may change whether two-factor authentication is required'
      using errcode = 'insufficient_privilege';
  end if;
  return new;
end
$$;

create trigger companies_security_by_owners before update of require_two_factor on companies
  for each row execute function companies_security_by_owners();

-- The one rule both doors ask (a session's membership lookup and an API token's):
-- whether this person must set up two-factor before using this company. A SQL
-- function the planner inlines, so each lookup stays one query.
create function two_factor_setup_due(company uuid, person uuid) returns boolean
  language sql stable
  as $$
    select coalesce((select require_two_factor from companies where id = company), false)
       and not exists (select 1 from two_factor_seeds s where s.user_id = person and s.confirmed_at is not null)
  $$;

revoke execute on function two_factor_setup_due(uuid, uuid) from public;
