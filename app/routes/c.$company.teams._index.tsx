import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Button } from "~/components/Button";
import { FormErrors, TextField } from "~/components/fields";
import { useValidatedForm } from "~/components/forms";
import { Link } from "~/components/Link";
import { EmptyState } from "~/components/Notice";
import { Writable } from "~/components/ReadOnly";
import { createTeamInput } from "~/kernel/teams/inputs";
import { createTeamOperation } from "~/kernel/teams/operations.server";
import { listTeams } from "~/kernel/teams/teams.server";
import { can } from "~/kernel/permissions";
import { withCompany } from "~/routing/company-data.server";
import { companyAction, intent } from "~/routing/company-action.server";

export const meta: MetaFunction = () => [{ title: "Teams · Hourbook" }];

export async function loader(args: LoaderFunctionArgs) {
  const archived = new URL(args.request.url).searchParams.get("archived") === "1";
  const { member, result } = await withCompany(args, "team:view", (tx) => listTeams(tx, { archived }));
  return { teams: result, archived, mayManage: can(member.company.role, "team:manage") };
}

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    create: intent({
      operation: createTeamOperation,
      success: ({ id }, member) => ({ toast: "Team created.", redirectTo: `/c/${member.company.slug}/teams/${id}` }),
    }),
  });
}

export default function Teams() {
  const { teams, archived, mayManage } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const [form, fields] = useValidatedForm(createTeamInput, lastResult);

  return (
    <div className="stack-lg">
      <div className="page-header">
        <h1>{archived ? "Archived teams" : "Teams"}</h1>
        <Link href={archived ? "." : "?archived=1"}>{archived ? "Show current teams" : "Show archived teams"}</Link>
      </div>

      {mayManage && !archived ? (
        <Writable>
          <Form method="post" {...getFormProps(form)} className="card inline-form">
            <FormErrors errors={form.errors} />
            <TextField label="New team" name={fields.name.name} errors={fields.name.errors} description="For example Design, Delivery or Support." />
            <Button type="submit" isPending={navigation.state === "submitting"}>
              Create team
            </Button>
          </Form>
        </Writable>
      ) : null}

      {teams.length === 0 ? (
        <EmptyState title={archived ? "No archived teams" : "No teams yet"}>
          {!archived && mayManage ? (
            <p>Teams group people under the managers who approve their timesheets. Create the first one above.</p>
          ) : null}
        </EmptyState>
      ) : (
        <ul className="card-list" key={searchParams.toString()}>
          {teams.map((team) => (
            <li key={team.id} className="card">
              <h2 className="card-title">
                <Link href={team.id}>{team.name}</Link>
              </h2>
              <p className="muted">
                {team.memberCount} {team.memberCount === 1 ? "person" : "people"}
                {team.managers.length ? ` · managed by ${team.managers.join(", ")}` : " · no manager yet"}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
