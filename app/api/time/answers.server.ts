import type { AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import type { Member } from "~/kernel/accounts/session.server";
import { jsonResponse } from "~/routing/api.server";
import { findEntries, findEntry, lockEntry, type EntryRecord } from "~/time/entry-list.server";
import { getTimer, type RunningTimer } from "~/time/timers.server";
import type { TenantTransaction } from "../../../db/tenant";
import type { timeEntrySchema, timerSchema } from "./schemas";
import { etagOf, tagged, type AnswerInit } from "../etag";

export function entryJson(entry: EntryRecord): z.output<typeof timeEntrySchema> {
  return {
    id: entry.id,
    userId: entry.userId,
    projectId: entry.projectId,
    taskId: entry.taskId,
    timesheetId: entry.timesheetId,
    day: entry.day,
    minutes: entry.minutes,
    startedAt: entry.startedAt?.toISOString() ?? null,
    endedAt: entry.endedAt?.toISOString() ?? null,
    notes: entry.notes,
    billable: entry.billable,
    approval: entry.approval,
    createdAt: entry.createdAt.toISOString(),
    updatedAt: entry.updatedAt.toISOString(),
  };
}

export function timerJson(timer: RunningTimer | null): z.output<typeof timerSchema> | null {
  return timer && { projectId: timer.projectId, taskId: timer.taskId, notes: timer.notes, startedAt: timer.startedAt.toISOString() };
}

/** The entry's current ETag with its row locked, for If-Match; null when the member can't change it (the operation then says why). */
export async function lockedEntryTag(tx: TenantTransaction, entryId: string): Promise<string | null> {
  const entry = await lockEntry(tx, entryId);
  return entry ? etagOf(entryJson(entry)) : null;
}

/** A change's answer: the entry as it now is, with its ETag. */
export async function entryAnswer(
  context: AppLoadContext,
  member: Member,
  entryId: string,
  init: AnswerInit = {},
): Promise<Response> {
  const entry = await context.withTenant(member.tenant, (tx) => findEntry(tx, entryId));
  const body = entryJson(entry!);
  return tagged(body, init);
}

/** Entries just made, in the order they were sent. */
export async function entriesAnswer(context: AppLoadContext, member: Member, entryIds: string[]): Promise<Response> {
  const entries = await context.withTenant(member.tenant, (tx) => findEntries(tx, entryIds));
  return jsonResponse({ data: entries.map(entryJson) }, { status: 201 });
}

/** A timer change's answer: the entry the running timer became (if any) and the timer now running. */
export async function timerAnswer(
  context: AppLoadContext,
  member: Member,
  stoppedEntryId: string | null,
): Promise<{ entry: z.output<typeof timeEntrySchema> | null; timer: z.output<typeof timerSchema> | null }> {
  return context.withTenant(member.tenant, async (tx) => {
    const entry = stoppedEntryId ? await findEntry(tx, stoppedEntryId) : null;
    return { entry: entry && entryJson(entry), timer: timerJson(await getTimer(tx)) };
  });
}
