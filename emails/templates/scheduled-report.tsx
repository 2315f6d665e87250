import { formatDay, formatDuration } from "../format";
import { Action, EmailLayout, Paragraph, type EmailTemplateDefinition } from "../layout";

const cell = { fontSize: "14px", lineHeight: "22px", color: "#1f2937", padding: "4px 8px", borderBottom: "1px solid #e5e7eb" } as const;
const number = { ...cell, textAlign: "right" } as const;

const periodOf = (props: { periodFrom: string; periodTo: string }) =>
  `${formatDay(props.periodFrom)} – ${formatDay(props.periodTo)}`;

/** To a schedule's recipients, once per period: the report's totals and top rows, with the report attached. */
export const scheduledReport: EmailTemplateDefinition<"scheduled-report"> = {
  subject: (props) => `${props.reportName}: ${periodOf(props)}`,
  Email({ props, context, links }) {
    const total = formatDuration(props.totalMinutes);
    const billable = formatDuration(props.billableMinutes);
    return (
      <EmailLayout preview={`${total} logged, ${billable} billable`} heading={props.reportName} context={context}>
        <Paragraph>
          {props.reportName}, {periodOf(props)}: {total} logged in {props.entries} {props.entries === 1 ? "entry" : "entries"}, {billable}{" "}
          billable. The full report is attached.
        </Paragraph>
        {props.topRows.length > 0 ? (
          <table cellPadding={0} cellSpacing={0} style={{ width: "100%", borderCollapse: "collapse", margin: "8px 0 16px" }}>
            <thead>
              <tr>
                <th scope="col" style={{ ...cell, textAlign: "left" }}>
                  {props.groupLabel}
                </th>
                <th scope="col" style={number}>
                  Hours
                </th>
                <th scope="col" style={number}>
                  Billable
                </th>
              </tr>
            </thead>
            <tbody>
              {props.topRows.map((row) => (
                <tr key={row.label}>
                  <td style={cell}>{row.label}</td>
                  <td style={number}>{formatDuration(row.minutes)}</td>
                  <td style={number}>{formatDuration(row.billableMinutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Paragraph>No time was logged that matches the report.</Paragraph>
        )}
        {props.moreRows > 0 ? <Paragraph>And {props.moreRows} more in the attached file.</Paragraph> : null}
        <Action href={links.action}>Manage scheduled reports</Action>
      </EmailLayout>
    );
  },
};
