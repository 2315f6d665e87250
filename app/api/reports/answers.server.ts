import type { LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { buildReportFile, reportFileName } from "~/reports/exports.server";
import { parseReportQuery, type ReportFilter, type ReportKind } from "~/reports/filter";
import { reportCsvChunks, reportEntryBatches, summarizeTime, unknownReportChoices, type ReportEntry } from "~/reports/time-report.server";
import { apiReadRequest, invalidFields, invalidInput, jsonResponse } from "~/routing/api.server";
import { problem } from "~/routing/problems";
import { streamInTenant } from "~/routing/tenant-stream.server";
import type { TenantTransaction } from "../../../db/tenant";
import { fileMediaTypes } from "../endpoint";
import { reportEndpoints, type reportAnswerFormats } from "./endpoints";
import type { timeDetailedSchema, timeReportEntrySchema, timeSummarySchema } from "./schemas";

type AnswerFormat = (typeof reportAnswerFormats)[number];

const acceptable: Record<string, AnswerFormat> = {
  "application/json": "json",
  "application/*": "json",
  "*/*": "json",
  [fileMediaTypes.csv]: "csv",
  [fileMediaTypes.xlsx]: "xlsx",
};

/**
 * `format` when given, else the Accept header's most preferred type we make
 * (q-values honoured, ties in the header's order), else JSON: a client that asks
 * for something else still gets an answer rather than a 406.
 */
export function answerFormatOf(request: Request, format: AnswerFormat | undefined): AnswerFormat {
  if (format) return format;
  const ranked = (request.headers.get("Accept") ?? "")
    .split(",")
    .map((part, index) => {
      const [type = "", ...parameters] = part.split(";").map((piece) => piece.trim().toLowerCase());
      const q = Number(parameters.find((p) => p.startsWith("q="))?.slice(2) ?? 1);
      return { type, q: Number.isFinite(q) ? q : 0, index };
    })
    .filter(({ type, q }) => q > 0 && type in acceptable)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0] ? acceptable[ranked[0].type]! : "json";
}

const fileHeaders = (contentType: string, filename: string) => ({
  "Content-Type": contentType,
  "Content-Disposition": `attachment; filename="${filename}"`,
  "Cache-Control": "private, no-store",
  "X-Content-Type-Options": "nosniff",
  Vary: "Accept",
});

/**
 * The time report a request asks for, as the report page and its download would
 * give it: the same filters with the same defaults and messages, the same queries
 * (RLS and the page's own role filter deciding whose time is in it), the same files.
 */
export async function timeReportAnswer(args: LoaderFunctionArgs, kind: ReportKind): Promise<Response> {
  const endpoint = kind === "summary" ? reportEndpoints.getTimeReportSummary : reportEndpoints.getTimeReportDetailed;
  const { caller, query } = await apiReadRequest(args, endpoint);
  const { member } = caller;
  const { context, request } = args;

  // The page's parser over the parameters as read, so defaults and cross-field rules match it.
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (name === "format") continue;
    for (const item of [value].flat()) if (item !== undefined) search.append(name, String(item));
  }
  const { parsed } = parseReportQuery(search, member.company.timezone);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const filter = parsed.data;
  const format = answerFormatOf(request, query.format);

  const unknown = await context.withTenantRead(member.tenant, (tx) => unknownReportChoices(tx, filter));
  if (Object.keys(unknown).length > 0) {
    throw invalidFields(Object.entries(unknown).flatMap(([field, messages]) => messages!.map((message) => ({ field, message }))));
  }

  if (kind === "detailed" && format !== "xlsx") {
    const body = await streamInTenant(
      context.withTenantRead,
      member.tenant,
      (tx) => (format === "csv" ? reportCsvChunks(tx, filter) : detailedJsonChunks(tx, filter)),
      { signal: request.signal, onError: (error) => context.logger.error({ err: error }, "API time report broke off") },
    );
    const headers =
      format === "csv"
        ? fileHeaders("text/csv; charset=utf-8", reportFileName(kind, filter, "csv"))
        : { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "private, no-store", Vary: "Accept" };
    return new Response(body, { headers });
  }

  if (format === "json") {
    const report = await context.withTenantRead(member.tenant, (tx) => summarizeTime(tx, filter));
    const body: z.output<typeof timeSummarySchema> = { from: filter.from, to: filter.to, groupBy: filter.groupBy, ...report };
    return jsonResponse(body, { headers: { Vary: "Accept" } });
  }
  const built = await context.withTenantRead(member.tenant, (tx) => buildReportFile(tx, { kind, format, filter, title: member.company.name }));
  // Too many entries for a file built whole: the page's message, which says what to ask for instead.
  if (!built.ok) throw problem(422, "rule-broken", built.message);
  return new Response(new Uint8Array(built.file.content), { headers: fileHeaders(built.file.contentType, built.file.filename) });
}

function reportEntryJson(entry: ReportEntry): z.output<typeof timeReportEntrySchema> {
  return {
    id: entry.id,
    group: entry.group,
    date: entry.date,
    userId: entry.userId,
    person: entry.person,
    email: entry.email,
    clientId: entry.clientId,
    client: entry.client,
    projectId: entry.projectId,
    project: entry.project,
    projectCode: entry.projectCode,
    taskId: entry.taskId,
    task: entry.task,
    notes: entry.notes,
    minutes: entry.minutes,
    billable: entry.billable,
    status: entry.status as z.output<typeof timeReportEntrySchema>["status"],
    rateMinor: entry.rateMinor,
    amountMinor: entry.amountMinor,
    currency: entry.currency,
  };
}

/**
 * The detailed report as one JSON document, a batch of entries per chunk, from the
 * CSV's own cursor. The totals come last, summed from the entries written, so they
 * agree with them whatever changed while the report was read.
 */
async function* detailedJsonChunks(tx: TenantTransaction, filter: ReportFilter): AsyncGenerator<string, void> {
  const head: Omit<z.output<typeof timeDetailedSchema>, "entries" | "totals"> = { from: filter.from, to: filter.to, groupBy: filter.groupBy };
  yield `${JSON.stringify(head).slice(0, -1)},"entries":[`;
  const totals: z.output<typeof timeDetailedSchema>["totals"] = { minutes: 0, billableMinutes: 0, entries: 0 };
  for await (const batch of reportEntryBatches(tx, filter)) {
    const lines = batch.map((entry) => {
      totals.minutes += entry.minutes;
      if (entry.billable) totals.billableMinutes += entry.minutes;
      return JSON.stringify(reportEntryJson(entry));
    });
    yield `${totals.entries === 0 ? "" : ","}${lines.join(",")}`;
    totals.entries += batch.length;
  }
  yield `],"totals":${JSON.stringify(totals)}}`;
}
