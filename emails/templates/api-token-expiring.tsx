import { formatInstant } from "../format";
import { Action, EmailLayout, Paragraph, type EmailTemplateDefinition } from "../layout";

export const apiTokenExpiring: EmailTemplateDefinition<"api-token-expiring"> = {
  subject: (props) => `Your API token "${props.tokenName}" expires in a week`,
  // Once the token has stopped working, a late warning would only confuse.
  expiresAt: (props) => props.expiresAt,
  Email({ props, context, links }) {
    const when = formatInstant(props.expiresAt, context.company?.timezone ?? "UTC");
    return (
      <EmailLayout preview={`It stops working on ${when}`} heading="Your API token expires soon" context={context}>
        <Paragraph>
          Your API token &ldquo;{props.tokenName}&rdquo; ({props.displayPrefix}…) stops working on {when}. Scripts and
          integrations that use it will then be refused.
        </Paragraph>
        <Paragraph>
          Tokens can&apos;t be extended: make a new one on the API tokens page, put it where the old one is used, then
          revoke the old one.
        </Paragraph>
        <Action href={links.action}>Open API tokens</Action>
      </EmailLayout>
    );
  },
};
