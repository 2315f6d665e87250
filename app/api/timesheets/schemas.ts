import { z } from "zod";
import { timesheetActions, timesheetStatuses } from "~/time/timesheet-states";
import { pageSchema, timestamp } from "../schemas";

const date = z.iso.date().meta({ description: "A calendar day, YYYY-MM-DD", example: "2026-12-07" });
const minutes = z.int().min(0).meta({ description: "Minutes (integer)" });

const timesheetFields = {
  id: z.uuid(),
  userId: z.uuid().meta({ description: "Whose week it is" }),
  personName: z.string(),
  weekStart: date.meta({ description: "The week's first day (the company's week start)" }),
  status: z.enum(timesheetStatuses).meta({ description: "`rejected` is a week sent back with a comment" }),
  comment: z.string().nullable().meta({ description: "What the approver asked to change, on a sent-back week" }),
  submittedAt: timestamp.nullable(),
  decidedAt: timestamp.nullable().meta({ description: "When it was approved or sent back" }),
  decidedBy: z.uuid().nullable().meta({ description: "Who approved it or sent it back" }),
  totalMinutes: minutes,
  billableMinutes: minutes,
};

export const timesheetSummarySchema = z.object(timesheetFields).meta({ id: "TimesheetSummary", description: "A weekly timesheet as a list shows it" });

export const timesheetPageSchema = pageSchema(timesheetSummarySchema, "TimesheetPage");

export const timesheetSchema = z
  .object({
    ...timesheetFields,
    days: z.array(z.object({ date, minutes })).length(7).meta({ description: "The week's seven days with the minutes logged on each" }),
    actions: z
      .array(z.enum(timesheetActions))
      .meta({ description: "What the token's person may do to the week now, by its status and their role (`reject` is sending it back); a locked week still refuses some with 422" }),
  })
  .meta({ id: "Timesheet", description: "A weekly timesheet with its days' totals" });

export const lockDateSchema = z
  .object({
    lockedUntil: date.nullable().meta({ description: "Every day up to and including this one is locked (payroll close); null when nothing is" }),
  })
  .meta({ id: "LockDate" });
