import { formatInstant } from "../format";
import { Action, EmailLayout, Paragraph, type EmailTemplateDefinition } from "../layout";

export const exportReady: EmailTemplateDefinition<"export-ready"> = {
  subject: (props) => `Your export "${props.exportName}" is ready`,
  expiresAt: (props) => props.expiresAt,
  Email({ props, context, links }) {
    return (
      <EmailLayout preview="Ready to download" heading="Your export is ready" context={context}>
        <Paragraph>&ldquo;{props.exportName}&rdquo; has finished and is ready to download.</Paragraph>
        <Action href={links.action}>Download the export</Action>
        {props.expiresAt ? (
          <Paragraph>
            The download link works until {formatInstant(props.expiresAt, context.company?.timezone ?? "UTC")}.
          </Paragraph>
        ) : null}
      </EmailLayout>
    );
  },
};
