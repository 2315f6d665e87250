import { getFormProps } from "@conform-to/react";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { attemptsBlockedFor, clearAttempts, recordAttempt, tooManyAttempts } from "~/routing/attempts.server";
import { InvalidCredentialsError, passwordAuthenticator } from "~/kernel/accounts/authenticator.server";
import { emailField } from "~/kernel/accounts/schemas";
import { auditRequestOf, getSession, safeRedirect } from "~/kernel/accounts/session.server";
import { signInAfterFirstFactor } from "~/routing/second-factor.server";
import { AuthLayout } from "~/components/AuthLayout";
import { Button } from "~/components/Button";
import { FormErrors, TextField } from "~/components/fields";
import { useValidatedForm } from "~/components/forms";
import { Link } from "~/components/Link";
import { parseSubmission, rejected } from "~/routing/forms.server";
import { keepOwnHeaders } from "~/routing/route-headers";

export const meta: MetaFunction = () => [{ title: "Sign in · Hourbook" }];
export const headers = keepOwnHeaders;

const schema = z.object({
  email: emailField,
  password: z.string({ error: "Enter your password" }).max(1_000),
  redirectTo: z.string().optional(),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getSession(request, context)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  // The authenticator reads the body too, so validate a copy.
  const submission = await parseSubmission(request.clone(), schema);
  if (submission.status !== "success") return rejected(submission);
  const subject = { action: "sign-in", email: submission.value.email } as const;

  const blocked = await attemptsBlockedFor(context, subject);
  if (blocked) return tooManyAttempts(submission, blocked);

  try {
    const user = await passwordAuthenticator(context).authenticate("password", request);
    await clearAttempts(context, subject);
    return signInAfterFirstFactor(request, context, user.id, safeRedirect(submission.value.redirectTo, "/"));
  } catch (error) {
    if (!(error instanceof InvalidCredentialsError)) throw error;
    await context.auth.accounts.recordAccountEvent({
      action: "session.sign_in_failed",
      email: submission.value.email,
      request: auditRequestOf(request, context),
    });
    // Only failures count; the allowance's last one still hears why it failed, and the next is refused.
    await recordAttempt(context, subject);
    return rejected(submission, { formErrors: [error.message], status: 400 });
  }
}

export default function Login() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useValidatedForm(schema, lastResult);
  return (
    <AuthLayout
      title="Sign in"
      footer={
        <p>
          New to Hourbook? <Link href="/signup">Create an account</Link>
        </p>
      }
    >
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <TextField label="Email" name={fields.email.name} type="email" autoComplete="email" errors={fields.email.errors} defaultValue={fields.email.initialValue} />
        <TextField label="Password" name={fields.password.name} type="password" autoComplete="current-password" errors={fields.password.errors} />
        <Button type="submit" isPending={navigation.state === "submitting"}>
          Sign in
        </Button>
        <p>
          <Link href="/forgot-password">Forgot your password?</Link>
        </p>
      </Form>
    </AuthLayout>
  );
}
