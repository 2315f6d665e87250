import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuthLayout } from "~/components/AuthLayout";
import { Button } from "~/components/Button";
import { Link } from "~/components/Link";
import type { EmailChangeRefusal } from "~/kernel/accounts/profile.server";
import { auditRequestOf } from "~/kernel/accounts/session.server";
import { redirectWithFlash } from "~/routing/flash.server";

/**
 * The link an email change sends to the new address. Opening it only asks; the
 * button's POST makes the change, so a mail scanner fetching links doesn't. No
 * session needed: opening the inbox is the proof, and the password was given when asking.
 */
export const meta: MetaFunction = () => [{ title: "Confirm your new email address · Hourbook" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  return context.auth.accounts.findEmailChange(params.token ?? "");
}

// No attempt limit: the token is 256 random bits, there is no guess to throttle.
export async function action({ request, params, context }: ActionFunctionArgs) {
  const result = await context.auth.accounts.confirmEmailChange(params.token ?? "", auditRequestOf(request, context));
  if (!result.ok) return { failure: result.reason };
  return redirectWithFlash(context, "/account", `You now sign in with ${result.email}.`);
}

const unusable: Record<EmailChangeRefusal, { title: string; text: string }> = {
  expired: { title: "This link has expired", text: "Email change links work for 24 hours. Ask for a new one on your account page." },
  used: { title: "This link has been used already", text: "Each link works once; asking again voids the older ones." },
  unknown: { title: "This link isn't valid", text: "It may have been copied incompletely. Open it from the email again." },
  taken: { title: "This address has an account", text: "Another Hourbook account uses this address now, so yours keeps its current one." },
};

export default function ConfirmEmailChange() {
  const found = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const state: EmailChangeRefusal | "valid" = result?.failure ?? found.state;
  if (state !== "valid" || found.state !== "valid") {
    const { title, text } = unusable[state === "valid" ? "unknown" : state];
    return (
      <AuthLayout title={title}>
        <p>{text}</p>
        <p>
          <Link href="/account">Your account</Link>
        </p>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Confirm your new email address" intro={<p>Sign in to Hourbook with <strong>{found.newEmail}</strong> from now on.</p>}>
      <Form method="post" className="stack">
        <Button type="submit" isPending={navigation.state === "submitting"}>
          Use this address
        </Button>
      </Form>
    </AuthLayout>
  );
}
