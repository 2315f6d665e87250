-- =============================================================================
-- outbox: work that must follow a company's change (emails, later Stripe syncs
-- and exports), written in the same transaction as the change
--
-- hourbook_app may only insert, for the company in context: it never reads a row
-- back, because a payload can hold a single-use link (an invitation's token) that
-- no member should be able to see. The relay and the processors read the rows on
-- the owner connection (jobs/outbox-store.ts) and hand BullMQ only the row's id.
-- The app generates the id, so an insert needs no RETURNING (which would need SELECT).
-- =============================================================================
create table outbox (
  company_id uuid not null references companies (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  job text not null check (job ~ '^[a-z][a-z0-9-]{0,62}$'),
  payload jsonb not null,
  created_at timestamptz not null default now(),
  -- A relay's lease on the row while it enqueues; a relay that dies mid-way lets
  -- it lapse and another picks the row up again (BullMQ drops the duplicate by id).
  claimed_until timestamptz,
  enqueued_at timestamptz,
  -- Set by the processor once the work is done; the payload's sensitive part is removed then.
  processed_at timestamptz,
  primary key (company_id, id)
);

create index outbox_pending_idx on outbox (created_at) where enqueued_at is null;

alter table outbox enable row level security;
alter table outbox force row level security;
grant insert (company_id, id, job, payload) on outbox to hourbook_app;

create policy outbox_insert on outbox for insert to hourbook_app
  with check (company_id = app_company_id());

-- =============================================================================
-- account_outbox: the same, for work that happens before any company is known
-- (a password reset). Written by the pre-tenant module on the owner connection;
-- hourbook_app has no grant on it, so it needs no policies.
-- =============================================================================
create table account_outbox (
  id uuid primary key default gen_random_uuid(),
  job text not null check (job ~ '^[a-z][a-z0-9-]{0,62}$'),
  payload jsonb not null,
  created_at timestamptz not null default now(),
  claimed_until timestamptz,
  enqueued_at timestamptz,
  processed_at timestamptz
);

create index account_outbox_pending_idx on account_outbox (created_at) where enqueued_at is null;

-- =============================================================================
-- in_process_jobs: the job store of the in-process runner, used when REDIS_URL is
-- unset (jobs/runners/in-process.ts). Jobs live in the database the app already has,
-- so a restart loses none, and several web processes on one Postgres share the work
-- through `for update skip locked`. Owner connection only; no grants.
-- =============================================================================
create table in_process_jobs (
  -- The caller's job id (an outbox row's id, a schedule's slot): enqueueing an id
  -- that exists is a no-op, as in BullMQ.
  id text primary key,
  queue text not null,
  name text not null,
  data jsonb not null,
  status text not null default 'waiting' check (status in ('waiting', 'active', 'completed', 'failed')),
  attempts_made integer not null default 0,
  max_attempts integer not null check (max_attempts >= 1),
  backoff_ms integer not null check (backoff_ms >= 0),
  run_at timestamptz not null default now(),
  -- While active: when the job counts as abandoned (its process died) and runs again.
  locked_until timestamptz,
  failed_reason text,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);

create index in_process_jobs_due_idx on in_process_jobs (queue, run_at) where status in ('waiting', 'active');
create index in_process_jobs_finished_idx on in_process_jobs (status, finished_at) where status in ('completed', 'failed');

-- =============================================================================
-- dev_mailbox: where email goes when RESEND_API_KEY is unset, so a new user can
-- follow an invitation link without any email service (/dev/mailbox, 404 in
-- production). Owner connection only; no grants.
-- =============================================================================
create table dev_mailbox (
  -- The sending job's id: a retried job can't put the same message in twice.
  id text primary key,
  sender text not null,
  recipient text not null,
  subject text not null,
  html text not null,
  text text not null,
  sent_at timestamptz not null default now()
);

create index dev_mailbox_sent_at_idx on dev_mailbox (sent_at desc);

-- =============================================================================
-- notifications: what a member sees under the bell, per person and company
--
-- Any member may notify another member of the same company (an employee's
-- submission notifies the approvers), so inserts are keyed on the company only;
-- the foreign key to memberships keeps the recipient inside it. Reading, marking
-- read and dismissing are the recipient's alone. Links are in-app paths only, so a
-- notification can never point off-site.
-- =============================================================================
create table notifications (
  company_id uuid not null,
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  kind text not null check (kind ~ '^[a-z][a-z0-9-]{0,62}$'),
  title text not null check (length(btrim(title)) between 1 and 300),
  body text check (body is null or length(body) <= 4000),
  link text check (link is null or (link like '/%' and link not like '//%')),
  -- The facts behind the text (week, names, totals), for a richer rendering later.
  data jsonb not null default '{}',
  read_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (company_id, id),
  foreign key (company_id, user_id) references memberships (company_id, user_id) on delete cascade
);

create index notifications_recipient_idx on notifications (company_id, user_id, created_at desc, id desc);
create index notifications_unread_idx on notifications (company_id, user_id) where read_at is null;

alter table notifications enable row level security;
alter table notifications force row level security;
grant select, insert, update (read_at), delete on notifications to hourbook_app;

create policy notifications_select on notifications for select to hourbook_app
  using (company_id = app_company_id() and user_id = app_user_id());
create policy notifications_insert on notifications for insert to hourbook_app
  with check (company_id = app_company_id());
create policy notifications_update on notifications for update to hourbook_app
  using (company_id = app_company_id() and user_id = app_user_id())
  with check (company_id = app_company_id() and user_id = app_user_id());
create policy notifications_delete on notifications for delete to hourbook_app
  using (company_id = app_company_id() and user_id = app_user_id());

-- =============================================================================
-- notification_preferences: which kinds of notification also come by email
--
-- One row per person, company and kind the person changed; a missing row means the
-- default (email on). Readable by the whole company, because whoever triggers a
-- notification must know whether to email the recipient; changed only by its owner.
-- =============================================================================
create table notification_preferences (
  company_id uuid not null,
  user_id uuid not null,
  kind text not null check (kind ~ '^[a-z][a-z0-9-]{0,62}$'),
  email boolean not null,
  updated_at timestamptz not null default now(),
  primary key (company_id, user_id, kind),
  foreign key (company_id, user_id) references memberships (company_id, user_id) on delete cascade
);

create trigger notification_preferences_touch_updated_at before update on notification_preferences
  for each row execute function touch_updated_at();

alter table notification_preferences enable row level security;
alter table notification_preferences force row level security;
grant select, insert, update (email), delete on notification_preferences to hourbook_app;

create policy notification_preferences_select on notification_preferences for select to hourbook_app
  using (company_id = app_company_id());
create policy notification_preferences_insert on notification_preferences for insert to hourbook_app
  with check (company_id = app_company_id() and user_id = app_user_id());
create policy notification_preferences_update on notification_preferences for update to hourbook_app
  using (company_id = app_company_id() and user_id = app_user_id())
  with check (company_id = app_company_id() and user_id = app_user_id());
create policy notification_preferences_delete on notification_preferences for delete to hourbook_app
  using (company_id = app_company_id() and user_id = app_user_id());
