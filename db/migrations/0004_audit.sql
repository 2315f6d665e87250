-- =============================================================================
-- audit_entries: who changed what, when and from where, for every company
--
-- Append-only and chained. hourbook_app may insert and read (for the company in
-- context, readers being owners, admins and finance); nobody may update, and only
-- the retention path below may delete. Each entry stores the hash of its content
-- together with the previous entry's hash, so an altered or removed row breaks the
-- chain (npm run audit:verify). seq numbers a company's entries without gaps.
--
-- No foreign key to companies: the log must outlive whatever it describes, and a
-- cascading delete would contradict append-only.
-- =============================================================================
create table audit_entries (
  company_id uuid not null,
  seq bigint not null,
  occurred_at timestamptz not null default now(),
  -- person: actor_id is a user id; api_key: an API key's id; system: a job's name.
  actor_kind text not null check (actor_kind in ('person', 'api_key', 'system')),
  actor_id text,
  -- A snapshot, so the log still reads right after a person renames or leaves.
  actor_name text,
  action text not null check (action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$' and length(action) <= 100),
  entity_type text not null check (entity_type ~ '^[a-z][a-z0-9_]*$'),
  entity_id text,
  -- { field: { "old": value, "new": value } }; secrets appear as "[redacted]".
  changes jsonb not null default '{}' check (jsonb_typeof(changes) = 'object'),
  ip text check (length(ip) <= 100),
  user_agent text check (length(user_agent) <= 500),
  request_id text check (length(request_id) <= 200),
  prev_hash text not null,
  hash text not null,
  primary key (company_id, seq)
);

create index audit_entries_time_idx on audit_entries (company_id, occurred_at);
create index audit_entries_action_idx on audit_entries (company_id, action, seq);
create index audit_entries_entity_idx on audit_entries (company_id, entity_type, entity_id, seq);
create index audit_entries_actor_idx on audit_entries (company_id, actor_id, seq);

alter table audit_entries enable row level security;
alter table audit_entries force row level security;
grant select, insert (company_id, action, entity_type, entity_id, changes) on audit_entries to hourbook_app;

create function app_can_read_audit() returns boolean
  language sql stable
  as $$ select coalesce(app_role() in ('owner', 'admin', 'finance'), false) $$;
grant execute on function app_can_read_audit() to hourbook_app;

create policy audit_entries_select on audit_entries for select to hourbook_app
  using (company_id = app_company_id() and app_can_read_audit());
-- Anyone acting in the company writes entries: an employee's own change is audited too.
create policy audit_entries_insert on audit_entries for insert to hourbook_app
  with check (company_id = app_company_id());

-- The canonical content an entry's hash covers. jsonb's text form is deterministic
-- (keys sorted), and the time is taken as epoch microseconds so the session's
-- TimeZone can't change the digest.
create function audit_entry_digest(e audit_entries) returns text
  language sql stable
  as $$
    select encode(sha256(convert_to(e.prev_hash || jsonb_build_array(
      e.company_id, e.seq, (extract(epoch from e.occurred_at) * 1000000)::bigint::text,
      e.actor_kind, e.actor_id, e.actor_name, e.action, e.entity_type, e.entity_id,
      e.changes, e.ip, e.user_agent, e.request_id
    )::text, 'UTF8')), 'hex')
  $$;

-- The hash a company's first entry points back to.
create function audit_genesis_hash() returns text
  language sql immutable
  as $$ select repeat('0', 64) $$;

-- =============================================================================
-- Stamping: who, from where, when, and the link in the chain
--
-- Every insert, whether from the row trigger below or an explicit one (a refused
-- permission), is stamped here from the transaction's settings (db/audit-context.ts
-- sets them next to the tenant context), so no caller can supply its own actor,
-- time or place in the chain.
--
-- Security definer because it must read the company's latest entry whatever the
-- acting role may read (an employee's change still extends the chain). The
-- transaction-scoped advisory lock serialises a company's writers: the second
-- waits until the first commits, then reads its entry as the head, so two
-- concurrent transactions never fork the chain. Companies don't wait on each other
-- (barring a hash collision of the lock key, which costs only a wait).
-- =============================================================================
create function audit_entries_stamp() returns trigger
  language plpgsql security definer
  set search_path = public, pg_temp
  as $$
declare
  head record;
begin
  perform pg_advisory_xact_lock(470080, hashtext(new.company_id::text));
  select seq, hash into head from audit_entries where company_id = new.company_id order by seq desc limit 1;

  new.actor_kind := coalesce(nullif(current_setting('app.actor_kind', true), ''),
                             case when app_user_id() is null then 'system' else 'person' end);
  new.actor_id := coalesce(nullif(current_setting('app.actor_id', true), ''), app_user_id()::text);
  new.actor_name := coalesce(
    nullif(current_setting('app.actor_name', true), ''),
    (select u.name from users u where new.actor_kind = 'person' and u.id::text = new.actor_id));
  new.ip := left(nullif(current_setting('app.client_ip', true), ''), 100);
  new.user_agent := left(nullif(current_setting('app.user_agent', true), ''), 500);
  new.request_id := left(nullif(current_setting('app.request_id', true), ''), 200);
  new.occurred_at := now();
  new.seq := coalesce(head.seq, 0) + 1;
  new.prev_hash := coalesce(head.hash, audit_genesis_hash());
  new.hash := audit_entry_digest(new);
  return new;
end
$$;

create trigger audit_entries_stamp before insert on audit_entries
  for each row execute function audit_entries_stamp();

-- Append-only, for every role including the owner connection. The one exception is
-- prune_audit_entries() below, which marks its own transaction for the company it
-- prunes; an UPDATE is never allowed.
create function audit_entries_refuse_change() returns trigger
  language plpgsql
  as $$
begin
  if tg_op = 'DELETE'
     and old.company_id = nullif(current_setting('app.audit_pruning', true), '')::uuid then
    return old;
  end if;
  raise exception 'audit entries are append-only (% refused)', tg_op
    using errcode = 'insufficient_privilege';
end
$$;

create trigger audit_entries_append_only before update or delete on audit_entries
  for each row execute function audit_entries_refuse_change();

create function audit_entries_refuse_truncate() returns trigger
  language plpgsql
  as $$
begin
  raise exception 'audit entries are append-only (TRUNCATE refused)' using errcode = 'insufficient_privilege';
end
$$;

create trigger audit_entries_no_truncate before truncate on audit_entries
  for each statement execute function audit_entries_refuse_truncate();

-- =============================================================================
-- Capture: one row trigger, attached to every table of company data
--
-- Reads the row before and after, keeps the fields that changed (without
-- bookkeeping columns, and with secrets redacted by name), and writes one entry.
-- The action is `<entity>.<create|update|delete>` unless the model named it
-- precisely in app.audit_action (member.role_change …). An UPDATE that changes
-- nothing worth recording (only updated_at or an ignored column) writes nothing.
--
-- Runs as the acting role, so the entry passes the same insert policy as any
-- other write: a transaction can only ever audit into its own company.
-- =============================================================================
create function audit_redact(field text, value jsonb) returns jsonb
  language sql immutable
  as $$
    select case when value is not null and value <> 'null'::jsonb
                 and field ~ '(password|token|secret|_hash$)' then '"[redacted]"'::jsonb
                else value end
  $$;

create function audit_row_change() returns trigger
  language plpgsql
  as $$
declare
  entity text := tg_argv[0];
  key_columns text[] := string_to_array(tg_argv[1], ',');
  company_column text := tg_argv[2];
  ignored text[] := array['created_at', 'updated_at'] || string_to_array(tg_argv[3], ',');
  old_row jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
  new_row jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
  subject jsonb := coalesce(new_row, old_row);
  changed jsonb := '{}';
  field text;
begin
  for field in select jsonb_object_keys(subject) loop
    continue when field = company_column or field = any(ignored);
    continue when tg_op = 'UPDATE' and (old_row -> field) is not distinct from (new_row -> field);
    changed := changed || jsonb_build_object(field, jsonb_build_object(
      'old', audit_redact(field, old_row -> field),
      'new', audit_redact(field, new_row -> field)));
  end loop;
  if tg_op = 'UPDATE' and changed = '{}' then
    return null;
  end if;
  insert into audit_entries (company_id, action, entity_type, entity_id, changes)
  values (
    (subject ->> company_column)::uuid,
    coalesce(nullif(current_setting('app.audit_action', true), ''),
             entity || '.' || case tg_op when 'INSERT' then 'create' when 'UPDATE' then 'update' else 'delete' end),
    entity,
    (select string_agg(subject ->> key, ':' order by ordinality) from unnest(key_columns) with ordinality as k(key, ordinality)),
    changed);
  return null;
end
$$;

-- One line per table, here and in every later migration that adds company data:
--   select audit_table('projects', 'project');
-- db/catalog.test.ts fails for a table with company_id that has no audit trigger.
create function audit_table(
  target regclass,
  entity text,
  key_columns text default 'id',
  company_column text default 'company_id',
  ignored text default ''
) returns void
  language plpgsql
  as $$
begin
  execute format(
    'create trigger audit_changes after insert or update or delete on %s
       for each row execute function audit_row_change(%L, %L, %L, %L)',
    target, entity, key_columns, company_column, ignored);
end
$$;

select audit_table('companies', 'company', 'id', 'id');
-- last_active_at is written as a member browses; it is activity, not a change.
select audit_table('memberships', 'member', 'user_id', 'company_id', 'last_active_at');
select audit_table('projects', 'project');
select audit_table('teams', 'team');
select audit_table('team_members', 'team_member', 'team_id,user_id');
select audit_table('invitations', 'invitation');
select audit_table('invitation_teams', 'invitation_team', 'invitation_id,team_id');
select audit_table('notification_preferences', 'notification_preference', 'user_id,kind');
-- Not audited, on purpose (db/catalog.test.ts names them): outbox rows are the
-- delivery of work whose cause is audited, and hold single-use links; notifications
-- are messages derived from audited events.

-- =============================================================================
-- Retention: how long a company keeps its audit entries (null: forever)
--
-- prune_audit_entries removes a company's entries older than the cutoff, as a
-- prefix of the chain, and first records that it did in an entry that names the
-- first kept entry and the hash it points back to. The verifier starts from there,
-- so the chain stays checkable, and removing more than the job did is still caught.
-- Called by the retention job on the owner connection; hourbook_app can't execute it.
-- =============================================================================
alter table companies add column audit_retention_days integer
  check (audit_retention_days is null or audit_retention_days between 30 and 3650);
grant update (audit_retention_days) on companies to hourbook_app;

create function prune_audit_entries(target uuid, cutoff timestamptz) returns bigint
  language plpgsql security definer
  set search_path = public, pg_temp
  as $$
declare
  last_removed record;
  first_seq bigint;
  removed bigint;
begin
  perform pg_advisory_xact_lock(470080, hashtext(target::text));
  select seq, hash into last_removed from audit_entries
   where company_id = target and occurred_at < cutoff order by seq desc limit 1;
  if last_removed.seq is null then
    return 0;
  end if;
  select min(seq) into first_seq from audit_entries where company_id = target;
  perform set_config('app.actor_kind', 'system', true);
  perform set_config('app.actor_id', 'audit-retention', true);
  perform set_config('app.actor_name', 'Audit retention', true);
  insert into audit_entries (company_id, action, entity_type, entity_id, changes)
  values (target, 'audit.prune', 'audit_log', null, jsonb_build_object(
    'kept_from_seq', jsonb_build_object('old', first_seq, 'new', last_removed.seq + 1),
    'kept_from_prev_hash', jsonb_build_object('old', null, 'new', last_removed.hash),
    'removed_before', jsonb_build_object('old', null, 'new', cutoff)));
  perform set_config('app.audit_pruning', target::text, true);
  delete from audit_entries where company_id = target and seq <= last_removed.seq;
  get diagnostics removed = row_count;
  perform set_config('app.audit_pruning', '', true);
  return removed;
end
$$;

revoke execute on function prune_audit_entries(uuid, timestamptz) from public;

-- =============================================================================
-- account_events: sign-ins, failed sign-ins and sign-outs
--
-- Account-level: a failed sign-in for an unknown address has no person and no
-- company, and one person's sign-ins are not any one company's business. Written
-- by the pre-tenant module on the owner connection; hourbook_app has no grant.
-- Append-only like the audit log.
-- =============================================================================
create table account_events (
  id uuid primary key default gen_random_uuid(),
  occurred_at timestamptz not null default now(),
  -- No foreign key: the record outlives the account.
  user_id uuid,
  email text check (length(email) <= 254),
  action text not null check (action in ('session.sign_in', 'session.sign_in_failed', 'session.sign_out')),
  ip text check (length(ip) <= 100),
  user_agent text check (length(user_agent) <= 500),
  request_id text check (length(request_id) <= 200)
);

create index account_events_user_idx on account_events (user_id, occurred_at desc);
create index account_events_email_idx on account_events (lower(email), occurred_at desc);

create function account_events_refuse_change() returns trigger
  language plpgsql
  as $$
begin
  raise exception 'account events are append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end
$$;

create trigger account_events_append_only before update or delete on account_events
  for each row execute function account_events_refuse_change();
