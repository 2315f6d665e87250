import { auditedAs } from "../../../db/audit-context";
import { sql } from "../../../db/sql";
import type { TenantTransaction } from "../../../db/tenant";
import { idOf, type Refusal, type SaveResult, unlessTaken } from "./unique-names.server";

export interface ClientInput {
  name: string;
  contactName: string | null;
  contactEmail: string | null;
  /** ISO 4217, upper case. */
  currency: string;
  /** Minor units of `currency`; null when the client has no default rate. */
  hourlyRateMinor: number | null;
  /** What invoices say about the client beyond its name; snapshotted when one is issued. */
  billingAddress?: string | null;
  taxId?: string | null;
}

export interface ClientSummary extends ClientInput {
  id: string;
  archivedAt: Date | null;
  createdAt: Date;
  liveProjectCount: number;
}

export interface ClientProject {
  id: string;
  name: string;
  code: string | null;
  color: string;
  billable: boolean;
  /** The project's own rate, else the client's. */
  effectiveRateMinor: number | null;
  archivedAt: Date | null;
}

export type ClientResult = SaveResult<"name">;

const nameTaken: Refusal<"name"> = { ok: false, field: "name", message: "Another client already has this name" };
const taken = { clients_live_name_key: nameTaken };

const clientColumns = sql`
  cl.id, cl.name, cl.contact_name as "contactName", cl.contact_email as "contactEmail", cl.currency,
  cl.hourly_rate_minor as "hourlyRateMinor", cl.billing_address as "billingAddress", cl.tax_id as "taxId", cl.archived_at as "archivedAt",
  cl.created_at as "createdAt",
  (select count(*)::int from projects p
    where p.company_id = cl.company_id and p.client_id = cl.id and p.archived_at is null) as "liveProjectCount"`;

export function listClients(tx: TenantTransaction, options: { archived?: boolean } = {}): Promise<ClientSummary[]> {
  return tx.query<ClientSummary>(sql`
    select ${clientColumns}
      from clients cl
     where cl.company_id = ${tx.tenant.companyId}
       and (cl.archived_at is not null) = ${options.archived ?? false}
     order by lower(cl.name), cl.id`);
}

/** A client in a keyset page: its summary and its position (creation time, as Postgres prints it). */
export interface ClientPageRow extends ClientSummary {
  position: string;
}

/**
 * Clients in the order they were made, after a position: the public API's pages,
 * which must neither repeat nor skip a client made while someone pages through them.
 */
export function listClientsAfter(
  tx: TenantTransaction,
  options: { after: { position: string; id: string } | null; limit: number; archived?: boolean },
): Promise<ClientPageRow[]> {
  return tx.query<ClientPageRow>(sql`
    select ${clientColumns}, cl.created_at::text as position
      from clients cl
     where cl.company_id = ${tx.tenant.companyId}
       ${options.archived === undefined ? sql`` : sql`and (cl.archived_at is not null) = ${options.archived}`}
       ${options.after ? sql`and (cl.created_at, cl.id) > (${options.after.position}::text::timestamptz, ${options.after.id}::uuid)` : sql``}
     order by cl.created_at, cl.id
     limit ${options.limit}`);
}

/** Locks the client's row until the transaction ends, so a checked precondition still holds when the change is made. */
export async function lockClient(tx: TenantTransaction, clientId: string): Promise<boolean> {
  const rows = await tx.query(sql`select 1 from clients where company_id = ${tx.tenant.companyId} and id = ${clientId} for update`);
  return rows.length > 0;
}

/** Live clients, for choosing a project's client. */
export function listClientChoices(tx: TenantTransaction): Promise<{ id: string; name: string; currency: string }[]> {
  return tx.query(sql`
    select id, name, currency from clients
     where company_id = ${tx.tenant.companyId} and archived_at is null
     order by lower(name), id`);
}

