import { formatDay } from "../format";
import { Action, EmailLayout, Paragraph, type EmailTemplateDefinition } from "../layout";

export const timesheetReminder: EmailTemplateDefinition<"timesheet-reminder"> = {
  subject: (props) => `Reminder: submit your timesheet for the week of ${formatDay(props.weekStart)}`,
  Email({ props, context, links }) {
    const week = formatDay(props.weekStart);
    return (
      <EmailLayout preview={`The week of ${week} is not submitted yet`} heading="Your timesheet is waiting" context={context}>
        <Paragraph>
          Your timesheet for the week of {week} hasn&apos;t been submitted yet. Check your hours and submit the week so
          it can be approved.
        </Paragraph>
        <Action href={links.action}>Open the timesheet</Action>
      </EmailLayout>
    );
  },
};
