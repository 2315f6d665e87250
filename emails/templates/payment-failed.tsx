import { formatStripeAmount } from "../format";
import { Action, EmailLayout, Paragraph, type EmailTemplateDefinition } from "../layout";

export const paymentFailed: EmailTemplateDefinition<"payment-failed"> = {
  subject: (props, context) =>
    `Payment of ${formatStripeAmount(props.amountDue, props.currency)} failed${context.company ? ` for ${context.company.name}` : ""}`,
  Email({ props, context, links }) {
    const amount = formatStripeAmount(props.amountDue, props.currency);
    return (
      <EmailLayout preview={`We couldn't collect ${amount}`} heading="A payment failed" context={context}>
        <Paragraph>
          Stripe couldn&apos;t collect {amount} for {context.company?.name ?? "your company"}&apos;s Hourbook subscription.
          It will try again over the next days; until a payment succeeds the subscription is past due.
        </Paragraph>
        <Paragraph>Check the card on file or choose another payment method on the billing page.</Paragraph>
        <Action href={links.action}>Fix the payment</Action>
      </EmailLayout>
    );
  },
};
