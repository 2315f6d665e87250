-- =============================================================================
-- api_tokens: personal access tokens for the public API (decision 030)
--
-- A token belongs to one person in one company and acts as them there, narrowed by
-- its scopes (app/kernel/api-tokens/scopes.ts). Only the SHA-256 of the secret is
-- stored: a leaked table holds no usable token. The application role may write a
-- hash but never read one back (no select on token_hash): finding a token by its
-- secret happens before a company is known, on the owner connection, like a session
-- (app/kernel/accounts/api-token-lookup.server.ts).
--
-- A member sees and revokes their own tokens; holders of api-token:manage (owners,
-- admins) see and revoke every token of the company. Tokens are never deleted, only
-- revoked, so the audit log and "last used" keep naming them.
-- =============================================================================

create table api_tokens (
  company_id uuid not null references companies (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  name text not null check (length(btrim(name)) between 1 and 100),
  -- The scope list of scopes.ts; a test holds the two together.
  scopes text[] not null check (
    cardinality(scopes) > 0
    and scopes <@ array['company:read', 'members:read', 'members:write', 'teams:read', 'teams:write',
                        'projects:read', 'projects:write', 'time:read', 'time:write', 'timesheets:approve',
                        'reports:read', 'reports:write', 'invoices:read', 'invoices:write', 'audit:read',
                        'notifications:read', 'api-tokens:manage']::text[]),
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  -- The first characters of the token, so a person can tell theirs apart.
  display_prefix text not null check (length(display_prefix) between 8 and 20),
  created_at timestamptz not null default now(),
  expires_at timestamptz check (expires_at > created_at),
  last_used_at timestamptz,
  last_used_ip text check (length(last_used_ip) <= 100),
  revoked_at timestamptz,
  primary key (company_id, id),
  -- A token can only be made for a member of its company.
  foreign key (company_id, user_id) references memberships (company_id, user_id) on delete cascade
);
create index api_tokens_person on api_tokens (company_id, user_id);

alter table api_tokens enable row level security;
alter table api_tokens force row level security;
grant select (company_id, id, user_id, name, scopes, display_prefix, created_at, expires_at, last_used_at, last_used_ip, revoked_at),
      insert (company_id, user_id, name, scopes, token_hash, display_prefix, expires_at),
      update (revoked_at)
   on api_tokens to hourbook_app;

create policy api_tokens_select on api_tokens for select to hourbook_app
  using (company_id = app_company_id() and (user_id = app_user_id() or (select app_can('api-token:manage'))));
-- Nobody makes a token for someone else: it would act as that person.
create policy api_tokens_insert on api_tokens for insert to hourbook_app
  with check (company_id = app_company_id() and user_id = app_user_id());
create policy api_tokens_update on api_tokens for update to hourbook_app
  using (company_id = app_company_id() and (user_id = app_user_id() or (select app_can('api-token:manage'))))
  with check (company_id = app_company_id());

-- Last use is activity, not a change.
select audit_table('api_tokens', 'api_token', 'id', 'company_id', 'last_used_at,last_used_ip');

-- app/kernel/permissions.ts: api-token:manage for owners and admins. The first
-- permission whose subject has two words, which the name check didn't foresee.
alter table role_permissions drop constraint role_permissions_permission_check;
alter table role_permissions add constraint role_permissions_permission_check check (permission ~ '^[a-z]+(-[a-z]+)*:[a-z-]+$');
insert into role_permissions (role, permission) values ('owner', 'api-token:manage'), ('admin', 'api-token:manage');
