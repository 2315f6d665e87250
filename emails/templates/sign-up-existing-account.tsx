import { Link } from "@react-email/components";
import { Action, EmailLayout, Paragraph, type EmailTemplateDefinition } from "../layout";

/**
 * Sent instead of a confirmation when the address has an account: the sign-up
 * page answers the same for every address, so this email is where the owner of
 * the address learns that it is taken, and nobody else does.
 */
export const signUpExistingAccount: EmailTemplateDefinition<"sign-up-existing-account"> = {
  subject: () => "Someone tried to create an Hourbook account with your address",
  Email({ props, context, links }) {
    return (
      <EmailLayout preview="You already have an Hourbook account" heading="You already have an account" context={context}>
        <Paragraph>
          Hi {props.name}, someone (hopefully you) tried to sign up for Hourbook with this address. It already has an
          account, so nothing was created.
        </Paragraph>
        <Action href={links.action}>Sign in</Action>
        <Paragraph>
          Forgot your password? <Link href={links.reset}>Reset it</Link>. If it wasn&apos;t you, ignore this email:
          your account stays as it is.
        </Paragraph>
      </EmailLayout>
    );
  },
};
