import { z } from "zod";
import { timesheetStatuses } from "~/time/timesheet-states";
import { pageSchema, timestamp } from "../schemas";

const day = z.iso.date().meta({ description: "YYYY-MM-DD" });

export const timeEntrySchema = z
  .object({
    id: z.uuid(),
    userId: z.uuid().meta({ description: "Whose time" }),
    projectId: z.uuid(),
    taskId: z.uuid().nullable(),
    timesheetId: z.uuid().meta({ description: "The person's timesheet for the entry's week" }),
    day,
    minutes: z.int().min(1).max(1440).meta({ description: "Time worked, in minutes" }),
    startedAt: timestamp.nullable().meta({ description: "When logged as a start and an end (or by the timer's own entry: null)" }),
    endedAt: timestamp.nullable(),
    notes: z.string().nullable(),
    billable: z.boolean(),
    approval: z.enum(timesheetStatuses).meta({ description: "The status of the entry's week: only a draft (or sent-back) week's entries change" }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "TimeEntry", description: "Time a person worked on a project (and task) on a day" });

export const timeEntryPageSchema = pageSchema(timeEntrySchema, "TimeEntryPage");

export const timeEntriesSchema = z
  .object({ data: z.array(timeEntrySchema).meta({ description: "In the order they were sent" }) })
  .meta({ id: "TimeEntries" });

export const timerSchema = z
  .object({ projectId: z.uuid(), taskId: z.uuid().nullable(), notes: z.string().nullable(), startedAt: timestamp })
  .meta({ id: "Timer", description: "A running timer; stopping it saves an entry on the day it started" });

export const runningTimerSchema = z
  .object({ timer: timerSchema.nullable().meta({ description: "null when no timer runs" }) })
  .meta({ id: "RunningTimer" });

export const stoppedTimerSchema = z
  .object({ entry: timeEntrySchema.nullable().meta({ description: "The entry the timer was saved as; null when none was running" }) })
  .meta({ id: "StoppedTimer" });

export const switchedTimerSchema = z
  .object({
    stopped: timeEntrySchema.nullable().meta({ description: "The entry the timer that ran was saved as; null when none was running" }),
    timer: timerSchema,
  })
  .meta({ id: "SwitchedTimer" });
