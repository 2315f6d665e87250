import type { TenantContext } from "../../../db/tenant";
import { lockUntil, setTimesheetStatus, timesheetFor } from "../../../db/testing/time-fixtures";
import { shiftDay, todayIn, weekStartOf } from "~/kernel/clock/weeks";
import { tokenFor } from "~/testing/api-harness";
import type { ContractCases, ContractWorld } from "~/testing/api-contract";

type Status = Parameters<typeof setTimesheetStatus>[2];

// Each sheet its own past Monday (the test company's weeks start on Monday), clear of the locked weeks below.
let weeksUsed = 0;
const freshWeek = () => shiftDay("2024-01-01", 7 * weeksUsed++);

/** Every week up to here is locked in the contract's company; a locked sheet's week is before it. */
const lockedUntil = "2023-12-31";
let lockedWeeksUsed = 0;

async function sheet(w: ContractWorld, person: TenantContext, status: Status, week = freshWeek()): Promise<string> {
  const id = await timesheetFor(w.db, person.companyId, person.userId, week);
  await setTimesheetStatus(w.db, id, status);
  return id;
}

/** A sheet in a locked week: moved while the week was open, then locked, as payroll close does. */
async function lockedSheet(w: ContractWorld, person: TenantContext, status: Status): Promise<string> {
  await lockUntil(w.db, person.companyId, null);
  const id = await sheet(w, person, status, shiftDay(lockedUntil, -6 - 7 * lockedWeeksUsed++));
  await lockUntil(w.db, person.companyId, lockedUntil);
  return id;
}

const stale = { "If-Match": '"stale"' };

export const timesheetCases: ContractCases = {
  listTimesheets: async (w) => {
    await sheet(w, w.owner, "draft");
    await sheet(w, w.owner, "submitted");
    return [
      { path: "/api/v1/timesheets?limit=1", expect: 200 },
      { path: "/api/v1/timesheets?view=to-approve&status=submitted&weekFrom=2024-01-01", expect: 200 },
      { path: `/api/v1/timesheets?userId=${w.employee.userId}`, token: (await tokenFor(w.context, w.manager)).token, expect: 403 },
      { path: "/api/v1/timesheets?view=everyone", expect: 400 },
      { path: "/api/v1/timesheets?weekTo=2024-02-30", expect: 400 },
    ];
  },
  getTimesheet: async (w) => {
    const id = await sheet(w, w.employee, "submitted");
    const etag = (await w.call("GET", `/api/v1/timesheets/${id}`)).headers.get("ETag")!;
    return [
      { path: `/api/v1/timesheets/${id}`, expect: 200 },
      { path: `/api/v1/timesheets/${id}`, headers: { "If-None-Match": etag }, expect: 304 },
    ];
  },
  submitTimesheet: async () => {
    const week = freshWeek();
    const notStarted = shiftDay(weekStartOf(todayIn("UTC"), 1), 14);
    return [
      { path: "/api/v1/timesheets/submit", body: { week }, expect: 200 },
      { path: "/api/v1/timesheets/submit", body: { week }, expect: 409 },
      { path: "/api/v1/timesheets/submit", body: { week: notStarted }, expect: 422 },
      { path: "/api/v1/timesheets/submit", body: { week: freshWeek(), personId: crypto.randomUUID() }, expect: 404 },
      { path: "/api/v1/timesheets/submit", body: { week: "next monday" }, expect: 400 },
    ];
  },
  withdrawTimesheet: async (w) => {
    const id = await sheet(w, w.owner, "submitted");
    return [
      { path: `/api/v1/timesheets/${id}/withdraw`, expect: 200 },
      { path: `/api/v1/timesheets/${id}/withdraw`, expect: 409 },
      { path: `/api/v1/timesheets/${id}/withdraw`, headers: stale, expect: 412 },
      { path: `/api/v1/timesheets/${await lockedSheet(w, w.owner, "submitted")}/withdraw`, expect: 422 },
    ];
  },
  approveTimesheet: async (w) => {
    const id = await sheet(w, w.employee, "submitted");
    return [
      { path: `/api/v1/timesheets/${id}/approve`, expect: 200 },
      { path: `/api/v1/timesheets/${id}/approve`, expect: 409 },
      { path: `/api/v1/timesheets/${id}/approve`, headers: stale, expect: 412 },
    ];
  },
  sendBackTimesheet: async (w) => {
    const id = await sheet(w, w.employee, "submitted");
    return [
      { path: `/api/v1/timesheets/${id}/send-back`, body: { comment: "Tuesday is missing" }, expect: 200 },
      { path: `/api/v1/timesheets/${id}/send-back`, body: { comment: "Again" }, expect: 409 },
      { path: `/api/v1/timesheets/${id}/send-back`, body: { comment: " " }, expect: 400 },
      { path: `/api/v1/timesheets/${id}/send-back`, body: { comment: "Stale" }, headers: stale, expect: 412 },
    ];
  },
  reopenTimesheet: async (w) => {
    const id = await sheet(w, w.employee, "approved");
    return [
      { path: `/api/v1/timesheets/${id}/reopen`, expect: 200 },
      { path: `/api/v1/timesheets/${id}/reopen`, expect: 409 },
      { path: `/api/v1/timesheets/${id}/reopen`, headers: stale, expect: 412 },
      { path: `/api/v1/timesheets/${await lockedSheet(w, w.employee, "approved")}/reopen`, expect: 422 },
    ];
  },
  getLockDate: async (w) => {
    const etag = (await w.call("GET", "/api/v1/company/lock-date")).headers.get("ETag")!;
    return [
      { path: "/api/v1/company/lock-date", expect: 200 },
      { path: "/api/v1/company/lock-date", headers: { "If-None-Match": etag }, expect: 304 },
    ];
  },
  setLockDate: async () => [
    { path: "/api/v1/company/lock-date", body: { lockedUntil }, expect: 200 },
    { path: "/api/v1/company/lock-date", body: { lockedUntil: shiftDay(todayIn("UTC"), 7) }, expect: 422 },
    { path: "/api/v1/company/lock-date", body: { lockedUntil }, headers: stale, expect: 412 },
    { path: "/api/v1/company/lock-date", body: { lockedUntil: "31/12/2023" }, expect: 400 },
  ],
};
