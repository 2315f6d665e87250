-- =============================================================================
-- Invoices to clients from approved billable time (docs/decisions/014)
--
-- What must hold whatever code writes, so it lives here and not only in the models:
--   * money is integer minor units; each line's amount and tax follow the one
--     rounding rule (per line, half away from zero), checked on every line;
--   * issuing assigns the next number of the company's series from a counter row
--     updated in the issuing transaction: gapless and unique under concurrency;
--   * an issued invoice, its lines and its entries never change, except the status
--     moves issued → paid and issued → void — for every role, raw SQL included;
--   * a time entry is on at most one issued invoice; while it is, it can't change
--     and its week can't be reopened. Voiding releases it.
-- Refusals use SQLSTATE 55000 (object not in prerequisite state) and 23514 (check
-- violation), like migration 0006, so models turn a lost race into a message.
-- =============================================================================

-- Who handles invoices: owners, admins and finance. Managers and employees see none.
create function app_handles_invoices() returns boolean
  language sql stable
  as $$ select coalesce(app_role() in ('owner', 'admin', 'finance'), false) $$;
grant execute on function app_handles_invoices() to hourbook_app;

-- What an invoice says about the client beyond its name.
alter table clients
  add column billing_address text check (billing_address is null or length(billing_address) <= 1000),
  add column tax_id text check (tax_id is null or length(btrim(tax_id)) between 1 and 50);

-- =============================================================================
-- invoice_settings: the company as the seller, and how its invoices are numbered
--
-- No row means the defaults below. The number is always prefix, the year when
-- numbering restarts yearly, and the counter zero-padded to a width: there is no
-- format without the counter.
-- =============================================================================
create table invoice_settings (
  company_id uuid not null references companies (id) on delete cascade,
  legal_name text check (legal_name is null or length(btrim(legal_name)) between 1 and 200),
  address text check (address is null or length(address) <= 1000),
  tax_id text check (tax_id is null or length(btrim(tax_id)) between 1 and 50),
  -- Basis points: 1900 = 19 %.
  default_tax_rate_bp integer not null default 0 check (default_tax_rate_bp between 0 and 10000),
  payment_terms_days integer not null default 30 check (payment_terms_days between 0 and 365),
  number_prefix text not null default 'INV-' check (number_prefix ~ '^[A-Za-z0-9._/#-]{0,20}$'),
  number_yearly_reset boolean not null default true,
  number_padding smallint not null default 4 check (number_padding between 1 and 10),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id)
);

create trigger invoice_settings_touch_updated_at before update on invoice_settings
  for each row execute function touch_updated_at();

alter table invoice_settings enable row level security;
alter table invoice_settings force row level security;
grant select, insert,
  update (legal_name, address, tax_id, default_tax_rate_bp, payment_terms_days, number_prefix, number_yearly_reset, number_padding)
  on invoice_settings to hourbook_app;

create policy invoice_settings_select on invoice_settings for select to hourbook_app
  using (company_id = app_company_id() and app_handles_invoices());
create policy invoice_settings_insert on invoice_settings for insert to hourbook_app
  with check (company_id = app_company_id() and app_handles_invoices());
create policy invoice_settings_update on invoice_settings for update to hourbook_app
  using (company_id = app_company_id() and app_handles_invoices())
  with check (company_id = app_company_id());

-- =============================================================================
-- invoice_number_series: the last number issued in each of a company's series
--
-- A series is the year ('2026') when numbering restarts yearly, else 'all'. The
-- issuing transaction upserts the row (insert … on conflict do update set
-- last_number = last_number + 1), which holds the row lock until commit: concurrent
-- issuers queue, and a rolled-back issue gives its number back. Never COUNT or MAX.
-- =============================================================================
create table invoice_number_series (
  company_id uuid not null references companies (id) on delete cascade,
  series text not null check (series ~ '^(all|[0-9]{4})$'),
  last_number integer not null check (last_number >= 1),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, series)
);

create trigger invoice_number_series_touch_updated_at before update on invoice_number_series
  for each row execute function touch_updated_at();

