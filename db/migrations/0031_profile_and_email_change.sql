-- =============================================================================
-- A person's own timezone and locale
--
-- Null means "as the company": the company's timezone in each company, and the
-- browser's language for the locale (a company has no locale of its own). The
-- person sets them on /account through the pre-tenant module; hourbook_app may read
-- them, as it reads the rest of a person's profile, so pages can format with them.
-- =============================================================================
alter table users
  add column timezone text check (timezone is null or is_valid_timezone(timezone)),
  -- A BCP 47 tag as browsers send it (en, de-CH, zh-Hant-TW); Intl decides the rest.
  add column locale text check (locale is null or locale ~ '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$');

grant select (timezone, locale) on users to hourbook_app;

-- =============================================================================
-- email_changes: a new address waiting for its owner to confirm it
--
-- The address on an account is where password resets and security notices go, so
-- it changes only once a link sent to the new address is opened; the old address is
-- told afterwards. The link's token is kept as its SHA-256, like password_resets:
-- a copy of the database holds no usable link. Account-level and written only by the
-- pre-tenant module on the owner connection; hourbook_app gets no grant.
-- =============================================================================
create table email_changes (
  token_hash text primary key,
  user_id uuid not null references users (id) on delete cascade,
  new_email text not null check (new_email = btrim(new_email) and new_email ~ '^[^@\s]+@[^@\s]+$' and length(new_email) <= 254),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);

-- Asking again, or confirming one, voids the person's other open requests.
create index email_changes_user_idx on email_changes (user_id) where used_at is null;

-- =============================================================================
-- account_events: every change to how a person signs in is recorded too
-- =============================================================================
alter table account_events drop constraint account_events_action_check;
alter table account_events add constraint account_events_action_check check (action in (
  'session.sign_in', 'session.sign_in_failed', 'session.sign_out',
  'session.second_factor_failed',
  'password.changed', 'password.reset',
  'email.change_requested', 'email.changed',
  'two_factor.enabled', 'two_factor.disabled', 'two_factor.recovery_codes_regenerated', 'two_factor.recovery_code_used'));
