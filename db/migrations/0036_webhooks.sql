-- =============================================================================
-- Outgoing webhooks (decision 049)
--
-- A company's endpoints, the events its changes produced, one delivery per event
-- and endpoint, and every attempt at it (the delivery log). Owners and admins
-- (webhook:manage) see and change all of it; any member's change may write an event,
-- as any member may write to the outbox, but only a manager of webhooks reads them.
-- The job that fans events out and delivers them acts as an admin of the company.
-- =============================================================================

insert into role_permissions (role, permission) values ('owner', 'webhook:manage'), ('admin', 'webhook:manage');

-- API tokens may be given webhooks:manage (app/kernel/api-tokens/scopes.ts).
alter table api_tokens drop constraint api_tokens_scopes_check;
alter table api_tokens add constraint api_tokens_scopes_check check (
  cardinality(scopes) > 0
  and scopes <@ array['company:read', 'members:read', 'members:write', 'teams:read', 'teams:write',
                      'projects:read', 'projects:write', 'time:read', 'time:write', 'timesheets:approve',
                      'reports:read', 'reports:write', 'invoices:read', 'invoices:write', 'audit:read',
                      'notifications:read', 'api-tokens:manage', 'webhooks:manage']::text[]);

-- -----------------------------------------------------------------------------
-- webhook_endpoints: where a company's events go. The signing secret is sealed
-- under SECRETS_KEY (app/kernel/secrets.server.ts); while a rotation's overlap lasts
-- the previous secret signs too, so receivers can switch at their own pace.
-- failing_since is the first failure since the last success: three days of it and
-- the endpoint is disabled. drained_until leases the endpoint to one deliverer, so
-- its deliveries go one at a time, in order.
-- -----------------------------------------------------------------------------
create table webhook_endpoints (
  company_id uuid not null references companies (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  url text not null check (length(url) between 8 and 2000 and url ~ '^https?://'),
  description text not null default '' check (length(description) <= 500),
  event_types text[] not null check (cardinality(event_types) between 1 and 100),
  secret_sealed text not null,
  previous_secret_sealed text,
  previous_secret_expires_at timestamptz,
  disabled_at timestamptz,
  disabled_reason text check (length(disabled_reason) <= 500),
  failing_since timestamptz,
  drained_until timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id)
);

alter table webhook_endpoints enable row level security;
alter table webhook_endpoints force row level security;
grant select, insert, update, delete on webhook_endpoints to hourbook_app;
create policy webhook_endpoints_manage on webhook_endpoints for all to hourbook_app
  using (company_id = app_company_id() and (select app_can('webhook:manage')))
  with check (company_id = app_company_id() and (select app_can('webhook:manage')));

-- The lease and the failure clock change with every delivery: activity, not changes.
select audit_table('webhook_endpoints', 'webhook_endpoint', 'id', 'company_id', 'drained_until,failing_since,updated_at,secret_sealed,previous_secret_sealed');

-- -----------------------------------------------------------------------------
-- webhook_events: what happened, as the API shows it, written in the transaction of
-- the change (jobs/webhook-events.ts). seq orders a company's events as they were
-- written; deliveries follow it per endpoint. Kept 30 days, like the log.
-- -----------------------------------------------------------------------------
create table webhook_events (
  company_id uuid not null references companies (id) on delete cascade,
  id uuid not null,
  seq bigint generated always as identity,
  type text not null check (type ~ '^[a-z_]+\.[a-z_]+$'),
  occurred_at timestamptz not null default now(),
  payload jsonb not null check (jsonb_typeof(payload) = 'object'),
  primary key (company_id, id)
);
create index webhook_events_age on webhook_events (occurred_at);

alter table webhook_events enable row level security;
alter table webhook_events force row level security;
grant select, insert, delete on webhook_events to hourbook_app;
create policy webhook_events_insert on webhook_events for insert to hourbook_app
  with check (company_id = app_company_id());
create policy webhook_events_select on webhook_events for select to hourbook_app
  using (company_id = app_company_id() and (select app_can('webhook:manage')));
create policy webhook_events_delete on webhook_events for delete to hourbook_app
  using (company_id = app_company_id() and (select app_can('webhook:manage')));

-- -----------------------------------------------------------------------------
-- webhook_deliveries: one event to one endpoint, until it is delivered or given up.
-- -----------------------------------------------------------------------------
create table webhook_deliveries (
  company_id uuid not null references companies (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  endpoint_id uuid not null,
  event_id uuid not null,
  event_seq bigint not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  primary key (company_id, id),
  unique (company_id, endpoint_id, event_id),
  foreign key (company_id, endpoint_id) references webhook_endpoints (company_id, id) on delete cascade,
  foreign key (company_id, event_id) references webhook_events (company_id, id) on delete cascade
);
create index webhook_deliveries_queue on webhook_deliveries (company_id, endpoint_id, event_seq) where status = 'pending';
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';

alter table webhook_deliveries enable row level security;
alter table webhook_deliveries force row level security;
grant select, insert, update, delete on webhook_deliveries to hourbook_app;
create policy webhook_deliveries_manage on webhook_deliveries for all to hourbook_app
  using (company_id = app_company_id() and (select app_can('webhook:manage')))
  with check (company_id = app_company_id() and (select app_can('webhook:manage')));

-- -----------------------------------------------------------------------------
-- webhook_attempts: the delivery log. What was sent is the event's payload and the
-- signed headers; what came back is the status and the first KB of the body.
-- -----------------------------------------------------------------------------
create table webhook_attempts (
  company_id uuid not null references companies (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  delivery_id uuid not null,
  attempt integer not null check (attempt >= 1),
  started_at timestamptz not null,
  duration_ms integer not null check (duration_ms >= 0),
  request_headers jsonb not null,
  response_status integer,
  response_body text check (length(response_body) <= 1024),
  error text check (length(error) <= 500),
  primary key (company_id, id),
  foreign key (company_id, delivery_id) references webhook_deliveries (company_id, id) on delete cascade
);
create index webhook_attempts_delivery on webhook_attempts (company_id, delivery_id, attempt);

alter table webhook_attempts enable row level security;
alter table webhook_attempts force row level security;
grant select, insert, delete on webhook_attempts to hourbook_app;
create policy webhook_attempts_manage on webhook_attempts for all to hourbook_app
  using (company_id = app_company_id() and (select app_can('webhook:manage')))
  with check (company_id = app_company_id() and (select app_can('webhook:manage')));
