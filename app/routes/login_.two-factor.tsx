import { getFormProps } from "@conform-to/react";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { AuthLayout } from "~/components/AuthLayout";
import { Button } from "~/components/Button";
import { FormErrors, TextField } from "~/components/fields";
import { useValidatedForm } from "~/components/forms";
import { Link } from "~/components/Link";
import { secondFactorCodeInput } from "~/kernel/accounts/two-factor-inputs";
import { auditRequestOf } from "~/kernel/accounts/session.server";
import { attemptsBlockedFor, clearAttempts, recordAttempt, tooManyAttempts } from "~/routing/attempts.server";
import { parseSubmission, rejected } from "~/routing/forms.server";
import { completeSecondFactor, pendingSignIn } from "~/routing/second-factor.server";
import { keepOwnHeaders } from "~/routing/route-headers";

export const meta: MetaFunction = () => [{ title: "Two-factor code · Hourbook" }];
export const headers = keepOwnHeaders;

/** Without a live challenge (expired, spent, or never started) the way on is to sign in again. */
const signInAgain = "/login?expired=two-factor";

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!(await pendingSignIn(request, context))) throw redirect(signInAgain);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const pending = await pendingSignIn(request, context);
  if (!pending) throw redirect(signInAgain);
  const submission = await parseSubmission(request, secondFactorCodeInput);
  if (submission.status !== "success") return rejected(submission);

  // Limited like the password step, per person and per address, so the password
  // alone can't be followed by guessing a million codes.
  const subject = { action: "second-factor", userId: pending.userId } as const;
  const blocked = await attemptsBlockedFor(context, subject);
  if (blocked) return tooManyAttempts(submission, blocked);

  const audit = auditRequestOf(request, context);
  const factor = await context.auth.accounts.verifySecondFactor({ userId: pending.userId, code: submission.value.code, request: audit });
  if (!factor) {
    await context.auth.accounts.recordAccountEvent({ action: "session.second_factor_failed", userId: pending.userId, request: audit });
    await recordAttempt(context, subject);
    return rejected(submission, { fieldErrors: { code: ["That code didn't work. Enter the current code from your app, or a recovery code."] } });
  }
  await clearAttempts(context, subject);
  return (await completeSecondFactor(request, context, pending)) ?? redirect(signInAgain);
}

export default function TwoFactorSignIn() {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useValidatedForm(secondFactorCodeInput, lastResult);
  return (
    <AuthLayout
      title="Two-factor authentication"
      intro={<p>Enter the 6-digit code from your authenticator app. Lost it? Enter one of your recovery codes instead.</p>}
      footer={
        <p>
          <Link href="/login">Sign in as someone else</Link>
        </p>
      }
    >
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors errors={form.errors} />
        <TextField
          label="Code"
          name={fields.code.name}
          autoComplete="one-time-code"
          inputMode="text"
          errors={fields.code.errors}
        />
        <Button type="submit" isPending={navigation.state === "submitting"}>
          Verify
        </Button>
      </Form>
    </AuthLayout>
  );
}