-- A series starts at 1 and moves one step at a time: no way to skip or reuse a number.
create function invoice_number_series_guard() returns trigger
  language plpgsql
  as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'an invoice number series is never removed' using errcode = '55000';
  end if;
  if tg_op = 'INSERT' and new.last_number <> 1 then
    raise exception 'an invoice number series starts at 1' using errcode = '23514';
  end if;
  if tg_op = 'UPDATE' and (new.series <> old.series or new.last_number <> old.last_number + 1) then
    raise exception 'an invoice number series only counts up by one' using errcode = '23514';
  end if;
  return new;
end
$$;

create trigger invoice_number_series_guard before insert or update or delete on invoice_number_series
  for each row execute function invoice_number_series_guard();

alter table invoice_number_series enable row level security;
alter table invoice_number_series force row level security;
grant select, insert, update (last_number) on invoice_number_series to hourbook_app;

create policy invoice_number_series_select on invoice_number_series for select to hourbook_app
  using (company_id = app_company_id() and app_handles_invoices());
create policy invoice_number_series_insert on invoice_number_series for insert to hourbook_app
  with check (company_id = app_company_id() and app_handles_invoices());
create policy invoice_number_series_update on invoice_number_series for update to hourbook_app
  using (company_id = app_company_id() and app_handles_invoices())
  with check (company_id = app_company_id());

-- =============================================================================
-- invoices: an invoice or a credit note to a client, draft until issued
--
--   draft ──issue──▶ issued ──▶ paid
--                       └─────▶ void (releases its time entries)
--
-- Number, dates, totals and the seller's and client's details are written when it
-- is issued (the details as they were then: later edits to settings or the client
-- don't rewrite an invoice the client already has). Amounts are minor units of
-- `currency`; a credit note's are negative, so sums over both give net revenue.
-- =============================================================================
create table invoices (
  company_id uuid not null,
  id uuid not null default gen_random_uuid(),
  client_id uuid not null,
  kind text not null default 'invoice' check (kind in ('invoice', 'credit_note')),
  -- The invoice a credit note corrects.
  corrects_id uuid,
  status text not null default 'draft' check (status in ('draft', 'issued', 'paid', 'void')),
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  period_from date,
  period_to date,
  notes text check (notes is null or length(notes) <= 4000),
  number text,
  number_series text,
  number_seq integer,
  issued_on date,
  due_on date,
  paid_on date,
  voided_at timestamptz,
  seller jsonb,
  buyer jsonb,
  subtotal_minor bigint,
  tax_minor bigint,
  total_minor bigint,
  created_by uuid default app_user_id(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id),
  foreign key (company_id, client_id) references clients (company_id, id),
  foreign key (company_id, corrects_id) references invoices (company_id, id),
  unique (company_id, number_series, number_seq),
  unique (company_id, number),
  check ((kind = 'credit_note') = (corrects_id is not null)),
  check (kind = 'credit_note' or (period_from is not null and period_to is not null and period_to >= period_from)),
  -- Everything issuing writes is there exactly when the invoice is no longer a draft.
  check ((status = 'draft') = (number is null)
         and (status = 'draft') = (number_series is null)
         and (status = 'draft') = (number_seq is null)
         and (status = 'draft') = (issued_on is null)
         and (status = 'draft') = (due_on is null)
         and (status = 'draft') = (seller is null)
         and (status = 'draft') = (buyer is null)
         and (status = 'draft') = (subtotal_minor is null)
         and (status = 'draft') = (tax_minor is null)
         and (status = 'draft') = (total_minor is null)),
  check (due_on >= issued_on),
  check ((status = 'paid') = (paid_on is not null)),
  check ((status = 'void') = (voided_at is not null)),
  check (total_minor = subtotal_minor + tax_minor),
  check (case kind when 'invoice' then subtotal_minor >= 0 else subtotal_minor <= 0 end)
);

create index invoices_client_idx on invoices (company_id, client_id, issued_on);
create index invoices_issued_idx on invoices (company_id, issued_on) where status <> 'draft';
create index invoices_corrects_idx on invoices (company_id, corrects_id) where corrects_id is not null;

create trigger invoices_touch_updated_at before update on invoices
  for each row execute function touch_updated_at();

alter table invoices enable row level security;
alter table invoices force row level security;
-- The number, series, seller and buyer are written by the issuing trigger only.
grant select, insert, delete,
  update (notes, period_from, period_to, status, issued_on, due_on, paid_on, subtotal_minor, tax_minor, total_minor)
  on invoices to hourbook_app;

create policy invoices_select on invoices for select to hourbook_app
  using (company_id = app_company_id() and app_handles_invoices());
create policy invoices_insert on invoices for insert to hourbook_app
  with check (company_id = app_company_id() and app_handles_invoices());
create policy invoices_update on invoices for update to hourbook_app
  using (company_id = app_company_id() and app_handles_invoices())
  with check (company_id = app_company_id());
create policy invoices_delete on invoices for delete to hourbook_app
  using (company_id = app_company_id() and app_handles_invoices());

-- =============================================================================
-- invoice_lines: what an invoice charges
--
-- quantity: minutes for time lines, whole units for manual and discount lines.
-- The CHECKs below are the rounding rule of app/invoices/money.ts, so a line whose
-- figures don't follow it can't be stored by any code path (Postgres's numeric
-- round() rounds half away from zero).
-- =============================================================================
create table invoice_lines (
  company_id uuid not null,
  id uuid not null default gen_random_uuid(),
  invoice_id uuid not null,
  position integer not null check (position >= 0),
  kind text not null check (kind in ('time', 'manual', 'discount')),
  description text not null check (length(btrim(description)) between 1 and 500),
  quantity integer not null check (quantity <> 0),
  unit_price_minor bigint not null,
  amount_minor bigint not null,
  tax_rate_bp integer not null check (tax_rate_bp between 0 and 10000),
  tax_minor bigint not null,
  -- A time line's grouping key: project and task, or person.
  project_id uuid,
  task_id uuid,
  user_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id),
  unique (company_id, invoice_id, id),
  foreign key (company_id, invoice_id) references invoices (company_id, id) on delete cascade,
  foreign key (company_id, project_id) references projects (company_id, id),
  foreign key (company_id, project_id, task_id) references tasks (company_id, project_id, id),
  foreign key (company_id, user_id) references memberships (company_id, user_id),
  check (kind = 'time' or (project_id is null and task_id is null and user_id is null)),
  check (kind <> 'time' or unit_price_minor >= 0),
  check (amount_minor = case kind
                          when 'time' then round(quantity::numeric * unit_price_minor / 60)
                          else quantity::numeric * unit_price_minor
                        end),
  check (tax_minor = round(amount_minor::numeric * tax_rate_bp / 10000))
);

