-- =============================================================================
-- company_subscriptions.past_due_since: when the company's payment became overdue
--
-- A past_due company keeps working for BILLING_GRACE_DAYS, counted from this
-- moment, then becomes read-only (docs/decisions/017). Stripe's status says only
-- that a payment is overdue now, not since when, and each later event re-sends
-- past_due; so the first event that found the subscription overdue sets it (its
-- Stripe `created` time) and it is kept until a payment settles it. `unpaid`
-- (Stripe gave up retrying) continues the same overdue period.
-- =============================================================================
alter table company_subscriptions add column past_due_since timestamptz;

-- Rows already overdue before this column existed: the event that last set their
-- state is the earliest moment known; a later past_due event keeps it.
update company_subscriptions set past_due_since = coalesce(state_event_created, updated_at)
 where status in ('past_due', 'unpaid');
