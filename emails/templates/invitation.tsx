import { formatInstant } from "../format";
import { Action, EmailLayout, Paragraph, type EmailTemplateDefinition } from "../layout";

const roleNames = { admin: "an admin", manager: "a manager", finance: "finance", employee: "an employee" } as const;

export const invitation: EmailTemplateDefinition<"invitation"> = {
  subject: (props, context) => `${props.inviterName} invited you to ${context.company?.name ?? "a company"} on Hourbook`,
  expiresAt: (props) => props.expiresAt,
  Email({ props, context, links }) {
    const company = context.company?.name ?? "their company";
    return (
      <EmailLayout
        preview={`Join ${company} on Hourbook`}
        heading={`Join ${company} on Hourbook`}
        context={context}
      >
        <Paragraph>
          {props.inviterName} invited you to join {company} as {roleNames[props.role]}. Hourbook is where the team logs
          its time and submits weekly timesheets.
        </Paragraph>
        <Action href={links.action}>Accept the invitation</Action>
        <Paragraph>
          The invitation expires on {formatInstant(props.expiresAt, context.company?.timezone ?? "UTC")} and works
          once. If you didn&apos;t expect it, ignore this email.
        </Paragraph>
      </EmailLayout>
    );
  },
};
