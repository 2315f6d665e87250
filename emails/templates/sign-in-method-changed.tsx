import { Link } from "@react-email/components";
import type { SignInMethodChange } from "../messages";
import { Action, EmailLayout, Paragraph, type EmailTemplateDefinition } from "../layout";

/** What happened, in the words the notice's subject and first line use. */
const changes: Record<SignInMethodChange, string> = {
  "password-changed": "Your password was changed",
  "password-reset": "Your password was reset",
  "email-changed": "Your sign-in email address was changed",
  "two-factor-enabled": "Two-factor authentication was turned on",
  "two-factor-disabled": "Two-factor authentication was turned off",
  "recovery-codes-regenerated": "New two-factor recovery codes were made",
  "recovery-code-used": "A two-factor recovery code was used to sign in",
};

/**
 * Sent whenever how a person signs in changes, to the address that had the account
 * until then: if it wasn't them, this is how they find out, and a password reset
 * (which signs out everywhere) is the way back.
 */
export const signInMethodChanged: EmailTemplateDefinition<"sign-in-method-changed"> = {
  subject: (props) => `${changes[props.change]} · Hourbook`,
  Email({ props, context, links }) {
    return (
      <EmailLayout preview={changes[props.change]} heading={changes[props.change]} context={context}>
        <Paragraph>
          Hi {props.name}, this is a notice about your Hourbook account: {changes[props.change].toLowerCase()}
          {props.newEmail ? ` to ${props.newEmail}` : ""}.
        </Paragraph>
        <Action href={links.action}>Review your account</Action>
        <Paragraph>
          If this wasn&apos;t you, <Link href={links.reset}>reset your password</Link> at once: that signs out every
          device.
        </Paragraph>
      </EmailLayout>
    );
  },
};
