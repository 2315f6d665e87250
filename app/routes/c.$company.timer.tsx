import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { companyMember, withCompany } from "~/routing/company-data.server";
import { companyAction } from "~/routing/company-action.server";
import { rowKey } from "~/time/cells";
import { rowOptions, type TimerChoices } from "~/time/row-options";
import { listLoggableProjects } from "~/time/rules.server";
import { recentWork } from "~/time/timers.server";
import { timerIntents } from "~/routing/timer-intents.server";

/**
 * The header's timer, on every company page. Its loader gives the picker's choices
 * (projects open to the person, and what they worked on lately); its action runs the
 * same timer operations as the day view.
 *
 * After a change the action redirects here with `back`, and this loader sends the
 * person on to the page they were on (only a page of this company: never elsewhere).
 */
export async function loader(args: LoaderFunctionArgs) {
  const back = new URL(args.request.url).searchParams.get("back");
  if (back !== null) {
    await companyMember(args, "time:log");
    throw redirect(pageOfCompany(back, `/c/${args.params.company}`));
  }
  const { result } = await withCompany(args, "time:log", async (tx): Promise<TimerChoices> => {
    const projects = await listLoggableProjects(tx, tx.tenant.userId);
    const options = rowOptions(projects);
    const labels = new Map(options.map((option) => [option.id, option.label]));
    const recent = (await recentWork(tx)).flatMap(({ projectId, taskId, notes }) => {
      const row = rowKey(projectId, taskId);
      const label = labels.get(row);
      // Work on a project since archived or closed to the person can't be continued.
      return label ? [{ row, label, notes }] : [];
    });
    return { options, recent };
  });
  return result;
}

export function action(args: ActionFunctionArgs) {
  return companyAction(args, timerIntents);
}

/**
 * `back` as a path of this company, or the company's home. Parsed as a URL so dot
 * segments are resolved and control characters encoded: only a clean same-site path
 * can reach the Location header.
 */
function pageOfCompany(back: string, home: string): string {
  const origin = "http://hourbook.invalid";
  const target = new URL(back, `${origin}${home}/`);
  const path = target.pathname;
  return target.origin === origin && (path === home || path.startsWith(`${home}/`)) ? `${path}${target.search}` : home;
}
