import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "../db/sql";
import { withTenant, type TenantContext } from "../db/tenant";
import { createCompany, createMember } from "../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../db/testing/test-database";
import { createDevMailbox } from "../emails/dev-mailbox.server";
import { createMailer } from "../emails/mailer.server";
import type { CompanyEmailMessage } from "../emails/messages";
import { EmailMessageError, queueAccountEmail, queueEmail } from "./outbox";
import { relayOutbox } from "./outbox-relay";
import { claimPendingOutboxRows } from "./outbox-store";
import { createProcessors } from "./processors";
import { jobs, type ProductJobs } from "./queues";
import type { JobRunner } from "./runner";
import { createInProcessRunner } from "./runners/in-process";
import { eventually, testLogger } from "./testing/helpers";

const appUrl = "http://hourbook.test";
let db: TestDatabase;
let admin: TenantContext;
let runner: JobRunner<ProductJobs>;

beforeAll(async () => {
  db = await createTestDatabase();
  admin = await createMember(db, await createCompany(db, "Outbox Studio"), "admin");
});
afterAll(() => db.close());

beforeEach(async () => {
  await db.query(sql`delete from outbox`);
  await db.query(sql`delete from account_outbox`);
  await db.query(sql`delete from in_process_jobs`);
  await db.query(sql`delete from dev_mailbox`);
  runner = createInProcessRunner({ catalog: jobs, db, logger: testLogger, pollIntervalMs: 20 });
});
afterEach(() => runner.close());

const relay = (overrides: { leaseSeconds?: number } = {}) => relayOutbox({ db, runner, logger: testLogger, ...overrides });

function invitation(token: string): CompanyEmailMessage {
  return {
    to: "new.person@example.com",
    template: "invitation",
    props: {
      inviterName: "Ada Admin",
      role: "employee",
      token,
      expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    },
  };
}

function work() {
  const mailer = createMailer({ from: "Hourbook <no-reply@hourbook.test>", resendApiKey: undefined, db, logger: testLogger, appUrl });
  runner.work(createProcessors({ db, mailer, appUrl, logger: testLogger }), { concurrency: 5 });
}

const queuedJobs = () => db.query<{ id: string; data: unknown }>(sql`select id, data from in_process_jobs order by id`);

describe("the outbox", () => {
  it("never runs work whose transaction rolled back", async () => {
    await expect(
      withTenant(db, admin, async (tx) => {
        await queueEmail(tx, invitation("rolled-back-token"));
        throw new Error("the invitation insert failed after the email was queued");
      }),
    ).rejects.toThrow(/insert failed/);
    expect(await relay()).toBe(0);
    expect(await queuedJobs()).toEqual([]);
  });

  it("delivers a committed email once, sends only ids to the runner, and scrubs the link after sending", async () => {
    const id = await withTenant(db, admin, (tx) => queueEmail(tx, invitation("secret-token-1")));
    expect(await relay()).toBe(1);
    expect(await queuedJobs()).toEqual([{ id, data: { outboxId: id, companyId: admin.companyId } }]);
    expect(JSON.stringify(await queuedJobs())).not.toContain("secret-token-1");

    work();
    const mailbox = createDevMailbox(db);
    const message = await eventually(() => mailbox.get(id));
    expect(message).toMatchObject({ recipient: "new.person@example.com", subject: "Ada Admin invited you to Outbox Studio on Hourbook" });
    expect(message.html).toContain(`${appUrl}/invitations/secret-token-1`);

    const [row] = await eventually(async () => {
      const rows = await db.query<{ payload: Record<string, unknown>; processed: boolean }>(
        sql`select payload, processed_at is not null as processed from outbox where id = ${id}`,
      );
      return rows[0]?.processed ? rows : undefined;
    });
    expect(row?.payload).toEqual({ to: "new.person@example.com", template: "invitation" });
    expect(await relay()).toBe(0);
    expect(await mailbox.list()).toHaveLength(1);
  });

  it("hands each row over once when several relays run at the same time", async () => {
    await withTenant(db, admin, async (tx) => {
      for (let i = 0; i < 40; i++) await queueEmail(tx, invitation(`token-${i}`));
    });
    const rounds = await Promise.all([relay(), relay(), relay()]);
    const more = await relay();
    expect(rounds.reduce((a, b) => a + b, 0) + more).toBe(40);
    expect(await queuedJobs()).toHaveLength(40);
  });

  it("re-relays rows of a relay that died between enqueueing and marking, and the job still runs once", async () => {
    const id = await withTenant(db, admin, (tx) => queueEmail(tx, invitation("crash-token")));
    // The dying relay: it leased the row and enqueued it, but never marked it.
    const claimed = await claimPendingOutboxRows(db, { limit: 10, leaseSeconds: 60 });
    await runner.enqueueMany(
      claimed.map((row) => ({ name: "send-email", payload: { outboxId: row.id, companyId: row.companyId }, jobId: row.id })),
    );
    expect(await relay()).toBe(0); // leased: not before the lease runs out
    // The lease runs out (moved, not waited for: a busy machine can't make this flaky).
    await db.query(sql`update outbox set claimed_until = now() - interval '1 second' where id = ${id}`);
    expect(await relay()).toBe(1);
    expect((await queuedJobs()).map((job) => job.id)).toEqual([id]);

    work();
    const mailbox = createDevMailbox(db);
    await eventually(() => mailbox.get(id));
    expect(await mailbox.list()).toHaveLength(1);
  });

  it("sends account emails (password reset) from the account outbox, with no company", async () => {
    const id = await db.transaction((tx) =>
      queueAccountEmail(tx, {
        to: "forgetful@example.com",
        template: "password-reset",
        props: {
          name: "Forgetful Person",
          token: "reset-token",
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        },
      }),
    );
    expect(await relay()).toBe(1);
    expect(await queuedJobs()).toEqual([{ id, data: { outboxId: id, companyId: null } }]);
    work();
    const message = await eventually(() => createDevMailbox(db).get(id));
    expect(message.subject).toBe("Reset your Hourbook password");
    expect(message.text).toContain("expires in 1 hour");
  });

  it("refuses a malformed message, or a template sent through the wrong outbox, before writing anything", async () => {
    await expect(
      withTenant(db, admin, (tx) => queueEmail(tx, { ...invitation("x"), to: "not an address" })),
    ).rejects.toThrow(EmailMessageError);
    await expect(
      withTenant(db, admin, (tx) =>
        queueEmail(tx, { ...invitation("x"), props: { ...invitation("x").props, role: "owner" } } as never),
      ),
    ).rejects.toThrow(/role/);
    await expect(
      withTenant(db, admin, (tx) =>
        queueEmail(tx, {
          to: "a@example.com",
          template: "password-reset",
          props: { name: "A", token: "t", expiresAt: new Date().toISOString() },
        } as never),
      ),
    ).rejects.toThrow(/queueAccountEmail/);
    await expect(db.transaction((tx) => queueAccountEmail(tx, invitation("x") as never))).rejects.toThrow(
      /queueEmail/,
    );
    expect(await db.query(sql`select 1 from outbox union all select 1 from account_outbox`)).toEqual([]);
  });

  it("leaves a row for a job this code doesn't know to a relay that does", async () => {
    await db.query(sql`
      insert into outbox (company_id, job, payload) values (${admin.companyId}, 'job-from-the-future', '{}')`);
    expect(await relay()).toBe(0);
    expect(await queuedJobs()).toEqual([]);
    const [row] = await db.query<{ pending: boolean }>(sql`select enqueued_at is null as pending from outbox`);
    expect(row?.pending).toBe(true);
  });
});
