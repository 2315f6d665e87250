-- =============================================================================
-- signup_requests: sign-ups waiting for their email to be confirmed (decision 024)
--
-- The sign-up form answered "an account with this email exists already", telling
-- anyone which addresses have an account. Now it answers "check your email" for
-- every address and creates nothing: a new address gets a confirmation link, and
-- the person, company and owner membership are created only when it is opened.
-- This row holds what the form said until then. The password is kept as its scrypt
-- hash, computed when the form was sent (so both answers cost the same time); the
-- link's token as its SHA-256, like password_resets: a copy of the database holds
-- no usable link and no password.
--
-- Account-level, like password_resets (0002): no company exists yet. Read and
-- written only by the pre-tenant module (app/kernel/accounts/accounts.server.ts) on the
-- owner connection; hourbook_app gets no grant, so it needs no policies.
-- =============================================================================
create table signup_requests (
  token_hash text primary key,
  email text not null check (email = btrim(email) and email ~ '^[^@\s]+@[^@\s]+$' and length(email) <= 254),
  name text not null check (length(btrim(name)) between 1 and 200),
  company_name text not null check (length(btrim(company_name)) between 1 and 200),
  password_hash text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);

-- Confirming one request voids the address's other open ones.
create index signup_requests_email_idx on signup_requests (lower(email)) where used_at is null;
