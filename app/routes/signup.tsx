import { getFormProps } from "@conform-to/react";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { admitAttempt, tooManyAttempts } from "~/routing/attempts.server";
import { companyNameField, emailField, newPasswordField, passwordMinLength, personNameField } from "~/kernel/accounts/schemas";
import { getSession } from "~/kernel/accounts/session.server";
import { AuthLayout } from "~/components/AuthLayout";
import { Button } from "~/components/Button";
import { FormErrors, TextField } from "~/components/fields";
import { useValidatedForm } from "~/components/forms";
import { Link } from "~/components/Link";
import { parseSubmission, rejected } from "~/routing/forms.server";
import { keepOwnHeaders } from "~/routing/route-headers";

export const meta: MetaFunction = () => [{ title: "Create your account · Hourbook" }];
export const headers = keepOwnHeaders;

const schema = z.object({
  name: personNameField,
  email: emailField,
  password: newPasswordField,
  companyName: companyNameField,
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getSession(request, context)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = await parseSubmission(request, schema);
  if (submission.status !== "success") return rejected(submission);
  const subject = { action: "sign-up", email: submission.value.email } as const;

  const blocked = await admitAttempt(context, subject);
  if (blocked) return tooManyAttempts(submission, blocked);

  await context.auth.accounts.requestSignUp(submission.value);
  // The same answer whether or not the address has an account: the email says which.
  return redirect("/signup/sent");
}

export default function Signup() {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useValidatedForm(schema, lastResult);
  return (
    <AuthLayout
      title="Create your account"
      intro={
        <p>
          Set up your company in a minute. We'll email you a link to confirm your address; you'll be the company's owner
          and can invite your team next.
        </p>
      }
      footer={
        <p>
          Already have an account? <Link href="/login">Sign in</Link>
        </p>
      }
    >
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors errors={form.errors} />
        <TextField label="Your name" name={fields.name.name} autoComplete="name" errors={fields.name.errors} defaultValue={fields.name.initialValue} />
        <TextField label="Work email" name={fields.email.name} type="email" autoComplete="email" errors={fields.email.errors} defaultValue={fields.email.initialValue} />
        <TextField
          label="Password"
          name={fields.password.name}
          type="password"
          autoComplete="new-password"
          description={`At least ${passwordMinLength} characters.`}
          errors={fields.password.errors}
        />
        <TextField label="Company name" name={fields.companyName.name} autoComplete="organization" errors={fields.companyName.errors} defaultValue={fields.companyName.initialValue} />
        <Button type="submit" isPending={navigation.state === "submitting"}>
          Create account
        </Button>
      </Form>
    </AuthLayout>
  );
}
