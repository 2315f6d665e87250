import { formatDay, formatDuration } from "../format";
import { Action, EmailLayout, Paragraph, type EmailTemplateDefinition } from "../layout";

/** To the submitter's approvers. */
export const timesheetSubmitted: EmailTemplateDefinition<"timesheet-submitted"> = {
  subject: (props) => `${props.submitterName} submitted the week of ${formatDay(props.weekStart)}`,
  Email({ props, context, links }) {
    const week = formatDay(props.weekStart);
    return (
      <EmailLayout
        preview={`${formatDuration(props.totalMinutes)} to review`}
        heading={`${props.submitterName}'s timesheet is ready for review`}
        context={context}
      >
        <Paragraph>
          {props.submitterName} submitted the week of {week} with {formatDuration(props.totalMinutes)} logged. Approve
          it, or send it back with a comment.
        </Paragraph>
        <Action href={links.action}>Review the timesheet</Action>
      </EmailLayout>
    );
  },
};
