import { formatInstant, minutesUntil } from "../format";
import { Action, EmailLayout, Paragraph, type EmailTemplateDefinition } from "../layout";

function validFor(minutes: number): string {
  if (minutes >= 60 && minutes % 60 === 0) return minutes === 60 ? "1 hour" : `${minutes / 60} hours`;
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

export const passwordReset: EmailTemplateDefinition<"password-reset"> = {
  subject: () => "Reset your Hourbook password",
  expiresAt: (props) => props.expiresAt,
  Email({ props, context }) {
    return (
      <EmailLayout preview="Choose a new password for Hourbook" heading="Reset your password" context={context}>
        <Paragraph>Hi {props.name}, someone (hopefully you) asked to reset the password of your Hourbook account.</Paragraph>
        <Action href={props.resetUrl}>Choose a new password</Action>
        <Paragraph>
          The link works once and expires in {validFor(minutesUntil(props.expiresAt, context.queuedAt))}, on{" "}
          {formatInstant(props.expiresAt, "UTC")}. If you didn&apos;t ask for it, ignore this email: your password
          stays as it is.
        </Paragraph>
      </EmailLayout>
    );
  },
};
