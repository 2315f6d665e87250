import type { OperationEvents } from "~/kernel/operations";
import { getMember } from "~/kernel/members/members.server";
import { getInvoice } from "~/invoices/invoices.server";
import { findEntries, findEntry } from "~/time/entry-list.server";
import { getTimesheetById, timesheetIdOf } from "~/time/timesheets.server";
import type { TenantTransaction } from "../../../db/tenant";
import { emitWebhookEvent, type WebhookEventType } from "../../../jobs/webhook-events";
import { readClient, readProject } from "../catalog/answers.server";
import { invoiceJson } from "../invoices/answers.server";
import { memberJson } from "../members/answers.server";
import { entryJson } from "../time/answers.server";
import { timesheetSummaryJson } from "../timesheets/answers.server";

/**
 * Which operations announce which webhook events, and with what: the resource as the
 * API shows it (its answers.server.ts), read inside the change's transaction, so the
 * event carries the state the change committed. Emitting here, from the operations
 * both doors run, makes a change made on a page and one made through the API send
 * the same event (docs/decisions/049-outgoing-webhooks.md).
 */
type Json = Record<string, unknown>;
type Input = Record<string, unknown>;
type Emit = (type: WebhookEventType, data: Json | null) => Promise<void>;
type Announce = (tx: TenantTransaction, emit: Emit, input: Input, result: Json, before: unknown) => Promise<void>;

const str = (value: unknown) => value as string;

async function entries(tx: TenantTransaction, emit: Emit, ids: string[], type: WebhookEventType) {
  for (const entry of await findEntries(tx, ids)) await emit(type, entryJson(entry));
}

async function timesheet(tx: TenantTransaction, emit: Emit, id: string | null, type: WebhookEventType) {
  const sheet = id ? await getTimesheetById(tx, id) : null;
  await emit(type, sheet && timesheetSummaryJson(sheet));
}

/** The week an operation moved, by its person and first day. */
async function weekOf(tx: TenantTransaction, result: Json): Promise<string | null> {
  const person = result.person as { id: string } | undefined;
  return person ? timesheetIdOf(tx, person.id, str(result.week)) : null;
}

const decided = (type: WebhookEventType): Announce => async (tx, emit, input) => {
  const ids = [...((input.ids as string[] | undefined) ?? []), ...(input.timesheetId ? [str(input.timesheetId)] : [])];
  for (const id of ids) await timesheet(tx, emit, id, type);
};

const client = (type: WebhookEventType, id: (input: Input, result: Json) => string): Announce => async (tx, emit, input, result) =>
  emit(type, await readClient(tx, id(input, result)));

const project = (type: WebhookEventType, id: (input: Input, result: Json) => string): Announce => async (tx, emit, input, result) =>
  emit(type, await readProject(tx, id(input, result)));

const invoice = (type: WebhookEventType, id: (input: Input, result: Json) => string): Announce => async (tx, emit, input, result) => {
  const row = await getInvoice(tx, id(input, result));
  await emit(type, row && invoiceJson(row));
};

const member = (type: WebhookEventType): Announce => async (tx, emit, input) => {
  const row = await getMember(tx, str(input.userId));
  await emit(type, row && memberJson(row));
};

const fromInput = (name: string) => (input: Input) => str(input[name]);
const fromResult = (input: Input, result: Json) => str(result.id);

const announcements: Record<string, Announce> = {
  "time-entry.save": (tx, emit, _input, result) =>
    entries(tx, emit, [str(result.id)], result.added ? "time_entry.created" : "time_entry.updated"),
  "time-entry.delete": (_tx, emit, _input, _result, before) => emit("time_entry.deleted", before as Json | null),
  "time-entry.bulk-create": (tx, emit, _input, result) => entries(tx, emit, result.ids as string[], "time_entry.created"),
  "timer.stop": (tx, emit, _input, result) => (result.entryId ? entries(tx, emit, [str(result.entryId)], "time_entry.created") : Promise.resolve()),
  "timer.switch": (tx, emit, _input, result) =>
    result.stoppedEntryId ? entries(tx, emit, [str(result.stoppedEntryId)], "time_entry.created") : Promise.resolve(),
  "timesheet.submit": async (tx, emit, _input, result) => timesheet(tx, emit, await weekOf(tx, result), "timesheet.submitted"),
  "timesheet.reopen": async (tx, emit, _input, result) => timesheet(tx, emit, await weekOf(tx, result), "timesheet.reopened"),
  "timesheet.approve": decided("timesheet.approved"),
  "timesheet.send-back": decided("timesheet.sent_back"),
  "invoice.issue": invoice("invoice.issued", fromInput("invoiceId")),
  "invoice.mark-paid": invoice("invoice.paid", fromInput("invoiceId")),
  "invoice.void": invoice("invoice.voided", fromInput("invoiceId")),
  "invoice.credit": invoice("credit_note.issued", fromResult),
  "invoice.credit-part": invoice("credit_note.issued", fromResult),
  "member.change-role": member("member.role_changed"),
  "member.deactivate": member("member.deactivated"),
  "project.create": project("project.created", fromResult),
  "project.update": project("project.updated", fromInput("projectId")),
  "project.archive": project("project.archived", fromInput("projectId")),
  "client.create": client("client.created", fromResult),
  "client.update": client("client.updated", fromInput("clientId")),
  "client.archive": client("client.archived", fromInput("clientId")),
  "client.restore": client("client.restored", fromInput("clientId")),
};

/** What a deletion removes, read before it goes. */
const snapshots: Record<string, (tx: TenantTransaction, input: Input) => Promise<unknown>> = {
  "time-entry.delete": async (tx, input) => {
    const entry = await findEntry(tx, str(input.entryId));
    return entry && entryJson(entry);
  },
};

export const operationEvents: OperationEvents = {
  before: (tx, operation, input) => snapshots[operation]?.(tx, input as Input) ?? Promise.resolve(null),
  async after(tx, operation, input, result, before) {
    const announce = announcements[operation];
    if (!announce) return;
    // A resource the member can't read back (RLS) has nothing to announce as them.
    const emit: Emit = async (type, data) => {
      if (data) await emitWebhookEvent(tx, type, data);
    };
    await announce(tx, emit, input as Input, (result ?? {}) as Json, before);
  },
};