create index invoice_lines_invoice_idx on invoice_lines (company_id, invoice_id, position);

create trigger invoice_lines_touch_updated_at before update on invoice_lines
  for each row execute function touch_updated_at();

alter table invoice_lines enable row level security;
alter table invoice_lines force row level security;
grant select, insert, delete,
  update (position, description, quantity, unit_price_minor, amount_minor, tax_rate_bp, tax_minor)
  on invoice_lines to hourbook_app;

create policy invoice_lines_select on invoice_lines for select to hourbook_app
  using (company_id = app_company_id() and app_handles_invoices());
create policy invoice_lines_insert on invoice_lines for insert to hourbook_app
  with check (company_id = app_company_id() and app_handles_invoices());
create policy invoice_lines_update on invoice_lines for update to hourbook_app
  using (company_id = app_company_id() and app_handles_invoices())
  with check (company_id = app_company_id());
create policy invoice_lines_delete on invoice_lines for delete to hourbook_app
  using (company_id = app_company_id() and app_handles_invoices());

-- =============================================================================
-- invoice_entries: the time entries behind an invoice's time lines
--
-- A draft lists the entries it was built from (several drafts may list the same
-- entry); issuing marks its rows billed and voiding unmarks them, both from the
-- invoice's trigger. The partial unique index is what keeps an entry off two
-- issued invoices, even for two issues racing. Rows stay after a void, so a voided
-- invoice still shows what it billed.
-- =============================================================================
create table invoice_entries (
  company_id uuid not null,
  invoice_id uuid not null,
  entry_id uuid not null,
  line_id uuid not null,
  billed boolean not null default false,
  created_at timestamptz not null default now(),
  primary key (company_id, invoice_id, entry_id),
  foreign key (company_id, invoice_id) references invoices (company_id, id) on delete cascade,
  foreign key (company_id, invoice_id, line_id) references invoice_lines (company_id, invoice_id, id) on delete cascade,
  -- Only a draft's rows can go with their entry: a billed entry can't be deleted.
  foreign key (company_id, entry_id) references time_entries (company_id, id) on delete cascade
);

