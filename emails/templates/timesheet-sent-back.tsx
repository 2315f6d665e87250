import { formatDay } from "../format";
import { Action, EmailLayout, Paragraph, Quote, type EmailTemplateDefinition } from "../layout";

export const timesheetSentBack: EmailTemplateDefinition<"timesheet-sent-back"> = {
  subject: (props) => `Your timesheet for the week of ${formatDay(props.weekStart)} was sent back`,
  Email({ props, context, links }) {
    const week = formatDay(props.weekStart);
    return (
      <EmailLayout preview={props.comment} heading="Timesheet sent back" context={context}>
        <Paragraph>
          {props.reviewerName} sent back your timesheet for the week of {week} with this comment:
        </Paragraph>
        <Quote>{props.comment}</Quote>
        <Paragraph>Correct the week and submit it again.</Paragraph>
        <Action href={links.action}>Open the timesheet</Action>
      </EmailLayout>
    );
  },
};
