import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { admitAttempt, tooManyAttempts } from "~/routing/attempts.server";
import { newPasswordField, passwordMinLength } from "~/kernel/accounts/schemas";
import { auditRequestOf, startSession } from "~/kernel/accounts/session.server";
import { AuthLayout } from "~/components/AuthLayout";
import { Button } from "~/components/Button";
import { FormErrors, TextField } from "~/components/fields";
import { useValidatedForm } from "~/components/forms";
import { Link } from "~/components/Link";
import type { ResetTokenState } from "~/kernel/accounts/password-reset.server";
import { parseSubmission, rejected } from "~/routing/forms.server";
import { keepOwnHeaders } from "~/routing/route-headers";

export const meta: MetaFunction = () => [{ title: "Choose a new password · Hourbook" }];
export const headers = keepOwnHeaders;

const schema = z.object({ password: newPasswordField });

export async function loader({ params, context }: LoaderFunctionArgs) {
  return { tokenState: await context.auth.accounts.checkPasswordResetToken(params.token ?? "") };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const submission = await parseSubmission(request, schema);
  if (submission.status !== "success") return rejected(submission);
  const subject = { action: "password-reset" } as const;
  const blocked = await admitAttempt(context, subject);
  if (blocked) return tooManyAttempts(submission, blocked);

  const result = await context.auth.accounts.resetPassword(params.token ?? "", submission.value.password, auditRequestOf(request, context));
  if (!result.ok) return { tokenState: result.reason };
  return startSession(request, context, result.userId, "/");
}

const unusable: Record<Exclude<ResetTokenState, "valid">, string> = {
  expired: "This reset link has expired. Links work for one hour.",
  used: "This reset link has been used already. Each link works once.",
  unknown: "This reset link isn't valid. It may have been copied incompletely, or replaced by a newer one.",
};

export default function ResetPassword() {
  const { tokenState: loadedState } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const state: ResetTokenState = result && "tokenState" in result ? result.tokenState : loadedState;
  const [form, fields] = useValidatedForm(schema, result && !("tokenState" in result) ? result : null);

  if (state !== "valid") {
    return (
      <AuthLayout title="This link can't be used">
        <p>{unusable[state]}</p>
        <p>
          <Link href="/forgot-password">Send a new reset link</Link>
        </p>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Choose a new password" intro={<p>You'll be signed out everywhere else.</p>}>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors errors={form.errors} />
        <TextField
          label="New password"
          name={fields.password.name}
          type="password"
          autoComplete="new-password"
          description={`At least ${passwordMinLength} characters.`}
          errors={fields.password.errors}
        />
        <Button type="submit" isPending={navigation.state === "submitting"}>
          Save password and sign in
        </Button>
      </Form>
    </AuthLayout>
  );
}