create unique index invoice_entries_billed_key on invoice_entries (company_id, entry_id) where billed;
create index invoice_entries_line_idx on invoice_entries (company_id, invoice_id, line_id);

alter table invoice_entries enable row level security;
alter table invoice_entries force row level security;
grant select, insert, delete, update (billed) on invoice_entries to hourbook_app;

create policy invoice_entries_select on invoice_entries for select to hourbook_app
  using (company_id = app_company_id() and app_handles_invoices());
create policy invoice_entries_insert on invoice_entries for insert to hourbook_app
  with check (company_id = app_company_id() and app_handles_invoices());
create policy invoice_entries_update on invoice_entries for update to hourbook_app
  using (company_id = app_company_id() and app_handles_invoices())
  with check (company_id = app_company_id());
create policy invoice_entries_delete on invoice_entries for delete to hourbook_app
  using (company_id = app_company_id() and app_handles_invoices());

-- =============================================================================
-- The invoice's status machine, numbering and immutability
-- =============================================================================

-- The status of the invoice a line or entry row belongs to, locked against a
-- concurrent issue: a line added while another transaction issues the invoice
-- waits for it and then sees 'issued'. Null when the invoice is gone (a cascade
-- from deleting a draft) or hidden by RLS (whose policies then refuse the write).
create function invoice_status_for_write(company uuid, invoice uuid) returns text
  language sql volatile
  as $$ select status from invoices where company_id = company and id = invoice for share $$;

create function invoices_guard() returns trigger
  language plpgsql
  as $$
declare
  corrected invoices;
begin
  if tg_op = 'INSERT' then
    if new.status <> 'draft' then
      raise exception 'an invoice starts as a draft' using errcode = '55000';
    end if;
    if new.kind = 'credit_note' then
      select * into corrected from invoices where company_id = new.company_id and id = new.corrects_id;
      if not found or corrected.kind <> 'invoice' or corrected.status not in ('issued', 'paid')
         or corrected.client_id <> new.client_id or corrected.currency <> new.currency then
        raise exception 'a credit note corrects an issued invoice of the same client and currency' using errcode = '55000';
      end if;
    end if;
    return new;
  end if;

  if tg_op = 'DELETE' then
    if old.status <> 'draft' then
      raise exception 'invoice % is %: it is voided, never deleted', old.number, old.status using errcode = '55000';
    end if;
    return old;
  end if;

  if old.status = 'draft' then
    if new.kind <> old.kind or new.corrects_id is distinct from old.corrects_id or new.client_id <> old.client_id
       or new.currency <> old.currency then
      raise exception 'a draft keeps its kind, client and currency' using errcode = '55000';
    end if;
    if new.status = 'draft' then
      return new;
    end if;
    if new.status <> 'issued' then
      raise exception 'a draft is issued before it is %', new.status using errcode = '55000';
    end if;
    return issue_invoice_row(new);
  end if;

  -- Issued, paid or void: only the two status moves, and nothing else with them.
  if (to_jsonb(new) - array['status', 'paid_on', 'voided_at', 'updated_at'])
     is distinct from (to_jsonb(old) - array['status', 'paid_on', 'voided_at', 'updated_at']) then
    raise exception 'invoice % is % and can''t change', old.number, old.status using errcode = '55000';
  end if;
  if old.status = 'issued' and new.status = 'paid' then
    new.paid_on := coalesce(new.paid_on, current_date);
    if new.paid_on < old.issued_on then
      raise exception 'invoice % can''t be paid before it was issued', old.number using errcode = '23514';
    end if;
    return new;
  end if;
  if old.status = 'issued' and new.status = 'void' and new.paid_on is null then
    if exists (select 1 from invoices cn where cn.company_id = old.company_id and cn.corrects_id = old.id and cn.status <> 'void') then
      raise exception 'invoice % has credit notes: void them first', old.number using errcode = '55000';
    end if;
    new.voided_at := now();
    return new;
  end if;
  raise exception 'invoice % is % and can''t change', old.number, old.status using errcode = '55000';
end
$$;

