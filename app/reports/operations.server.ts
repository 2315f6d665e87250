import { todayIn } from "~/kernel/clock/weeks";
import type { Member } from "~/kernel/accounts/session.server";
import { notFound, operation, outcomeOf, refused, succeeded } from "~/kernel/operations";
import {
  createScheduleInput,
  renameSavedReportInput,
  saveReportInput,
  savedReportInput,
  scheduleInput,
  updateSavedReportInput,
  updateScheduleInput,
} from "./inputs";
import { periodOfRun } from "./schedule";
import { scheduleInputOf } from "./schedule-input";
import type { RangePreset } from "./definition";
import { definitionToSave } from "./saved-report-form";
import { createSavedReport, deleteSavedReport, updateSavedReport, type SavedReportChange } from "./saved-reports.server";
import {
  createReportSchedule,
  deleteReportSchedule,
  getReportSchedule,
  sendReportScheduleNow,
  setReportScheduleEnabled,
  updateReportSchedule,
} from "./schedules.server";
import type { TenantTransaction } from "../../db/tenant";

const onlyTheOwner = "Only the person who saved this report can change it";

/** The definition a report page's query string stands for, read on today's date in the company's clock. */
function definitionOf(input: { query: string; range: RangePreset }, member: Member) {
  return definitionToSave(input.query, input.range, todayIn(member.company.timezone), member.company.weekStart);
}

async function changeOwnReport(tx: TenantTransaction, reportId: string, change: SavedReportChange) {
  const saved = await updateSavedReport(tx, reportId, change);
  if (saved === "not-owner") return refused(403, onlyTheOwner);
  return outcomeOf(saved, "Saved report");
}

/**
 * Saving needs only the right to run reports: a definition shows each person only
 * what they may see, so sharing one shares no time (decision 021).
 */
export const saveReportOperation = operation({
  name: "report.save",
  permission: "report:view",
  input: saveReportInput,
  run: async (tx, input, { member }) => {
    const made = definitionOf(input, member);
    if (!made.ok) return refused(422, made.message);
    return outcomeOf(await createSavedReport(tx, { name: input.name, kind: input.kind, definition: made.definition, shared: input.shared }), "Saved report");
  },
});

/** The owner replaces the report's filters, kind and period with what the report page shows. */
export const updateSavedReportOperation = operation({
  name: "report.update",
  permission: "report:view",
  input: updateSavedReportInput,
  run: async (tx, input, { member }) => {
    const made = definitionOf(input, member);
    if (!made.ok) return refused(422, made.message);
    return changeOwnReport(tx, input.reportId, { kind: input.kind, definition: made.definition });
  },
});

/** Renaming and sharing are the owner's alone: renaming someone else's report would surprise them. */
export const renameSavedReportOperation = operation({
  name: "report.rename",
  permission: "report:view",
  input: renameSavedReportInput,
  run: (tx, input) => changeOwnReport(tx, input.reportId, { name: input.name, shared: input.shared }),
});

/** The owner deletes their own; an owner or admin of the company a shared one too (RLS decides). */
export const deleteSavedReportOperation = operation({
  name: "report.delete",
  permission: "report:view",
  input: savedReportInput,
  run: async (tx, input) => {
    const deleted = await deleteSavedReport(tx, input.reportId);
    if (deleted === null) return notFound("Saved report");
    if (deleted === "not-allowed") return refused(403, "Only the person who saved this report, or an owner or admin, can delete it");
    return succeeded(input);
  },
});

/** The schedule runs as the member who creates it: what they may see is what the report holds. */
export const createScheduleOperation = operation({
  name: "report-schedule.create",
  permission: "report:schedule",
  input: createScheduleInput,
  run: async (tx, input) => outcomeOf(await createReportSchedule(tx, scheduleInputOf(input)), "Scheduled report", 422),
});

export const updateScheduleOperation = operation({
  name: "report-schedule.update",
  permission: "report:schedule",
  input: updateScheduleInput,
  run: async (tx, input) => outcomeOf(await updateReportSchedule(tx, input.scheduleId, scheduleInputOf(input)), "Scheduled report", 422),
});

export const pauseScheduleOperation = operation({
  name: "report-schedule.pause",
  permission: "report:schedule",
  input: scheduleInput,
  run: async (tx, input) => outcomeOf(await setReportScheduleEnabled(tx, input.scheduleId, false), "Scheduled report", 422),
});

/** Refused with 422 when the hour no longer exists once on every run day (the clock's rules moved on). */
export const resumeScheduleOperation = operation({
  name: "report-schedule.resume",
  permission: "report:schedule",
  input: scheduleInput,
  run: async (tx, input) => outcomeOf(await setReportScheduleEnabled(tx, input.scheduleId, true), "Scheduled report", 422),
});

export const deleteScheduleOperation = operation({
  name: "report-schedule.delete",
  permission: "report:schedule",
  input: scheduleInput,
  run: async (tx, input) => ((await deleteReportSchedule(tx, input.scheduleId)) ? succeeded(input) : notFound("Scheduled report")),
});

/**
 * Sends the period just ended now, unless it went out already: each period goes out
 * once, so asking again is answered with what was sent rather than refused.
 */
export const sendScheduleNowOperation = operation({
  name: "report-schedule.send-now",
  permission: "report:schedule",
  input: scheduleInput,
  run: async (tx, input, { member }) => {
    const schedule = await getReportSchedule(tx, input.scheduleId);
    if (!schedule) return notFound("Scheduled report");
    const now = new Date();
    const period = periodOfRun(schedule, now, member.company.timezone, member.company.weekStart);
    const alreadySent = schedule.lastPeriod !== null && schedule.lastPeriod.from >= period.from;
    if (!alreadySent) await sendReportScheduleNow(tx, input.scheduleId, now);
    return succeeded({ period, alreadySent, recipients: schedule.recipientIds.length });
  },
});
