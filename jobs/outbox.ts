import { randomUUID } from "node:crypto";
import { z } from "zod";
import { sql } from "../db/sql";
import type { TenantTransaction } from "../db/tenant";
import type { OwnerTransaction } from "../db/types";
import {
  emailMessageSchema,
  isAccountTemplate,
  type AccountEmailMessage,
  type CompanyEmailMessage,
} from "../emails/messages";
import { jobs, parseJobPayload, type JobName, type JobPayload, type ProductJobs } from "./queues";

/**
 * The write side of the outbox: work that must follow a change, recorded in the
 * same transaction as the change. If the transaction rolls back, the work never
 * happened; once it commits, the relay hands it to the job runner, however long
 * Redis is away. The message stays in Postgres; only the row's id goes to Redis.
 */

/** A message that doesn't match its template's props: a programming error, refused before anything is written. */
export class EmailMessageError extends Error {
  constructor(problems: string) {
    super(`Invalid email message: ${problems}`);
    this.name = "EmailMessageError";
  }
}

function validEmail(message: unknown, scope: "company" | "account") {
  const result = emailMessageSchema.safeParse(message);
  if (!result.success) throw new EmailMessageError(z.prettifyError(result.error).replaceAll("\n", "; "));
  if (isAccountTemplate(result.data.template) !== (scope === "account")) {
    const use = scope === "account" ? "queueEmail (inside withTenant)" : "queueAccountEmail";
    throw new EmailMessageError(`the "${result.data.template}" template is sent with ${use}`);
  }
  return result.data;
}

const sendEmail: JobName = "send-email";

/**
 * Queue an email about the company in context (invitation, timesheet events,
 * exports). Returns the outbox row's id, which is also the job's id.
 */
export async function queueEmail(tx: TenantTransaction, message: CompanyEmailMessage): Promise<string> {
  const payload = validEmail(message, "company");
  const id = randomUUID();
  // No RETURNING: hourbook_app may insert outbox rows but never read them back.
  await tx.query(sql`
    insert into outbox (company_id, id, job, payload)
    values (${tx.tenant.companyId}, ${id}, ${sendEmail}, ${payload})`);
  return id;
}

/**
 * Queue an email sent before any company is known (password reset), on the
 * pre-tenant module's owner transaction.
 */
export async function queueAccountEmail(tx: OwnerTransaction, message: AccountEmailMessage): Promise<string> {
  const payload = validEmail(message, "account");
  const id = randomUUID();
  await tx.query(sql`insert into account_outbox (id, job, payload) values (${id}, ${sendEmail}, ${payload})`);
  return id;
}

/**
 * Queue a job about the company in context (an audit export), written to the
 * outbox in the caller's transaction: the job runs only if the change commits.
 * The payload is validated against the job's schema here, so ids only, and the
 * relay hands it to the runner as it is. Returns the outbox row's id (the job's id):
 * a new id each time, so queueing the same work again (a retry) is a new job.
 */
export async function queueJob<N extends JobName>(
  tx: TenantTransaction,
  job: N,
  payload: JobPayload<ProductJobs, N>,
): Promise<string> {
  const { id, valid } = jobRow(job, payload);
  await tx.query(sql`
    insert into outbox (company_id, id, job, payload) values (${tx.tenant.companyId}, ${id}, ${job}, ${valid})`);
  return id;
}

function jobRow<N extends JobName>(job: N, payload: JobPayload<ProductJobs, N>) {
  return { id: randomUUID(), valid: parseJobPayload(jobs, job, payload) as Record<string, unknown> };
}

/**
 * queueJob for work that starts before any company is known (a Stripe webhook
 * event), on the pre-tenant module's owner transaction: written to account_outbox,
 * which the same relay hands to the runner with the row's id as the job's id.
 */
export async function queueAccountJob<N extends JobName>(
  tx: OwnerTransaction,
  job: N,
  payload: JobPayload<ProductJobs, N>,
): Promise<string> {
  const { id, valid } = jobRow(job, payload);
  await tx.query(sql`insert into account_outbox (id, job, payload) values (${id}, ${job}, ${valid})`);
  return id;
}

/**
 * queueJob for a company's work decided on the owner connection (an invitation
 * accepted before the person is a member): written to the company's outbox, as
 * if queued inside withTenant, so it belongs to the company like the change does.
 */
export async function queueCompanyJob<N extends JobName>(
  tx: OwnerTransaction,
  companyId: string,
  job: N,
  payload: JobPayload<ProductJobs, N>,
): Promise<string> {
  const { id, valid } = jobRow(job, payload);
  await tx.query(sql`insert into outbox (company_id, id, job, payload) values (${companyId}, ${id}, ${job}, ${valid})`);
  return id;
}
