import { getFormProps } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { admitAttempt, tooManyAttemptsMessage, tooManyAttempts } from "~/routing/attempts.server";
import { newPasswordField, passwordMinLength, personNameField } from "~/kernel/accounts/schemas";
import { auditRequestOf, getSession, startSession } from "~/kernel/accounts/session.server";
import { AuthLayout } from "~/components/AuthLayout";
import { Button } from "~/components/Button";
import { FormErrors, TextField } from "~/components/fields";
import { useValidatedForm } from "~/components/forms";
import { Link } from "~/components/Link";
import type { AcceptInvitationResult, InvitationState } from "~/kernel/accounts/invitation-acceptance.server";
import { roleLabels } from "~/kernel/permissions";
import { parseSubmission, rejected } from "~/routing/forms.server";
import { keepOwnHeaders } from "~/routing/route-headers";

export const meta: MetaFunction = () => [{ title: "Invitation · Hourbook" }];
export const headers = keepOwnHeaders;

const newAccountSchema = z.object({ name: personNameField, password: newPasswordField });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const [invitation, session] = await Promise.all([
    context.auth.accounts.findInvitation(params.token ?? ""),
    getSession(request, context),
  ]);
  return {
    invitation,
    signedInAs: session ? { name: session.user.name, email: session.user.email } : null,
  };
}

type Failure = Extract<AcceptInvitationResult, { ok: false }>["reason"];

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const subject = { action: "invitation" } as const;
  const blocked = await admitAttempt(context, subject);
  const session = await getSession(request, context);

  if (session) {
    if (blocked) return data({ failure: "blocked" as const, retryAfterSeconds: blocked }, { status: 429, headers: { "Retry-After": String(blocked) } });
    const result = await context.auth.accounts.acceptInvitation(token, { userId: session.user.id }, auditRequestOf(request, context));
    if (!result.ok) return { failure: result.reason };
    return startSession(request, context, session.user.id, `/c/${result.companySlug}`);
  }

  const submission = await parseSubmission(request, newAccountSchema);
  if (submission.status !== "success") return rejected(submission);
  if (blocked) return tooManyAttempts(submission, blocked);
  const result = await context.auth.accounts.acceptInvitation(token, submission.value, auditRequestOf(request, context));
  if (!result.ok) return { failure: result.reason };
  return startSession(request, context, result.userId, `/c/${result.companySlug}`);
}

const deadLinks: Record<Exclude<InvitationState, "open">, { title: string; text: string }> = {
  expired: { title: "This invitation has expired", text: "Invitations are valid for 7 days. Ask the person who invited you to send it again." },
  accepted: { title: "This invitation has been accepted", text: "It was used already. Sign in to open the company." },
  revoked: { title: "This invitation was withdrawn", text: "An admin of the company cancelled it. Ask them if you should still join." },
  unknown: { title: "This invitation link isn't valid", text: "It may have been copied incompletely, or replaced by a newer invitation. Check the latest email you received." },
};

const failureText: Record<Exclude<Failure, Exclude<InvitationState, "open">>, string> = {
  "wrong-account": "You are signed in with a different email than the one invited. Sign out, then open the link again.",
  "account-exists": "An account with this email exists already. Sign in to accept the invitation.",
  "member-limit":
    "This company has as many members as its plan allows, so you can't join yet. Ask the company's admins to upgrade the plan or free a seat, then open this link again.",
  "read-only":
    "This company is read-only for now because of its subscription, so no one can join it. Ask the person who invited you to restore it on the billing page, then open this link again.",
};

export default function AcceptInvitation() {
  const { invitation, signedInAs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { pathname } = useLocation();
  const failure = result && "failure" in result ? result.failure : null;
  const [form, fields] = useValidatedForm(newAccountSchema, result && !("failure" in result) ? result : null);
  const busy = navigation.state === "submitting";

  const state = failure && failure in deadLinks ? (failure as keyof typeof deadLinks) : invitation.state;
  if (state !== "open") {
    const dead = deadLinks[state];
    return (
      <AuthLayout title={dead.title}>
        <p>{dead.text}</p>
        <p>
          <Link href="/login">Go to sign in</Link>
        </p>
      </AuthLayout>
    );
  }

  const heading = `Join ${invitation.companyName} on Hourbook`;
  const intro = (
    <p>
      {invitation.inviterName ?? "An admin"} invited <strong>{invitation.email}</strong> to join as{" "}
      {invitation.role ? roleLabels[invitation.role] : "a member"}.
    </p>
  );
  if (invitation.companyReadOnly || failure === "read-only") {
    return (
      <AuthLayout title={`You can't join ${invitation.companyName} right now`} intro={intro}>
        <p>{failureText["read-only"]}</p>
      </AuthLayout>
    );
  }

  const problem =
    failure === "blocked"
      ? tooManyAttemptsMessage(result && "retryAfterSeconds" in result ? Number(result.retryAfterSeconds) : 900)
      : failure && failure in failureText
        ? failureText[failure as keyof typeof failureText]
        : null;

  if (signedInAs) {
    const matches = signedInAs.email.toLowerCase() === invitation.email?.toLowerCase();
    return (
      <AuthLayout title={heading} intro={intro}>
        <FormErrors errors={problem ? [problem] : null} />
        {matches ? (
          <Form method="post" className="stack">
            <Button type="submit" isPending={busy}>
              Join {invitation.companyName}
            </Button>
          </Form>
        ) : (
          <div className="stack">
            <p>
              You are signed in as {signedInAs.email}. This invitation is for {invitation.email}: sign out, then open the
              link again.
            </p>
            <Form method="post" action="/logout">
              <Button type="submit" variant="secondary">
                Sign out
              </Button>
            </Form>
          </div>
        )}
      </AuthLayout>
    );
  }

  if (invitation.hasAccount) {
    return (
      <AuthLayout title={heading} intro={intro}>
        <p>You have an Hourbook account already. Sign in as {invitation.email} to accept.</p>
        <p>
          <Link href={`/login?redirectTo=${encodeURIComponent(pathname)}`}>Sign in</Link>
        </p>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={heading} intro={intro}>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors errors={problem ? [problem] : form.errors} />
        <TextField label="Your name" name={fields.name.name} autoComplete="name" errors={fields.name.errors} defaultValue={fields.name.initialValue} />
        <TextField
          label="Choose a password"
          name={fields.password.name}
          type="password"
          autoComplete="new-password"
          description={`At least ${passwordMinLength} characters. You'll sign in with ${invitation.email}.`}
          errors={fields.password.errors}
        />
        <Button type="submit" isPending={busy}>
          Create account and join
        </Button>
      </Form>
    </AuthLayout>
  );
}
