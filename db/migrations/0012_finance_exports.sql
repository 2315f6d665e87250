-- =============================================================================
-- Finance exports share the audit exports' table and job (issue #8, decision 010)
--
-- A large finance export (invoices, invoice lines, approved time for a period) is
-- written by the same job, kept in the same storage, expired by the same sweep and
-- announced by the same notification as an audit export: one mechanism. What
-- differs is what the file holds, and who may see the request: the audit log's
-- exports stay with owners and admins, finance exports are for whoever handles
-- invoices (owners, admins, finance; app_handles_invoices, 0008).
-- =============================================================================
alter table audit_exports
  add column kind text not null default 'audit-log' check (kind in ('audit-log', 'invoices', 'invoice-lines', 'time'));
-- Finance exports are CSV only: XLSX is built in memory, for small files.
alter table audit_exports add check (kind = 'audit-log' or format = 'csv');

grant insert (kind) on audit_exports to hourbook_app;

create function app_may_export(kind text) returns boolean
  language sql stable
  as $$ select case when kind = 'audit-log' then app_is_company_admin() else app_handles_invoices() end $$;
grant execute on function app_may_export(text) to hourbook_app;

drop policy audit_exports_select on audit_exports;
drop policy audit_exports_insert on audit_exports;
drop policy audit_exports_update on audit_exports;
create policy audit_exports_select on audit_exports for select to hourbook_app
  using (company_id = app_company_id() and app_may_export(kind));
create policy audit_exports_insert on audit_exports for insert to hourbook_app
  with check (company_id = app_company_id() and app_may_export(kind) and requested_by = app_user_id());
create policy audit_exports_update on audit_exports for update to hourbook_app
  using (company_id = app_company_id() and app_may_export(kind))
  with check (company_id = app_company_id());
