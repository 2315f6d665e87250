import { mkdtempSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { localFileStorage } from "../storage/files";
import { testLogger } from "../testing/helpers";
import { createExpireReportFilesProcessor, reportFileRetentionDays } from "./expire-report-files";

const root = mkdtempSync(join(tmpdir(), "hourbook-report-files-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const files = localFileStorage(root);
const job = { id: "expire-1", name: "expire-report-files", queue: "maintenance", data: {}, attempt: 1, maxAttempts: 5 };
const day = 86_400_000;

async function put(key: string, ageDays: number) {
  await files.write(key, async (output) => {
    output.write("Date,Person\n");
  });
  const at = new Date(Date.now() - ageDays * day);
  utimesSync(join(root, key), at, at);
}

async function keys(prefix: string) {
  const found: string[] = [];
  for await (const file of files.list(prefix)) found.push(file.key);
  return found.sort();
}

describe("expire-report-files", () => {
  it("removes scheduled reports' attachments past the retention, deleted schedules' included, and keeps the rest", async () => {
    const company = "3f0c2d1e-0000-4000-8000-000000000001";
    const live = `report-schedules/${company}/5d2c1b0a-0000-4000-8000-000000000002`;
    const deleted = `report-schedules/${company}/5d2c1b0a-0000-4000-8000-000000000003`;
    await put(`${live}/2026-09-07.csv`, reportFileRetentionDays + 5);
    await put(`${live}/2026-09-07.xlsx`, reportFileRetentionDays + 5);
    await put(`${live}/2026-11-09.csv`, 3);
    await put(`${deleted}/2026-08-31.csv`, reportFileRetentionDays + 12);
    // Another kind of file under the same storage is none of this sweep's business.
    await put(`audit-exports/${company}/old.csv`, 400);

    const sweep = createExpireReportFilesProcessor({ logger: testLogger, files });
    await sweep(job);
    expect(await keys("report-schedules")).toEqual([`${live}/2026-11-09.csv`]);
    expect(await keys("audit-exports")).toEqual([`audit-exports/${company}/old.csv`]);

    // Nothing left to do, and nothing under the prefix at all, are both fine.
    await sweep(job);
    await expect(createExpireReportFilesProcessor({ logger: testLogger, files: localFileStorage(join(root, "empty")) })(job)).resolves.toBeUndefined();
  });

  it("keeps a file until the retention has passed", async () => {
    const key = "report-schedules/3f0c2d1e-0000-4000-8000-000000000004/5d2c1b0a-0000-4000-8000-000000000005/2026-10-05.csv";
    await put(key, reportFileRetentionDays - 1);
    await createExpireReportFilesProcessor({ logger: testLogger, files })(job);
    expect(await keys("report-schedules/3f0c2d1e-0000-4000-8000-000000000004")).toEqual([key]);
    const later = () => new Date(Date.now() + 2 * day);
    await createExpireReportFilesProcessor({ logger: testLogger, files, now: later })(job);
    expect(await keys("report-schedules/3f0c2d1e-0000-4000-8000-000000000004")).toEqual([]);
  });
});
