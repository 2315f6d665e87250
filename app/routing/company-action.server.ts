import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireMember, requirePermission, type Member } from "~/kernel/accounts/session.server";
import { perform, type CallOut, type Operation } from "~/kernel/operations";
import { redirectWithFlash } from "./flash.server";
import { readForm, rejected } from "./forms.server";

/**
 * What a page does once an operation succeeded: the confirmation to show, and where
 * (default: the same page). A redirect that leaves Hourbook (to Stripe) shows none:
 * it would greet the person on whichever page they open next.
 */
export interface Success {
  toast?: string;
  redirectTo?: string;
  /**
   * A secret the person must see exactly once (a new API token): answered as the
   * action's data on this page instead of redirecting, because a redirect could
   * carry it only in the URL (history, logs, Referer) or a cookie. The answer is
   * marked no-store so no cache keeps it.
   */
  shownOnce?: Record<string, unknown>;
  /**
   * Answered as the action's data instead of a redirect: for a change a page makes in
   * the background (the week grid's autosave), which must not reload what the person
   * is typing in.
   */
  reply?: Record<string, unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each intent has its own input and result
type AnyOperation = Operation<any, any> | CallOut<any, any>;
type ResultOf<Op> = Op extends Operation<infer _Input, infer Result> | CallOut<infer _Input, infer Result> ? Result : never;
type InputOf<Op> = Op extends Operation<infer Input, unknown> | CallOut<infer Input, unknown> ? z.output<Input> : never;

export interface IntentHandler<Op extends AnyOperation = AnyOperation> {
  operation: Op;
  /** Values the URL carries rather than the form, such as the team id in /teams/:teamId. */
  fromParams?: (params: ActionFunctionArgs["params"]) => Record<string, string | undefined>;
  /**
   * A form whose fields aren't the operation's input as such (a picker posting
   * "project:task", a typed duration): parsed with this schema, whose output is the
   * operation's input, and `formFields` names the form field for each input field a
   * refusal names where the two differ.
   */
  form?: z.ZodType<InputOf<Op>>;
  formFields?: Record<string, string>;
  success: (result: ResultOf<Op>, member: Member) => Success;
}

/** Pairs an intent with its operation, so `success` sees the operation's own result type. */
export const intent = <Op extends AnyOperation>(handler: IntentHandler<Op>): IntentHandler => handler as IntentHandler;

const isUuid = (value: string | undefined) => z.uuid().safeParse(value).success;

const notUnderstood = "That request wasn't understood. Reload the page and try again.";

/**
 * The one shape of a company page's action: the member, the intent's permission,
 * the operation's schema, the operation in one tenant transaction, then either the
 * form's errors with 400/404/409/422 (503 from a call-out) or a redirect that shows a confirmation.
 * A form with more than one intent names it in a field called `intent`.
 *
 * Called inside the route's `action` function, not at module level: the client bundle
 * drops the action function whole, and with it every import from a .server module.
 */
export async function companyAction({ request, params, context }: ActionFunctionArgs, handlers: Record<string, IntentHandler>) {
  const member = await requireMember(request, context, params.company);
  // Every `$…Id` in our URLs is a UUID: one that isn't names nothing, whatever the form asks.
  if (Object.entries(params).some(([name, value]) => name.endsWith("Id") && !isUuid(value))) throw data("Not found", { status: 404 });
  const names = Object.keys(handlers);
  const form = await readForm(request);
  const chosen = names.length === 1 ? names[0] : form.get("intent");
  const handler = typeof chosen === "string" && Object.hasOwn(handlers, chosen) ? handlers[chosen] : undefined;
  if (!handler) throw data(notUnderstood, { status: 400 });
  await requirePermission(member, handler.operation.permission);

  const fromUrl = handler.fromParams?.(params) ?? {};
  for (const [name, value] of Object.entries(fromUrl)) {
    if (value !== undefined) form.set(name, value);
  }
  const submission = parseWithZod(form, { schema: handler.form ?? handler.operation.input });
  if (submission.status !== "success") return rejected(submission);

  const outcome = await perform(handler.operation, submission.value, { member, services: context });
  if (!outcome.ok) {
    const { status, message, fieldErrors } = outcome;
    const formField = (name: string) => handler.formFields?.[name] ?? name;
    const field = outcome.field === undefined ? undefined : formField(outcome.field);
    if (fieldErrors) {
      const messages: Record<string, string[]> = {};
      for (const [name, error] of Object.entries(fieldErrors)) (messages[formField(name)] ??= []).push(error);
      return rejected(submission, { fieldErrors: messages, status });
    }
    return rejected(submission, field ? { fieldErrors: { [field]: [message] }, status } : { formErrors: [message], status });
  }
  const { toast, redirectTo, shownOnce, reply } = handler.success(outcome.value, member);
  if (shownOnce) return data({ shownOnce }, { headers: { "Cache-Control": "no-store" } });
  if (reply) return data(reply);
  const here = new URL(request.url);
  const to = redirectTo ?? `${here.pathname}${here.search}`;
  return toast === undefined ? redirect(to) : redirectWithFlash(context, to, toast);
}
