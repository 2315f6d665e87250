-- =============================================================================
-- api_idempotency_keys: the first answer to a POST sent with an Idempotency-Key
-- (docs/api.md, decision 032)
--
-- A client that didn't hear back retries with the same key and gets the first
-- answer again instead of a second change. Keys belong to the token that sent them,
-- for 24 hours. A row is claimed (no answer yet) before the change runs, so a second
-- request with the key finds it and waits for the answer rather than running the
-- change again; a refused or failed request deletes its claim, so it may be retried.
-- Only 2xx answers are kept. The hash covers method, path and body: the same key
-- with another request is refused. expire-idempotency-keys deletes expired rows
-- on the owner connection. Bookkeeping of audited changes, so not audited itself.
-- =============================================================================

create table api_idempotency_keys (
  company_id uuid not null references companies (id) on delete cascade,
  token_id uuid not null,
  key text not null check (length(key) between 1 and 255),
  request_hash text not null check (request_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '24 hours',
  -- Null while the first request is still running.
  status integer check (status between 200 and 299),
  headers jsonb,
  body text,
  primary key (company_id, token_id, key),
  foreign key (company_id, token_id) references api_tokens (company_id, id) on delete cascade,
  check ((status is null) = (headers is null))
);
create index api_idempotency_keys_expiry on api_idempotency_keys (expires_at);

alter table api_idempotency_keys enable row level security;
alter table api_idempotency_keys force row level security;
grant select, insert, delete, update (status, headers, body) on api_idempotency_keys to hourbook_app;

-- The door acts as the token's person; the token's own id is in every query.
create policy api_idempotency_keys_all on api_idempotency_keys for all to hourbook_app
  using (company_id = app_company_id())
  with check (company_id = app_company_id());

-- =============================================================================
-- api_tokens.expiry_warned_at: when the token's person was told it expires soon
--
-- warn-expiring-api-tokens sets it in the same transaction as the email's outbox
-- row, with "where expiry_warned_at is null", so repeated or concurrent runs send
-- one email per token. A bookkeeping column like last use, so not audited.
-- =============================================================================

alter table api_tokens add column expiry_warned_at timestamptz;
grant select (expiry_warned_at), update (expiry_warned_at) on api_tokens to hourbook_app;

drop trigger audit_changes on api_tokens;
select audit_table('api_tokens', 'api_token', 'id', 'company_id', 'last_used_at,last_used_ip,expiry_warned_at');
