import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/Link";
import { countMembers } from "~/models/members.server";
import { listTeams } from "~/models/teams.server";
import { can, roleLabels } from "~/permissions";
import { withCompany } from "~/utils/company-data.server";

export const meta: MetaFunction = () => [{ title: "Overview · Hourbook" }];

export async function loader(args: LoaderFunctionArgs) {
  const { member, result } = await withCompany(args, "company:view", async (tx) => ({
    members: await countMembers(tx),
    teams: await listTeams(tx),
  }));
  const role = member.company.role;
  return {
    name: member.user.name,
    company: member.company.name,
    role,
    members: result.members.active,
    teams: result.teams.length,
    may: {
      invite: can(role, "invitation:manage"),
      manageTeams: can(role, "team:manage"),
      viewMembers: can(role, "member:view"),
    },
  };
}

export default function Overview() {
  const { name, company, role, members, teams, may } = useLoaderData<typeof loader>();
  return (
    <div className="stack-lg">
      <div>
        <h1>Welcome, {name.split(" ")[0]}</h1>
        <p className="muted">
          {company} · your role: {roleLabels[role]}
        </p>
      </div>
      <ul className="card-list">
        <li className="card">
          <p className="stat">{members}</p>
          <p className="muted">active {members === 1 ? "member" : "members"}</p>
          {may.viewMembers ? <Link href="members">See members</Link> : null}
        </li>
        <li className="card">
          <p className="stat">{teams}</p>
          <p className="muted">{teams === 1 ? "team" : "teams"}</p>
          <Link href="teams">See teams</Link>
        </li>
      </ul>
      {may.invite && members < 2 ? (
        <section className="card stack" aria-labelledby="start-heading">
          <h2 id="start-heading">Get your team in</h2>
          <p>Invite the people who log time, then group them into teams with the managers who approve their weeks.</p>
          <p>
            <Link href="invitations" className="button button-primary">
              Invite people
            </Link>
          </p>
        </section>
      ) : null}
    </div>
  );
}
