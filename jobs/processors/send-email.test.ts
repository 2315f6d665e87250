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

beforeAll(async () => {
  db = await createTestDatabase();
  manager = await createMember(db, await createCompany(db, "Globex Consulting"), "manager");
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
    timesheetUrl: `${appUrl}/c/globex/time?week=2025-11-16`,
  },
};

async function jobFor(message: CompanyEmailMessage): Promise<JobInfo<{ outboxId: string; companyId: string | null }>> {
  const outboxId = await withTenant(db, manager, (tx) => queueEmail(tx, message));
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
    expect(mailer.sent[0]?.text).toContain(`${appUrl}/c/`); // the way back to the company
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

  it("fails for good when its outbox row is gone or its link leaves APP_URL", async () => {
    const mailer = recordingMailer();
    const process = createSendEmailProcessor({ db, mailer, appUrl, logger: testLogger });
    const job = await jobFor(sentBack);
    await expect(process({ ...job, data: { ...job.data, outboxId: crypto.randomUUID() } })).rejects.toMatchObject({
      name: "UnrecoverableError",
    });
    const phishing = await jobFor({ ...sentBack, props: { ...sentBack.props, timesheetUrl: "https://evil.example/login" } });
    await expect(process(phishing)).rejects.toThrow(/not under APP_URL/);
    expect(mailer.sent).toEqual([]);
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
        acceptUrl: `${appUrl}/invitations/t`,
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
