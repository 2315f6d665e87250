-- =============================================================================
-- company_subscriptions: a company's plan and its Stripe subscription, as the
-- last applied Stripe event left them (docs/decisions/013)
--
-- No row means the company never went through Checkout: it is on the configured
-- default plan while billing isn't configured, and on the free plan once it is
-- (app/kernel/company/plans.ts decides). Written by the apply-stripe-event job, acting
-- for the company as a system actor with the admin role, and by an owner or admin
-- starting Checkout (the Stripe customer id). Every member may read it: the plan
-- decides what the whole company can use, and nothing here is a secret.
-- =============================================================================
create table company_subscriptions (
  company_id uuid not null references companies (id) on delete cascade,
  plan text not null check (plan in ('free', 'team', 'business')),
  -- Stripe's subscription statuses, as they are; 'none' before any subscription exists.
  status text not null default 'none' check (status in (
    'none', 'incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused')),
  seats integer not null default 0 check (seats >= 0),
  current_period_start timestamptz,
  current_period_end timestamptz,
  cancel_at_period_end boolean not null default false,
  stripe_customer_id text unique check (stripe_customer_id ~ '^cus_[A-Za-z0-9]+$'),
  stripe_subscription_id text check (stripe_subscription_id ~ '^sub_[A-Za-z0-9]+$'),
  stripe_price_id text,
  -- The `created` time of the Stripe event that last set the subscription's state:
  -- an event older than this is stale and changes nothing (events arrive out of order).
  state_event_created timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id)
);

create trigger company_subscriptions_touch_updated_at before update on company_subscriptions
  for each row execute function touch_updated_at();

alter table company_subscriptions enable row level security;
alter table company_subscriptions force row level security;
grant select, insert, update on company_subscriptions to hourbook_app;

create policy company_subscriptions_select on company_subscriptions for select to hourbook_app
  using (company_id = app_company_id());
create policy company_subscriptions_insert on company_subscriptions for insert to hourbook_app
  with check (company_id = app_company_id() and app_is_company_admin());
create policy company_subscriptions_update on company_subscriptions for update to hourbook_app
  using (company_id = app_company_id() and app_is_company_admin())
  with check (company_id = app_company_id());

-- Operators need the Stripe ids in the log as much as the plan: who changed what, when.
select audit_table('company_subscriptions', 'subscription', 'company_id');

-- =============================================================================
-- stripe_events: every verified Stripe webhook event, once, by its id
--
-- Global, not tenant-owned: an event arrives before anyone knows its company, and
-- some never have one (another product's customer on the same Stripe account).
-- The payload is Stripe's, with customers' emails and addresses, and no member
-- needs it raw; what a company may see is what the job applied to its
-- subscription and recorded in its audit log. Written by the webhook through the
-- pre-tenant module (app/billing/stripe-events.server.ts) on the owner connection,
-- read and marked by the job there too; hourbook_app has no grant on it.
-- =============================================================================
create table stripe_events (
  id text primary key check (id ~ '^evt_[A-Za-z0-9_]+$'),
  type text not null check (length(type) between 1 and 200),
  -- Stripe's `created` for the event (seconds): the order in which states are applied.
  created timestamptz not null,
  livemode boolean not null,
  payload jsonb not null,
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  -- What processing concluded when it changed nothing (ignored type, stale, unknown customer).
  note text,
  -- The last failed attempt's error; cleared when an attempt succeeds.
  error text,
  attempts integer not null default 0
);

create index stripe_events_unprocessed_idx on stripe_events (received_at) where processed_at is null;
