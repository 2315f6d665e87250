-- =============================================================================
-- notifications.data: the ids a link is built from, never the link (decision 029)
--
-- A notification's data is its email's props, and those held absolute links built
-- on APP_URL with the company's slug of that moment (reviewUrl, timesheetUrl,
-- approvalsUrl, projectUrl, downloadUrl, billingUrl). Now the props hold only ids
-- and values, and emails/links.ts builds every link from them when it is needed.
-- Existing rows get the same shape: each *Url key goes, and where the link named
-- something the other facts don't (the project of a budget alert, the export and
-- the page it is downloaded from), its id stays in its place. The week of the
-- timesheet links is already in weekStart; the billing and schedule pages need no id.
--
-- The link column is untouched: it is the in-app path, which stays what the bell
-- shows, and the previous release, which keeps serving during the rolling update
-- (fly.toml), reads only it. Rows that release writes during the update still carry
-- their *Url keys; nothing reads them, and a later migration repeating this statement
-- clears them.
--
-- The outbox is left alone on purpose: a worker of the previous release may still
-- send its rows during the update, and send-email reads rows queued with links
-- (emails/queued-with-links.ts).
-- =============================================================================
update notifications
   set data = (data - array['reviewUrl', 'timesheetUrl', 'approvalsUrl', 'projectUrl', 'downloadUrl', 'billingUrl'])
              || jsonb_strip_nulls(jsonb_build_object(
                   'projectId', substring(data->>'projectUrl' from '/projects/([^/?#]+)$'),
                   'exportId', substring(data->>'downloadUrl' from '/exports/([^/?#]+)/download$'),
                   'exportArea', substring(data->>'downloadUrl' from '/(audit|finance)/exports/[^/?#]+/download$')))
 where data ?| array['reviewUrl', 'timesheetUrl', 'approvalsUrl', 'projectUrl', 'downloadUrl', 'billingUrl'];
