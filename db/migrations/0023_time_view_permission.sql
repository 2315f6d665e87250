-- Reading time becomes its own permission, held by every role, so an API token can
-- be given the time:read scope to read time without time:write to change it
-- (app/kernel/api-tokens/scopes.ts). What each role sees of others' time is decided
-- as before: row-level security, the managed-teams filter and time:view-all.
insert into role_permissions (role, permission)
select role, 'time:view'
  from unnest(array['owner', 'admin', 'manager', 'finance', 'employee']) as role;
