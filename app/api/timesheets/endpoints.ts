import { z } from "zod";
import { day, text } from "~/kernel/fields";
import { lockInput, sendBackCommentMessage, weekCellsInput } from "~/time/inputs";
import { timesheetStatuses } from "~/time/timesheet-states";
import type { Endpoint } from "../endpoint";
import { pageQuery } from "../pagination";
import { lockDateSchema, timesheetPageSchema, timesheetSchema } from "./schemas";

const timesheetPath = z.object({ timesheetId: z.uuid() });

const dayMessage = "Enter a date as YYYY-MM-DD";

/** Answered by every move of an existing timesheet: the week as it now is. */
const movedTimesheet = (description: string) =>
  ({ status: 200, description, schema: timesheetSchema, headers: ["ETag"] }) as const;

export const timesheetEndpoints = {
  listTimesheets: {
    method: "get",
    path: "/api/v1/timesheets",
    operationId: "listTimesheets",
    tag: "Timesheets",
    summary: "List timesheets: mine, or those waiting for my approval",
    description:
      "Oldest week first, a page at a time. `view=mine` (the default) lists one person's weeks: the token's person's own, " +
      "or with `userId` another member's for those who fill in others' weeks (`time:log-for-others`). `view=to-approve` lists " +
      "exactly the weeks the approvals page shows the person: submitted weeks of the people of the teams they manage, never " +
      "their own (owners and admins: everyone's), and none for a person who approves nobody. " +
      "A week nobody has logged time on or submitted has no timesheet yet.",
    permission: "time:view",
    query: z.object({
      ...pageQuery.shape,
      view: z
        .enum(["mine", "to-approve"], { error: "Use mine or to-approve" })
        .default("mine")
        .meta({ description: "One person's weeks (mine), or the weeks waiting for the token's person to decide (to-approve)" }),
      userId: z.uuid({ error: "Enter a member's id" }).optional().meta({ description: "Only this person's weeks" }),
      status: z
        .enum(timesheetStatuses, { error: `Use one of ${timesheetStatuses.join(", ")}` })
        .optional()
        .meta({ description: "Only weeks in this status" }),
      weekFrom: day(dayMessage).optional().meta({ description: "Only weeks starting on or after this day" }),
      weekTo: day(dayMessage).optional().meta({ description: "Only weeks starting on or before this day" }),
    }),
    success: { status: 200, description: "A page of timesheets", schema: timesheetPageSchema, headers: ["Link"] },
  },
  getTimesheet: {
    method: "get",
    path: "/api/v1/timesheets/{timesheetId}",
    operationId: "getTimesheet",
    tag: "Timesheets",
    summary: "Get a timesheet with its days' totals",
    description: "Any week the token's person may see: their own, their managed teams' people's, everyone's with `time:view-all`.",
    permission: "time:view",
    params: timesheetPath,
    success: { status: 200, description: "The timesheet", schema: timesheetSchema, headers: ["ETag"] },
    ifNoneMatch: true,
  },
  submitTimesheet: {
    method: "post",
    path: "/api/v1/timesheets/submit",
    operationId: "submitTimesheet",
    tag: "Timesheets",
    summary: "Submit a week for approval",
    description:
      "Names the week by its first day rather than by a timesheet id, because a week nobody has touched has no timesheet " +
      "yet (an empty week can be submitted). `personId` submits another member's week, for those who fill in others' weeks. " +
      "A sent-back week is resubmitted the same way. Refused with 409 when the week is already submitted or approved, and " +
      "with 422 when it is locked or hasn't started yet. The week's time is changed through the time entries, not here.",
    permission: "time:log",
    body: z.strictObject(weekCellsInput.omit({ cells: true }).shape),
    success: { status: 200, description: "The submitted timesheet", schema: timesheetSchema, headers: ["ETag"] },
    conflicts: true,
    rules: true,
    bodyIds: true,
  },
  withdrawTimesheet: {
    method: "post",
    path: "/api/v1/timesheets/{timesheetId}/withdraw",
    operationId: "withdrawTimesheet",
    tag: "Timesheets",
    summary: "Withdraw a submitted week, back to draft",
    description: "Only a submitted week (409 otherwise), by its person or someone who fills in others' weeks; 422 in a locked week.",
    permission: "time:log",
    params: timesheetPath,
    success: movedTimesheet("The week, a draft again"),
    ifMatch: true,
    conflicts: true,
    rules: true,
  },
  approveTimesheet: {
    method: "post",
    path: "/api/v1/timesheets/{timesheetId}/approve",
    operationId: "approveTimesheet",
    tag: "Timesheets",
    summary: "Approve a submitted week",
    description:
      "Managers approve the weeks of the people of the teams they manage, never their own (403); owners and admins anyone's. " +
      "Only a submitted week (409 otherwise). A week locked after it was submitted can still be approved. Send `If-Match` " +
      "with the ETag of what was reviewed, so a week withdrawn and changed meanwhile isn't approved.",
    permission: "timesheet:approve",
    params: timesheetPath,
    success: movedTimesheet("The approved week"),
    ifMatch: true,
    conflicts: true,
  },
  sendBackTimesheet: {
    method: "post",
    path: "/api/v1/timesheets/{timesheetId}/send-back",
    operationId: "sendBackTimesheet",
    tag: "Timesheets",
    summary: "Send a submitted week back with a comment",
    description: "Who may is as for approving. The person is notified with the comment and can change the week and submit it again.",
    permission: "timesheet:approve",
    params: timesheetPath,
    body: z.strictObject({ comment: text({ error: sendBackCommentMessage }).trim().min(1, sendBackCommentMessage).max(2000) }),
    success: movedTimesheet("The week, sent back"),
    ifMatch: true,
    conflicts: true,
  },
  reopenTimesheet: {
    method: "post",
    path: "/api/v1/timesheets/{timesheetId}/reopen",
    operationId: "reopenTimesheet",
    tag: "Timesheets",
    summary: "Reopen an approved week as a draft",
    description: "Only an approved week (409 otherwise); 422 in a locked week.",
    permission: "timesheet:reopen",
    params: timesheetPath,
    success: movedTimesheet("The week, a draft again"),
    ifMatch: true,
    conflicts: true,
    rules: true,
  },
  getLockDate: {
    method: "get",
    path: "/api/v1/company/lock-date",
    operationId: "getLockDate",
    tag: "Timesheets",
    summary: "Get the lock date",
    description: "Time on the lock date and before can't be logged, changed, submitted, withdrawn or reopened.",
    permission: "time:view",
    success: { status: 200, description: "The lock date", schema: lockDateSchema, headers: ["ETag"] },
    ifNoneMatch: true,
  },
  setLockDate: {
    method: "put",
    path: "/api/v1/company/lock-date",
    operationId: "setLockDate",
    tag: "Timesheets",
    summary: "Lock all time up to a day, or unlock it",
    description: "`lockedUntil` null (or left out) unlocks every day. A day after today is refused with 422.",
    permission: "time:lock",
    body: z.strictObject(lockInput.shape),
    success: { status: 200, description: "The lock date as it now is", schema: lockDateSchema, headers: ["ETag"] },
    ifMatch: true,
    rules: true,
  },
} as const satisfies Record<string, Endpoint>;
