import type { ActionFunctionArgs, AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import type { Member } from "~/kernel/accounts/session.server";
import type { Operation } from "~/kernel/operations";
import { apiChange, methodNotAllowed, notFoundProblem } from "~/routing/api.server";
import type { Endpoint } from "../endpoint";
import { getCompanyCalendar, lockCompanyCalendar } from "~/time/rules.server";
import { allowedActions } from "~/time/timesheet-states";
import { getTimesheetById, lockTimesheet, type TimesheetDetail, type TimesheetRow } from "~/time/timesheets.server";
import type { TenantTransaction } from "../../../db/tenant";
import type { lockDateSchema, timesheetSchema, timesheetSummarySchema } from "./schemas";
import { etagOf, tagged } from "../etag";

/** A timesheet as the API shows it in a list. */
export function timesheetSummaryJson(row: TimesheetRow): z.output<typeof timesheetSummarySchema> {
  return {
    id: row.id,
    userId: row.userId,
    personName: row.personName,
    weekStart: row.weekStart,
    status: row.status,
    comment: row.comment,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decidedBy: row.decidedBy,
    totalMinutes: row.totalMinutes,
    billableMinutes: row.billableMinutes,
  };
}

/** A timesheet on its own: its days, and what the transaction's member may do to it. */
export function timesheetJson(tx: TenantTransaction, sheet: TimesheetDetail): z.output<typeof timesheetSchema> {
  const actor = { role: tx.tenant.role, isOwn: sheet.userId === tx.tenant.userId, managesPerson: sheet.managesPerson };
  return { ...timesheetSummaryJson(sheet), days: sheet.days, actions: allowedActions(sheet.status, actor) };
}

/** The timesheet's current ETag with its row locked, for If-Match; null when the member can't see it. */
export async function lockedTimesheetTag(tx: TenantTransaction, timesheetId: string): Promise<string | null> {
  if (!(await lockTimesheet(tx, timesheetId))) return null;
  const sheet = await getTimesheetById(tx, timesheetId);
  return sheet ? etagOf(timesheetJson(tx, sheet)) : null;
}

/** A move's answer: the timesheet as it now is, with its ETag. */
export async function timesheetAnswer(context: AppLoadContext, member: Member, timesheetId: string): Promise<Response> {
  const body = await context.withTenant(member.tenant, async (tx) => {
    const sheet = await getTimesheetById(tx, timesheetId);
    return sheet ? timesheetJson(tx, sheet) : null;
  });
  if (!body) throw notFoundProblem("Timesheet");
  return tagged(body);
}

export function lockDateJson(lockedUntil: string | null): z.output<typeof lockDateSchema> {
  return { lockedUntil };
}

export async function currentLockDate(tx: TenantTransaction): Promise<z.output<typeof lockDateSchema>> {
  return lockDateJson((await getCompanyCalendar(tx)).lockedUntil);
}

/** The lock date's ETag with the company's row locked, so two clients can't both move it from what they read. */
export async function lockedLockDateTag(tx: TenantTransaction): Promise<string> {
  return etagOf(lockDateJson(await lockCompanyCalendar(tx)));
}

/**
 * POST /api/v1/timesheets/{timesheetId}/<move>: the page's operation with the path's
 * timesheet, with If-Match against the week as the caller last read it.
 */
export function timesheetMove<Op extends Operation<z.ZodType<{ timesheetId?: string }>, unknown>>(
  args: ActionFunctionArgs,
  endpoint: Endpoint,
  operation: Op,
): Promise<Response> {
  if (args.request.method !== "POST") return Promise.resolve(methodNotAllowed(["POST"]));
  return apiChange(args, endpoint, {
    operation,
    currentTag: (tx, input) => lockedTimesheetTag(tx, input.timesheetId!),
    respond: (_result, { member }) => timesheetAnswer(args.context, member, args.params.timesheetId!),
  });
}
