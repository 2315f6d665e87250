import { formatInstant, formatValidity, minutesUntil } from "../format";
import { Action, EmailLayout, Paragraph, type EmailTemplateDefinition } from "../layout";

export const passwordReset: EmailTemplateDefinition<"password-reset"> = {
  subject: () => "Reset your Hourbook password",
  expiresAt: (props) => props.expiresAt,
  Email({ props, context, links }) {
    return (
      <EmailLayout preview="Choose a new password for Hourbook" heading="Reset your password" context={context}>
        <Paragraph>Hi {props.name}, someone (hopefully you) asked to reset the password of your Hourbook account.</Paragraph>
        <Action href={links.action}>Choose a new password</Action>
        <Paragraph>
          The link works once and expires in {formatValidity(minutesUntil(props.expiresAt, context.queuedAt))}, on{" "}
          {formatInstant(props.expiresAt, "UTC")}. If you didn&apos;t ask for it, ignore this email: your password
          stays as it is.
        </Paragraph>
      </EmailLayout>
    );
  },
};
