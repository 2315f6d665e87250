import { formatDay, formatDuration } from "../format";
import { Action, EmailLayout, Paragraph, type EmailTemplateDefinition } from "../layout";

export const timesheetApproved: EmailTemplateDefinition<"timesheet-approved"> = {
  subject: (props) => `Your timesheet for the week of ${formatDay(props.weekStart)} was approved`,
  Email({ props, context, links }) {
    const week = formatDay(props.weekStart);
    return (
      <EmailLayout preview={`Approved by ${props.approverName}`} heading="Timesheet approved" context={context}>
        <Paragraph>
          {props.approverName} approved your timesheet for the week of {week} ({formatDuration(props.totalMinutes)}).
          The week is now locked.
        </Paragraph>
        <Action href={links.action}>See the timesheet</Action>
      </EmailLayout>
    );
  },
};