/** Live projects that have a client, for narrowing an invoice to some of the client's projects. */
export function listClientProjectChoices(tx: TenantTransaction): Promise<{ id: string; name: string; clientId: string }[]> {
  return tx.query(sql`
    select id, name, client_id as "clientId" from projects
     where company_id = ${tx.tenant.companyId} and client_id is not null and archived_at is null
     order by lower(name), id`);
}

/** null when the client isn't in this company. */
export async function getClient(tx: TenantTransaction, clientId: string): Promise<(ClientSummary & { projects: ClientProject[] }) | null> {
  const [client] = await tx.query<ClientSummary>(sql`
    select ${clientColumns} from clients cl where cl.company_id = ${tx.tenant.companyId} and cl.id = ${clientId}`);
  if (!client) return null;
  const projects = await tx.query<ClientProject>(sql`
    select p.id, p.name, p.code, p.color, p.billable, p.archived_at as "archivedAt",
           coalesce(p.hourly_rate_minor, ${client.hourlyRateMinor}::int) as "effectiveRateMinor"
      from projects p
     where p.company_id = ${tx.tenant.companyId} and p.client_id = ${clientId}
     order by p.archived_at is not null, lower(p.name), p.id`);
  return { ...client, projects };
}

/** The currency a new client starts with: the company's own. */
export async function companyCurrency(tx: TenantTransaction): Promise<string> {
  const [company] = await tx.query<{ currency: string }>(sql`select currency from companies where id = ${tx.tenant.companyId}`);
  return company?.currency ?? "EUR";
}

export async function createClient(tx: TenantTransaction, input: ClientInput): Promise<ClientResult> {
  const result = await unlessTaken(tx, taken, async (inner) =>
    idOf(
      await inner.query<{ id: string }>(sql`
        insert into clients (company_id, name, contact_name, contact_email, currency, hourly_rate_minor, billing_address, tax_id)
        values (${tx.tenant.companyId}, ${input.name}, ${input.contactName}, ${input.contactEmail}, ${input.currency},
                ${input.hourlyRateMinor}, ${input.billingAddress ?? null}, ${input.taxId ?? null})
        returning id`),
    ),
  );
  return result ?? nameTaken;
}

/** null when the client isn't in this company (or RLS hides it from a writer who may not change it). */
export function updateClient(tx: TenantTransaction, clientId: string, input: ClientInput): Promise<ClientResult | null> {
  return unlessTaken(tx, taken, async (inner) =>
    idOf(
      await inner.query<{ id: string }>(sql`
        update clients
           set name = ${input.name}, contact_name = ${input.contactName}, contact_email = ${input.contactEmail},
               currency = ${input.currency}, hourly_rate_minor = ${input.hourlyRateMinor},
               billing_address = ${input.billingAddress ?? null}, tax_id = ${input.taxId ?? null}
         where company_id = ${tx.tenant.companyId} and id = ${clientId}
        returning id`),
    ),
  );
}

/**
 * Archiving a client archives its live projects with it, as in Toggl and Harvest:
 * nobody keeps logging time for a client the company stopped working for. Restoring
 * brings back only the client; its projects are restored one by one, because some
 * may have been archived on purpose before.
 */
export function setClientArchived(tx: TenantTransaction, clientId: string, archived: boolean): Promise<ClientResult | null> {
  return unlessTaken(tx, taken, async (inner) => {
    const id = idOf(
      await auditedAs(inner, archived ? "client.archive" : "client.restore", (audited) =>
        audited.query<{ id: string }>(sql`
          update clients set archived_at = ${archived ? sql`now()` : null}
           where company_id = ${tx.tenant.companyId} and id = ${clientId}
          returning id`),
      ),
    );
    if (id && archived) {
      await auditedAs(inner, "project.archive", (audited) =>
        audited.query(sql`
          update projects set archived_at = now()
           where company_id = ${tx.tenant.companyId} and client_id = ${clientId} and archived_at is null`),
      );
    }
    return id;
  });
}