-- draft → issued: the number from the series counter, dates, and the seller's and
-- client's details, after checking that the totals are the sum of the lines and
-- that every time entry behind it is still approved at the rate its line charges.
create function issue_invoice_row(draft invoices) returns invoices
  language plpgsql
  as $$
declare
  settings invoice_settings;
  client clients;
  corrected invoices;
  series_key text;
  seq integer;
  sums record;
begin
  select * into settings from invoice_settings where company_id = draft.company_id;
  if settings.legal_name is null then
    raise exception 'the company''s invoice details need a legal name before an invoice is issued' using errcode = '55000';
  end if;
  if not exists (select 1 from invoice_lines where company_id = draft.company_id and invoice_id = draft.id) then
    raise exception 'an invoice without lines can''t be issued' using errcode = '55000';
  end if;
  select coalesce(sum(amount_minor), 0)::bigint as subtotal, coalesce(sum(tax_minor), 0)::bigint as tax into sums
    from invoice_lines where company_id = draft.company_id and invoice_id = draft.id;
  if (draft.subtotal_minor, draft.tax_minor) is distinct from (sums.subtotal, sums.tax) then
    raise exception 'the totals written at issue are not the sum of the lines' using errcode = '23514';
  end if;
  if exists (
    select 1
      from invoice_lines l
      join invoice_entries ie on ie.company_id = l.company_id and ie.invoice_id = l.invoice_id and ie.line_id = l.id
      join time_entries e on e.company_id = ie.company_id and e.id = ie.entry_id
     where l.company_id = draft.company_id and l.invoice_id = draft.id
     group by l.id, l.quantity, l.unit_price_minor
    having bool_or(e.frozen_at is null or e.rate_minor is distinct from l.unit_price_minor
                   or e.currency is distinct from draft.currency or not e.billable)
           or sum(e.minutes) <> l.quantity) then
    raise exception 'time on this draft changed since it was made' using errcode = '55000';
  end if;
  if draft.kind = 'credit_note' then
    select * into corrected from invoices where company_id = draft.company_id and id = draft.corrects_id for update;
    if corrected.status not in ('issued', 'paid') then
      raise exception 'invoice % is % and can''t be credited', corrected.number, corrected.status using errcode = '55000';
    end if;
  end if;

  draft.issued_on := coalesce(draft.issued_on, current_date);
  draft.due_on := coalesce(draft.due_on, draft.issued_on + settings.payment_terms_days);
  series_key := case when settings.number_yearly_reset then to_char(draft.issued_on, 'YYYY') else 'all' end;
  insert into invoice_number_series as s (company_id, series, last_number)
  values (draft.company_id, series_key, 1)
  on conflict (company_id, series) do update set last_number = s.last_number + 1
  returning last_number into seq;
  draft.number_series := series_key;
  draft.number_seq := seq;
  -- lpad cuts a longer string to the width: a counter past the padding keeps its digits.
  draft.number := settings.number_prefix
                || case when settings.number_yearly_reset then series_key || '-' else '' end
                || lpad(seq::text, greatest(settings.number_padding, length(seq::text)), '0');

  select * into client from clients where company_id = draft.company_id and id = draft.client_id;
  draft.seller := jsonb_build_object('legal_name', settings.legal_name, 'address', settings.address, 'tax_id', settings.tax_id);
  draft.buyer := jsonb_build_object('name', client.name, 'contact_name', client.contact_name,
                                  'contact_email', client.contact_email, 'address', client.billing_address,
                                  'tax_id', client.tax_id);
  return draft;
end
$$;

create trigger invoices_guard before insert or update or delete on invoices
  for each row execute function invoices_guard();

-- Issuing marks the invoice's entries billed (the unique index refuses an entry
-- already billed by another issued invoice); voiding releases them.
create function invoices_bill_entries() returns trigger
  language plpgsql
  as $$
begin
  if old.status = 'draft' and new.status = 'issued' then
    update invoice_entries set billed = true where company_id = new.company_id and invoice_id = new.id;
  elsif new.status = 'void' and old.status <> 'void' then
    update invoice_entries set billed = false where company_id = new.company_id and invoice_id = new.id;
  end if;
  return null;
end
$$;

create trigger invoices_bill_entries after update of status on invoices
  for each row execute function invoices_bill_entries();

