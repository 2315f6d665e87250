import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { emailChangeInput, profileInput } from "~/kernel/accounts/profile-inputs";
import { auditRequestOf, requireSession } from "~/kernel/accounts/session.server";
import { redirectWithFlash } from "~/routing/flash.server";
import { readForm, rejected } from "~/routing/forms.server";

/**
 * The account page's profile forms post here: the page's own action keeps its
 * sessions and password forms, and each form's errors come back to the page,
 * which reads this route's reply through useActionData.
 */
export function loader() {
  return redirect("/account");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requireSession(request, context);
  const form = await readForm(request);
  if (form.get("intent") === "email") {
    const submission = parseWithZod(form, { schema: emailChangeInput });
    if (submission.status !== "success") return rejected(submission);
    const result = await context.auth.accounts.requestEmailChange({
      userId: session.user.id,
      ...submission.value,
      request: auditRequestOf(request, context),
    });
    if (!result.ok) return rejected(submission, { fieldErrors: { [result.field]: [result.message] } });
    return redirectWithFlash(context, "/account", `We sent a link to ${submission.value.newEmail}. Open it to use that address.`);
  }
  const submission = parseWithZod(form, { schema: profileInput });
  if (submission.status !== "success") return rejected(submission);
  await context.auth.accounts.updateProfile(session.user.id, submission.value);
  return redirectWithFlash(context, "/account", "Profile saved.");
}
