import { formatInstant, formatValidity, minutesUntil } from "../format";
import { Action, EmailLayout, Paragraph, type EmailTemplateDefinition } from "../layout";

export const signUpConfirmation: EmailTemplateDefinition<"sign-up-confirmation"> = {
  subject: () => "Confirm your email to create your Hourbook account",
  expiresAt: (props) => props.expiresAt,
  Email({ props, context, links }) {
    return (
      <EmailLayout preview="One step left: confirm your email address" heading="Confirm your email address" context={context}>
        <Paragraph>
          Someone (hopefully you) signed up for Hourbook with this address. Open the link to create your company; you
          will be its owner and can invite your team next.
        </Paragraph>
        <Action href={links.action}>Confirm and create my company</Action>
        <Paragraph>
          The link works once and expires in {formatValidity(minutesUntil(props.expiresAt, context.queuedAt))}, on{" "}
          {formatInstant(props.expiresAt, "UTC")}. If you didn&apos;t sign up, ignore this email: nothing is created
          without it.
        </Paragraph>
      </EmailLayout>
    );
  },
};
