import { formatDay, listNames } from "../format";
import { Action, EmailLayout, Paragraph, type EmailTemplateDefinition } from "../layout";

const weeks = (count: number) => (count === 1 ? "1 timesheet is" : `${count} timesheets are`);

/** To a team manager, weekly: their people's unsubmitted weeks and what waits for their decision. */
export const timesheetDigest: EmailTemplateDefinition<"timesheet-digest"> = {
  subject: (props) =>
    `Week of ${formatDay(props.weekStart)}: ${props.notSubmitted.length} not submitted, ${props.waitingCount} waiting for you`,
  Email({ props, context, links }) {
    const week = formatDay(props.weekStart);
    return (
      <EmailLayout
        preview={`${props.notSubmitted.length} not submitted, ${props.waitingCount} waiting`}
        heading="Your teams' timesheets"
        context={context}
      >
        {props.notSubmitted.length > 0 ? (
          <Paragraph>
            Not submitted yet for the week of {week}: {listNames(props.notSubmitted)}.
          </Paragraph>
        ) : (
          <Paragraph>Everyone in your teams has submitted the week of {week}.</Paragraph>
        )}
        {props.waitingCount > 0 ? (
          <Paragraph>{weeks(props.waitingCount)} waiting for your approval.</Paragraph>
        ) : (
          <Paragraph>No timesheet is waiting for your approval.</Paragraph>
        )}
        <Action href={links.action}>Open approvals</Action>
      </EmailLayout>
    );
  },
};