-- Lines change only with their draft.
create function invoice_lines_guard() returns trigger
  language plpgsql
  as $$
declare
  row_invoice uuid := case when tg_op = 'DELETE' then old.invoice_id else new.invoice_id end;
  row_company uuid := case when tg_op = 'DELETE' then old.company_id else new.company_id end;
  status text := invoice_status_for_write(row_company, row_invoice);
begin
  if tg_op = 'UPDATE' and (new.invoice_id, new.company_id) is distinct from (old.invoice_id, old.company_id) then
    raise exception 'a line stays on its invoice' using errcode = '55000';
  end if;
  if status <> 'draft' then
    raise exception 'the invoice is % and its lines can''t change', status using errcode = '55000';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end
$$;

create trigger invoice_lines_guard before insert or update or delete on invoice_lines
  for each row execute function invoice_lines_guard();

-- A draft's entry rows come and go with the draft; the billed flag follows the
-- invoice's status (set by invoices_bill_entries) and nothing else changes.
create function invoice_entries_guard() returns trigger
  language plpgsql
  as $$
declare
  row_invoice uuid := case when tg_op = 'DELETE' then old.invoice_id else new.invoice_id end;
  row_company uuid := case when tg_op = 'DELETE' then old.company_id else new.company_id end;
  status text := invoice_status_for_write(row_company, row_invoice);
begin
  if tg_op = 'UPDATE' then
    if (new.company_id, new.invoice_id, new.entry_id, new.line_id) is distinct from (old.company_id, old.invoice_id, old.entry_id, old.line_id)
       or not ((new.billed and status = 'issued') or (not new.billed and status in ('draft', 'void'))) then
      raise exception 'an invoice''s time entries are billed by issuing it and released by voiding it' using errcode = '55000';
    end if;
    return new;
  end if;
  if tg_op = 'INSERT' and new.billed then
    raise exception 'an invoice''s time entries are billed by issuing it' using errcode = '55000';
  end if;
  if status <> 'draft' then
    raise exception 'the invoice is % and its time entries can''t change', status using errcode = '55000';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end
$$;

create trigger invoice_entries_guard before insert or update or delete on invoice_entries
  for each row execute function invoice_entries_guard();

-- =============================================================================
-- Billed time stays as it was billed
--
-- 0006's guard already keeps approved weeks still; these make the invoice the
-- reason too, so reopening the week (an admin's right) can't unfreeze billed time.
-- They read invoice_entries as the acting member: only owners and admins may
-- reopen a week or change another person's approved time, and they see every row.
-- =============================================================================
create function time_entries_billed_guard() returns trigger
  language plpgsql
  as $$
declare
  billed_on text;
begin
  select i.number into billed_on
    from invoice_entries ie
    join invoices i on i.company_id = ie.company_id and i.id = ie.invoice_id
   where ie.company_id = old.company_id and ie.entry_id = old.id and ie.billed;
  if found then
    raise exception 'this time is billed on invoice %', billed_on using errcode = '55000';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end
$$;

create trigger time_entries_billed_guard before update or delete on time_entries
  for each row execute function time_entries_billed_guard();

create function timesheets_billed_guard() returns trigger
  language plpgsql
  as $$
declare
  billed_on text;
begin
  if old.status = 'approved' and new.status <> 'approved' then
    select i.number into billed_on
      from time_entries e
      join invoice_entries ie on ie.company_id = e.company_id and ie.entry_id = e.id and ie.billed
      join invoices i on i.company_id = ie.company_id and i.id = ie.invoice_id
     where e.company_id = old.company_id and e.timesheet_id = old.id
     limit 1;
    if found then
      raise exception 'the week of % is billed on invoice % and can''t be reopened', old.week_start, billed_on
        using errcode = '55000';
    end if;
  end if;
  return new;
end
$$;

create trigger timesheets_billed_guard before update of status on timesheets
  for each row execute function timesheets_billed_guard();

select audit_table('invoice_settings', 'invoice_settings', 'company_id');
select audit_table('invoice_number_series', 'invoice_number_series', 'series');
select audit_table('invoices', 'invoice');
select audit_table('invoice_lines', 'invoice_line');
select audit_table('invoice_entries', 'invoice_entry', 'invoice_id,entry_id');
