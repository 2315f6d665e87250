import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { admitAttempt, tooManyAttempts } from "~/routing/attempts.server";
import { emailField } from "~/kernel/accounts/schemas";
import { AuthLayout } from "~/components/AuthLayout";
import { Button } from "~/components/Button";
import { FormErrors, TextField } from "~/components/fields";
import { useValidatedForm } from "~/components/forms";
import { Link } from "~/components/Link";
import { Notice } from "~/components/Notice";
import { parseSubmission, rejected } from "~/routing/forms.server";
import { keepOwnHeaders } from "~/routing/route-headers";

export const meta: MetaFunction = () => [{ title: "Reset your password · Hourbook" }];
export const headers = keepOwnHeaders;

const schema = z.object({ email: emailField });

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = await parseSubmission(request, schema);
  if (submission.status !== "success") return rejected(submission);
  const subject = { action: "password-reset", email: submission.value.email } as const;
  const blocked = await admitAttempt(context, subject);
  if (blocked) return tooManyAttempts(submission, blocked);

  await context.auth.accounts.requestPasswordReset(submission.value.email);
  // The same answer whether or not the address has an account.
  return { sentTo: submission.value.email };
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const sentTo = result && "sentTo" in result ? result.sentTo : null;
  const [form, fields] = useValidatedForm(schema, result && !("sentTo" in result) ? result : null);
  return (
    <AuthLayout
      title="Reset your password"
      intro={<p>Enter the email you sign in with. We'll send a link to choose a new password; it works once, for one hour.</p>}
      footer={
        <p>
          Remembered it? <Link href="/login">Sign in</Link>
        </p>
      }
    >
      {sentTo ? (
        <Notice tone="success">
          If {sentTo} has an Hourbook account, a reset link is on its way. Check your inbox (and spam folder).
        </Notice>
      ) : (
        <Form method="post" {...getFormProps(form)} className="stack">
          <FormErrors errors={form.errors} />
          <TextField label="Email" name={fields.email.name} type="email" autoComplete="email" errors={fields.email.errors} />
          <Button type="submit" isPending={navigation.state === "submitting"}>
            Send reset link
          </Button>
        </Form>
      )}
    </AuthLayout>
  );
}
