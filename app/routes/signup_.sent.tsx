import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AuthLayout } from "~/components/AuthLayout";
import { Link } from "~/components/Link";
import { signUpRequestLifetimeHours } from "~/kernel/accounts/account-deps.server";

/**
 * Where every sign-up ends, whether or not the address has an account (the email
 * tells its owner which), so this page must not depend on anything submitted.
 */
export const meta: MetaFunction = () => [{ title: "Check your email · Hourbook" }];

export function loader() {
  return { lifetimeHours: signUpRequestLifetimeHours };
}

export default function SignupSent() {
  const { lifetimeHours } = useLoaderData<typeof loader>();
  return (
    <AuthLayout
      title="Check your email"
      footer={
        <p>
          Already have an account? <Link href="/login">Sign in</Link>
        </p>
      }
    >
      <p>
        We've sent a message to the address you entered. Open the link in it to create your company; it works once, for{" "}
        {lifetimeHours} hours. If the address has an Hourbook account already, the message tells you how to
        sign in instead.
      </p>
      <p>
        Nothing arrived after a few minutes? Check your spam folder, or <Link href="/signup">sign up again</Link>.
      </p>
    </AuthLayout>
  );
}
