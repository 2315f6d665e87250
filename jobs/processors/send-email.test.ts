import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../../db/sql";
import { withTenant, type TenantContext } from "../../db/tenant";
import { createCompany, createMember } from "../../db/testing/fixtures";
import { createTestDatabase, type TestDatabase } from "../../db/testing/test-database";
import { EmailDeliveryError, type Mailer, type OutgoingEmail } from "../../emails/mailer.server";
import type { CompanyEmailMessage } from "../../emails/messages";
import { queueEmail } from "../outbox";
import type { JobInfo } from "../runner";
import { testLogger } from "../testing/helpers";
import { createSendEmailProcessor } from "./send-email";

/** The processor called with a job object, as BullMQ would, against a mailer that records. */
const appUrl = "https://app.hourbook.test";
let db: TestDatabase;
let manager: TenantContext;
let slug: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const company = await createCompany(db, "Globex Consulting");
  slug = (await db.query<{ slug: string }>(sql`select slug from companies where id = ${company}`))[0]!.slug;
  manager = await createMember(db, company, "manager");
});
afterAll(() => db.close());

function recordingMailer(fail?: EmailDeliveryError): Mailer & { sent: OutgoingEmail[] } {
  const sent: OutgoingEmail[] = [];
  return {
    transport: "resend",
    sent,
    async send(email) {
      if (fail) throw fail;
      sent.push(email);
    },
  };
}

const sentBack: CompanyEmailMessage = {
  to: "edsger@example.com",
  template: "timesheet-sent-back",
  props: {
    reviewerName: "Jorge Manager",
    weekStart: "2025-11-16",
    comment: "Friday is missing.",
  },
};

async function jobFor(message: CompanyEmailMessage): Promise<JobInfo<{ outboxId: string; companyId: string | null }>> {
  return jobOf(await withTenant(db, manager, (tx) => queueEmail(tx, message)));
}

/** A row as an earlier release queued it, which queueEmail would refuse today. */
async function jobForQueued(payload: Record<string, unknown>): Promise<JobInfo<{ outboxId: string; companyId: string | null }>> {
  const outboxId = crypto.randomUUID();
  await db.query(sql`
    insert into outbox (company_id, id, job, payload) values (${manager.companyId}, ${outboxId}, 'send-email', ${payload})`);
  return jobOf(outboxId);
}

function jobOf(outboxId: string): JobInfo<{ outboxId: string; companyId: string | null }> {
  return {
    id: outboxId,
    name: "send-email",
    queue: "email",
    data: { outboxId, companyId: manager.companyId },
    attempt: 1,
    maxAttempts: 5,
  };
}

describe("send-email", () => {
  it("sends the rendered message with the job id as idempotency key, then does nothing on a repeated run", async () => {
    const mailer = recordingMailer();
    const process = createSendEmailProcessor({ db, mailer, appUrl, logger: testLogger });
    const job = await jobFor(sentBack);
    await process(job);
    await process(job);
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]).toMatchObject({
      to: "edsger@example.com",
      subject: "Your timesheet for the week of November 16, 2025 was sent back",
      idempotencyKey: job.id,
    });
    expect(mailer.sent[0]?.text).toContain("Friday is missing.");
    expect(mailer.sent[0]?.text).toContain(`${appUrl}/c/${slug}/time?week=2025-11-16`);
    expect(mailer.sent[0]?.html).toContain(`href="${appUrl}/c/${slug}/time?week=2025-11-16"`);
    expect(mailer.sent[0]?.text).toContain(`${appUrl}/c/${slug}`); // the way back to the company
  });

  it("fails for good when Resend refuses the message itself, and for another try when Resend is unavailable", async () => {
    const refused = createSendEmailProcessor({
      db,
      appUrl,
      logger: testLogger,
      mailer: recordingMailer(new EmailDeliveryError("Resend refused the email (422, validation_error)", true)),
    });
    await expect(refused(await jobFor(sentBack))).rejects.toMatchObject({ name: "UnrecoverableError" });

    const unavailable = createSendEmailProcessor({
      db,
      appUrl,
      logger: testLogger,
      mailer: recordingMailer(new EmailDeliveryError("Resend refused the email (503, application_error)", false)),
    });
    const job = await jobFor(sentBack);
    await expect(unavailable(job)).rejects.toMatchObject({ name: "EmailDeliveryError" });
    // Not marked: the retry finds the message intact.
    const [row] = await db.query<{ processed: boolean }>(
      sql`select processed_at is not null as processed from outbox where id = ${job.id}`,
    );
    expect(row?.processed).toBe(false);
  });

  it("fails for good when its outbox row is gone or holds no valid email", async () => {
    const mailer = recordingMailer();
    const process = createSendEmailProcessor({ db, mailer, appUrl, logger: testLogger });
    const job = await jobFor(sentBack);
    await expect(process({ ...job, data: { ...job.data, outboxId: crypto.randomUUID() } })).rejects.toMatchObject({
      name: "UnrecoverableError",
    });
    const malformed = await jobForQueued({ ...sentBack, props: { ...sentBack.props, weekStart: "last week" } });
    await expect(process(malformed)).rejects.toThrow(/holds no valid email/);
    expect(mailer.sent).toEqual([]);
  });

  it("sends an email queued with links before decision 029 with its links rebuilt on APP_URL from their ids", async () => {
    const mailer = recordingMailer();
    const process = createSendEmailProcessor({ db, mailer, appUrl, logger: testLogger });
    await process(await jobForQueued({ ...sentBack, props: { ...sentBack.props, timesheetUrl: "https://evil.example/login" } }));
    const expiresAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const invitation = {
      to: "joiner@example.com",
      template: "invitation",
      props: { inviterName: "Jorge Manager", role: "employee", acceptUrl: `${appUrl}/invitations/queued-token`, expiresAt },
    };
    await process(await jobForQueued(invitation));
    expect(mailer.sent.map((email) => email.to)).toEqual(["edsger@example.com", "joiner@example.com"]);
    expect(mailer.sent[0]?.text).toContain(`${appUrl}/c/${slug}/time?week=2025-11-16`);
    expect(mailer.sent[1]?.text).toContain(`${appUrl}/invitations/queued-token`);
    for (const email of mailer.sent) expect(`${email.html}${email.text}`).not.toContain("evil.example");
  });

  it("drops an invitation whose link expired before it could be sent", async () => {
    const mailer = recordingMailer();
    const later = new Date(Date.now() + 8 * 86_400_000);
    const process = createSendEmailProcessor({ db, mailer, appUrl, logger: testLogger, now: () => later });
    const job = await jobFor({
      to: "late@example.com",
      template: "invitation",
      props: {
        inviterName: "Jorge Manager",
        role: "employee",
        token: "t",
        expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      },
    });
    await process(job);
    expect(mailer.sent).toEqual([]);
    const [row] = await db.query<{ processed: boolean; payload: object }>(
      sql`select processed_at is not null as processed, payload from outbox where id = ${job.id}`,
    );
    expect(row).toEqual({ processed: true, payload: { to: "late@example.com", template: "invitation" } });
  });
});
