-- =============================================================================
-- Attachments in the development mailbox (issue 9: scheduled reports arrive with
-- their report attached). Kept inline as JSON ([{filename, contentType,
-- contentBase64}]): the mailbox is for development only and holds a few small
-- files, so a table of its own with bytea would buy nothing. Owner connection only,
-- as before; no grants.
-- =============================================================================
alter table dev_mailbox add column attachments jsonb not null default '[]'::jsonb
  check (jsonb_typeof(attachments) = 'array');
