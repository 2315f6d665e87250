import { formatDuration } from "../format";
import { Action, EmailLayout, Paragraph, type EmailTemplateDefinition } from "../layout";

const projectLabel = (props: { projectName: string; clientName: string | null }) =>
  props.clientName ? `${props.projectName} (${props.clientName})` : props.projectName;

/** To the company's owners and admins, once per project and threshold. */
export const budgetAlert: EmailTemplateDefinition<"budget-alert"> = {
  subject: (props) =>
    props.threshold >= 100
      ? `${projectLabel(props)} has used its whole budget`
      : `${projectLabel(props)} has used ${props.threshold} % of its budget`,
  Email({ props, context, links }) {
    const logged = formatDuration(props.loggedMinutes);
    const budget = formatDuration(props.budgetMinutes);
    const percent = Math.floor((props.loggedMinutes * 100) / props.budgetMinutes);
    return (
      <EmailLayout
        preview={`${logged} of ${budget} logged`}
        heading={props.threshold >= 100 ? "A project's budget is used up" : "A project nears its budget"}
        context={context}
      >
        <Paragraph>
          {projectLabel(props)} has {logged} logged against a budget of {budget} ({percent} %).
          {props.threshold >= 100 ? " Time logged from now on is over budget." : ""}
        </Paragraph>
        <Action href={links.action}>Open the project</Action>
      </EmailLayout>
    );
  },
};
