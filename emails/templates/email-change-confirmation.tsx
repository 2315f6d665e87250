import { formatInstant } from "../format";
import { Action, EmailLayout, Paragraph, type EmailTemplateDefinition } from "../layout";

/** Sent to the new address: the account's address changes only once its owner opens the link. */
export const emailChangeConfirmation: EmailTemplateDefinition<"email-change-confirmation"> = {
  subject: () => "Confirm your new Hourbook email address",
  expiresAt: (props) => props.expiresAt,
  Email({ props, context, links }) {
    return (
      <EmailLayout preview="Confirm this address for your Hourbook account" heading="Confirm your new address" context={context}>
        <Paragraph>
          Hi {props.name}, you asked to use this address for your Hourbook account. Sign-in, password resets and
          security notices will come here once you confirm it.
        </Paragraph>
        <Action href={links.action}>Use this address</Action>
        <Paragraph>
          The link works once, until {formatInstant(props.expiresAt, "UTC")}. If you didn&apos;t ask for this, ignore
          this email: the account keeps its current address.
        </Paragraph>
      </EmailLayout>
    );
  },
};
