import { z } from "zod";
import { day } from "~/kernel/fields";
import { entryFields, entryRule, maxBulkEntries, startTimerInput } from "~/time/inputs";
import { timesheetStatuses } from "~/time/timesheet-states";
import type { Endpoint } from "../endpoint";
import { pageQuery } from "../pagination";
import {
  runningTimerSchema,
  stoppedTimerSchema,
  switchedTimerSchema,
  timeEntriesSchema,
  timeEntryPageSchema,
  timeEntrySchema,
} from "./schemas";

const entryPath = z.object({ entryId: z.uuid() });

const { userId: _whose, ...changeableFields } = entryFields;

/** A new entry's body: the operation's fields, strict, with the rule the operation's input holds them to. */
const newEntryBody = z.strictObject(entryFields).superRefine((value, ctx) => entryRule(value, ctx, true));

/** A change names only what changes; the entry's person comes from the entry. */
const entryChangeBody = z.strictObject(changeableFields).superRefine((value, ctx) => entryRule(value, ctx, false));

/** The operation's list, each item made strict, with the same limits and messages. */
const bulkEntriesBody = z.strictObject({
  entries: z
    .array(newEntryBody)
    .min(1, "Send at least one entry")
    .max(maxBulkEntries, `Send at most ${maxBulkEntries.toLocaleString("en")} entries at once`),
});

const idFilter = (what: string) => z.uuid({ error: `Use a ${what}'s id` }).optional();

const entryQuery = z.object({
  ...pageQuery.shape,
  userId: idFilter("member").meta({ description: "Only this person's entries" }),
  projectId: idFilter("project").meta({ description: "Only this project's entries" }),
  clientId: idFilter("client").meta({ description: "Only entries on this client's projects" }),
  taskId: idFilter("task").meta({ description: "Only this task's entries" }),
  from: day("Enter a date as YYYY-MM-DD").optional().meta({ description: "From this day on (inclusive)" }),
  to: day("Enter a date as YYYY-MM-DD").optional().meta({ description: "Up to this day (inclusive)" }),
  billable: z.enum(["true", "false"], { error: "Use true or false" }).optional().meta({ description: "Only billable (true) or only non-billable (false) entries" }),
  approval: z
    .enum(timesheetStatuses, { error: `Use one of ${timesheetStatuses.join(", ")}` })
    .optional()
    .meta({ description: "Only entries whose week has this status" }),
  updatedSince: z.iso
    .datetime({ offset: true, error: "Use an ISO 8601 time, like 2026-12-07T16:00:00Z" })
    .optional()
    .meta({ description: "Only entries made or changed at or after this time" }),
});

export const timeEntryEndpoints = {
  listTimeEntries: {
    method: "get",
    path: "/api/v1/time-entries",
    operationId: "listTimeEntries",
    tag: "Time entries",
    summary: "List time entries",
    description:
      "The entries the token's person may see (their own; a manager's also their teams' people's; owners, admins and finance everyone's), " +
      "by day, then id, a page at a time.",
    permission: "time:view",
    query: entryQuery,
    success: { status: 200, description: "A page of entries", schema: timeEntryPageSchema, headers: ["Link"] },
  },
  createTimeEntry: {
    method: "post",
    path: "/api/v1/time-entries",
    operationId: "createTimeEntry",
    tag: "Time entries",
    summary: "Log time",
    description:
      "The week grid's rules apply: no more than 24 hours a day, nothing on or before the lock date or after the current week, " +
      "nothing in a submitted or approved week, only on projects open to the person (422 naming the rule).",
    permission: "time:log",
    body: newEntryBody,
    success: { status: 201, description: "The new entry", schema: timeEntrySchema, headers: ["Location", "ETag"] },
    rules: true,
  },
  bulkCreateTimeEntries: {
    method: "post",
    path: "/api/v1/time-entries/bulk",
    operationId: "bulkCreateTimeEntries",
    tag: "Time entries",
    summary: "Log up to 1,000 entries at once",
    description:
      "All or nothing: every entry is checked by the same rules as one, and if any is wrong nothing is saved and each wrong " +
      "field is named in `errors` as `entries.<index>.<field>` (400 for bad fields, 422 for broken rules).",
    permission: "time:log",
    body: bulkEntriesBody,
    success: { status: 201, description: "The new entries, in the order sent", schema: timeEntriesSchema },
    rules: true,
  },
  getTimeEntry: {
    method: "get",
    path: "/api/v1/time-entries/{entryId}",
    operationId: "getTimeEntry",
    tag: "Time entries",
    summary: "Get a time entry",
    permission: "time:view",
    params: entryPath,
    success: { status: 200, description: "The entry", schema: timeEntrySchema, headers: ["ETag"] },
    ifNoneMatch: true,
  },
  updateTimeEntry: {
    method: "patch",
    path: "/api/v1/time-entries/{entryId}",
    operationId: "updateTimeEntry",
    tag: "Time entries",
    summary: "Change a time entry",
    description:
      "Fields left out keep their value; `minutes` replaces a start and end, `start` and `end` replace minutes. " +
      "Another person's entry needs the role's time:log-for-others. The same rules as logging time apply to the entry's old and new day.",
    permission: "time:log",
    params: entryPath,
    body: entryChangeBody,
    success: { status: 200, description: "The entry as it now is", schema: timeEntrySchema, headers: ["ETag"] },
    ifMatch: true,
    rules: true,
  },
  deleteTimeEntry: {
    method: "delete",
    path: "/api/v1/time-entries/{entryId}",
    operationId: "deleteTimeEntry",
    tag: "Time entries",
    summary: "Delete a time entry",
    description: "Refused (422) in a submitted, approved or locked week.",
    permission: "time:log",
    params: entryPath,
    success: { status: 204, description: "Deleted" },
    ifMatch: true,
    rules: true,
  },
  getTimer: {
    method: "get",
    path: "/api/v1/timer",
    operationId: "getTimer",
    tag: "Timer",
    summary: "The running timer",
    permission: "time:view",
    success: { status: 200, description: "The running timer, or null", schema: runningTimerSchema },
  },
  startTimer: {
    method: "post",
    path: "/api/v1/timer/start",
    operationId: "startTimer",
    tag: "Timer",
    summary: "Start the timer",
    description: "Refused with 409 while a timer runs: stop it, or switch.",
    permission: "time:log",
    body: z.strictObject(startTimerInput.shape),
    success: { status: 200, description: "The running timer", schema: runningTimerSchema },
    conflicts: true,
    rules: true,
  },
  stopTimer: {
    method: "post",
    path: "/api/v1/timer/stop",
    operationId: "stopTimer",
    tag: "Timer",
    summary: "Stop the timer and save its time as an entry",
    description:
      "Whole minutes, at least one, on the day it started. Nothing running is not an error. When the entry breaks a rule " +
      "(a submitted week, more than 24 hours) the answer is 422 and the timer keeps running.",
    permission: "time:log",
    success: { status: 200, description: "The entry it was saved as, or null", schema: stoppedTimerSchema },
    rules: true,
  },
  switchTimer: {
    method: "post",
    path: "/api/v1/timer/switch",
    operationId: "switchTimer",
    tag: "Timer",
    summary: "Stop the running timer and start another",
    description: "In one transaction: the running timer is saved as an entry and the new one starts; if either is refused, nothing changes.",
    permission: "time:log",
    body: z.strictObject(startTimerInput.shape),
    success: { status: 200, description: "The entry the running timer was saved as, and the new timer", schema: switchedTimerSchema },
    rules: true,
  },
} as const satisfies Record<string, Endpoint>;
