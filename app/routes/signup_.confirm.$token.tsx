import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { auditRequestOf, startSession } from "~/kernel/accounts/session.server";
import { AuthLayout } from "~/components/AuthLayout";
import { Button } from "~/components/Button";
import { Link } from "~/components/Link";
import type { SignUpRequestState } from "~/kernel/accounts/sign-up.server";

/**
 * The link a sign-up emails. Opening it only shows what will be created; the
 * button's POST creates it, so a mail scanner that fetches links doesn't spend it.
 */
export const meta: MetaFunction = () => [{ title: "Create your company · Hourbook" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  return { signUp: await context.auth.accounts.findSignUpRequest(params.token ?? "") };
}

// No attempt limit, unlike the sign-up form: the token is 256 random bits and
// nothing is hashed here, so there is neither a guess nor a cost to throttle.
export async function action({ request, params, context }: ActionFunctionArgs) {
  const result = await context.auth.accounts.confirmSignUp(params.token ?? "", auditRequestOf(request, context));
  if (!result.ok) return { failure: result.reason };
  return startSession(request, context, result.user.id, `/c/${result.companySlug}`);
}

const unusable: Record<Exclude<SignUpRequestState, "valid">, { title: string; text: string }> = {
  expired: { title: "This link has expired", text: "Sign-up links work for 24 hours. Sign up again to get a new one." },
  used: { title: "This link has been used already", text: "Each sign-up link works once. If you created your company with it, sign in." },
  unknown: { title: "This link isn't valid", text: "It may have been copied incompletely. Open it from the email again, or sign up again." },
  "account-exists": {
    title: "You have an account already",
    text: "This email address has an Hourbook account now, so no new one was created. Sign in, or reset your password if you don't know it.",
  },
};

function UnusableLink({ state }: { state: Exclude<SignUpRequestState, "valid"> }) {
  const { title, text } = unusable[state];
  return (
    <AuthLayout title={title}>
      <p>{text}</p>
      {state === "account-exists" ? (
        <p>
          <Link href="/login">Sign in</Link> · <Link href="/forgot-password">Reset your password</Link>
        </p>
      ) : (
        <p>
          <Link href="/signup">Sign up again</Link> · <Link href="/login">Sign in</Link>
        </p>
      )}
    </AuthLayout>
  );
}

export default function ConfirmSignup() {
  const { signUp } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const state = result?.failure ?? signUp.state;
  if (state !== "valid" || !signUp.details) return <UnusableLink state={state === "valid" ? "unknown" : state} />;

  const { name, email, companyName } = signUp.details;
  return (
    <AuthLayout
      title="Create your company"
      intro={
        <p>
          Your email address is confirmed. Create <strong>{companyName}</strong> on Hourbook, with {name} ({email}) as its
          owner.
        </p>
      }
    >
      <Form method="post" className="stack">
        <Button type="submit" isPending={navigation.state === "submitting"}>
          Create my company
        </Button>
      </Form>
    </AuthLayout>
  );
}
