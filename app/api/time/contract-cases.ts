import { sql } from "../../../db/sql";
import { createEntry, createProject, setTimesheetStatus } from "../../../db/testing/time-fixtures";
import { shiftDay, todayIn } from "~/kernel/clock/weeks";
import { tokenFor } from "~/testing/api-harness";
import type { ContractCases, ContractWorld } from "~/testing/api-contract";

// A day the company's clock has reached whatever its zone: time can be logged on it.
const yesterday = () => shiftDay(todayIn("UTC"), -1);
// Beyond the current week: the rule refuses it.
const nextMonth = () => shiftDay(todayIn("UTC"), 30);

const project = (w: ContractWorld, options: { archived?: boolean } = {}) => createProject(w.db, w.owner.companyId, options);

async function entry(w: ContractWorld, projectId?: string): Promise<string> {
  const response = await w.call("POST", "/api/v1/time-entries", {
    body: { projectId: projectId ?? (await project(w)), day: yesterday(), minutes: 15 },
  });
  if (response.status !== 201) throw new Error(`entry: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

export const timeCases: ContractCases = {
  listTimeEntries: async (w) => {
    const projectId = await project(w);
    await entry(w, projectId);
    await entry(w, projectId);
    return [
      { path: "/api/v1/time-entries?limit=1", expect: 200 },
      { path: `/api/v1/time-entries?projectId=${projectId}&userId=${w.owner.userId}&from=${yesterday()}&billable=true&approval=draft`, expect: 200 },
      { path: "/api/v1/time-entries?limit=201", expect: 400 },
      { path: "/api/v1/time-entries?cursor=not-ours", expect: 400 },
      { path: "/api/v1/time-entries?from=2026-02-30", expect: 400 },
    ];
  },
  createTimeEntry: async (w) => {
    const projectId = await project(w);
    return [
      { path: "/api/v1/time-entries", body: { projectId, day: yesterday(), minutes: 15, notes: "Contract" }, expect: 201 },
      { path: "/api/v1/time-entries", body: { projectId, day: nextMonth(), minutes: 15 }, expect: 422 },
      { path: "/api/v1/time-entries", body: { projectId, day: yesterday() }, expect: 400 },
    ];
  },
  bulkCreateTimeEntries: async (w) => {
    const projectId = await project(w);
    const item = { projectId, day: yesterday(), minutes: 5 };
    return [
      { path: "/api/v1/time-entries/bulk", body: { entries: [item, { ...item, start: "09:00", end: "09:10", minutes: undefined }] }, expect: 201 },
      { path: "/api/v1/time-entries/bulk", body: { entries: [item, { ...item, day: nextMonth() }] }, expect: 422 },
      { path: "/api/v1/time-entries/bulk", body: { entries: [] }, expect: 400 },
    ];
  },
  getTimeEntry: async (w) => {
    const entryId = await entry(w);
    const etag = (await w.call("GET", `/api/v1/time-entries/${entryId}`)).headers.get("ETag")!;
    return [
      { path: `/api/v1/time-entries/${entryId}`, expect: 200 },
      { path: `/api/v1/time-entries/${entryId}`, headers: { "If-None-Match": etag }, expect: 304 },
    ];
  },
  updateTimeEntry: async (w) => {
    const entryId = await entry(w);
    return [
      { path: `/api/v1/time-entries/${entryId}`, body: { minutes: 20 }, expect: 200 },
      { path: `/api/v1/time-entries/${entryId}`, body: { minutes: 25 }, headers: { "If-Match": '"stale"' }, expect: 412 },
      { path: `/api/v1/time-entries/${entryId}`, body: { day: nextMonth() }, expect: 422 },
      { path: `/api/v1/time-entries/${entryId}`, body: { start: "10:00" }, expect: 400 },
    ];
  },
  deleteTimeEntry: async (w) => {
    const entryId = await entry(w);
    // An entry in a submitted week can't go.
    const submitted = await createEntry(w.db, {
      companyId: w.owner.companyId,
      userId: w.owner.userId,
      projectId: await project(w),
      day: shiftDay(todayIn("UTC"), -70),
      minutes: 30,
    });
    await setTimesheetStatus(w.db, submitted.timesheetId, "submitted");
    return [
      { path: `/api/v1/time-entries/${entryId}`, headers: { "If-Match": '"stale"' }, expect: 412 },
      { path: `/api/v1/time-entries/${entryId}`, expect: 204 },
      { path: `/api/v1/time-entries/${submitted.id}`, expect: 422 },
    ];
  },
  getTimer: async () => [{ path: "/api/v1/timer", expect: 200 }],
  startTimer: async (w) => {
    await w.db.query(sql`delete from timers where company_id = ${w.owner.companyId} and user_id = ${w.owner.userId}`);
    const projectId = await project(w);
    const archived = await project(w, { archived: true });
    return [
      { path: "/api/v1/timer/start", body: { projectId, notes: "Contract" }, expect: 200 },
      { path: "/api/v1/timer/start", body: { projectId }, expect: 409 },
      { path: "/api/v1/timer/start", body: { projectId: archived }, expect: 422 },
      { path: "/api/v1/timer/start", body: { projectId: "not-a-project" }, expect: 400 },
    ];
  },
  stopTimer: async (w) => {
    const projectId = await project(w);
    await w.call("POST", "/api/v1/timer/switch", { body: { projectId } });
    // A timer left running for more than a day can't become an entry.
    await w.db.query(sql`
      insert into timers (company_id, user_id, project_id, billable, started_at)
      values (${w.owner.companyId}, ${w.employee.userId}, ${projectId}, true, now() - interval '25 hours')
      on conflict (company_id, user_id) do update set started_at = excluded.started_at`);
    const { token } = await tokenFor(w.context, w.employee);
    return [
      { path: "/api/v1/timer/stop", expect: 200 },
      { path: "/api/v1/timer/stop", token, expect: 422 },
    ];
  },
  switchTimer: async (w) => {
    const projectId = await project(w);
    const archived = await project(w, { archived: true });
    return [
      { path: "/api/v1/timer/switch", body: { projectId }, expect: 200 },
      { path: "/api/v1/timer/switch", body: { projectId: archived }, expect: 422 },
    ];
  },
};
