import { formatInstant } from "../format";
import { Action, EmailLayout, Paragraph, type EmailTemplateDefinition } from "../layout";

export const webhookEndpointDisabled: EmailTemplateDefinition<"webhook-endpoint-disabled"> = {
  subject: () => "A webhook endpoint was turned off",
  Email({ props, context, links }) {
    const since = formatInstant(props.failingSince, context.company?.timezone ?? "UTC");
    return (
      <EmailLayout preview={`Deliveries to ${props.endpointUrl} failed for 3 days`} heading="A webhook endpoint was turned off" context={context}>
        <Paragraph>
          Every delivery to {props.endpointUrl} has failed since {since}, so Hourbook stopped sending to it. Events that
          happen meanwhile are kept for 30 days.
        </Paragraph>
        <Paragraph>Check the delivery log for what the receiver answered, fix it, then turn the endpoint back on.</Paragraph>
        <Action href={links.action}>Open the endpoint</Action>
      </EmailLayout>
    );
  },
};
