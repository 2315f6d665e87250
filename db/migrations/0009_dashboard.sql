-- =============================================================================
-- The dashboard's weekly target: the hours a full-time week is expected to hold.
--
-- One figure per company, in minutes like every duration in the schema. 40 hours
-- is the common full-time week; companies with another norm change it in settings.
-- Per-person targets (part-time contracts) would override it later.
-- =============================================================================
alter table companies
  add column weekly_target_minutes integer not null default 2400
    check (weekly_target_minutes between 0 and 10080);
grant update (weekly_target_minutes) on companies to hourbook_app;
