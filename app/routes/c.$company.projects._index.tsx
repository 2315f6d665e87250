import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Button } from "~/components/Button";
import { FormErrors } from "~/components/fields";
import { useValidatedForm } from "~/components/forms";
import { Link } from "~/components/Link";
import { EmptyState } from "~/components/Notice";
import { Budget, ProjectFields, Rate, Swatch } from "~/kernel/catalog/CatalogFields";
import { Table } from "~/components/Table";
import { Writable } from "~/components/ReadOnly";
import { listClientChoices } from "~/kernel/catalog/clients.server";
import { createProjectInput } from "~/kernel/catalog/inputs";
import { createProjectOperation } from "~/kernel/catalog/operations.server";
import { listProjects, projectsPageSize } from "~/kernel/catalog/projects.server";
import { can } from "~/kernel/permissions";
import { defaultProjectColor, projectAccessChoices } from "~/kernel/catalog/project-fields";
import { companyAction, intent } from "~/routing/company-action.server";
import { withCompany } from "~/routing/company-data.server";

export const meta: MetaFunction = () => [{ title: "Projects · Hourbook" }];

const pageSchema = z.coerce.number().int().min(1).max(10_000).catch(1);

export async function loader(args: LoaderFunctionArgs) {
  const search = new URL(args.request.url).searchParams;
  const archived = search.get("archived") === "1";
  const page = pageSchema.parse(search.get("page") ?? 1);
  const { member, result } = await withCompany(args, "project:view", async (tx) => ({
    ...(await listProjects(tx, { archived, page })),
    clients: await listClientChoices(tx),
  }));
  return {
    ...result,
    archived,
    page,
    pageCount: Math.max(1, Math.ceil(result.total / projectsPageSize)),
    mayManage: can(member.company.role, "project:manage"),
  };
}

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    create: intent({
      operation: createProjectOperation,
      success: ({ id }, member) => ({ toast: "Project created.", redirectTo: `/c/${member.company.slug}/projects/${id}` }),
    }),
  });
}

const accessLabels = Object.fromEntries(
  projectAccessChoices.map((choice) => [choice.id, choice.id === "everyone" ? "Everyone" : "Assigned"]),
);

export default function Projects() {
  const { projects, clients, total, archived, page, pageCount, mayManage } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useValidatedForm(createProjectInput, lastResult, {
    defaultValue: { color: defaultProjectColor, billable: true, access: "everyone" },
  });
  const pageLink = (to: number) => `?${new URLSearchParams({ ...(archived ? { archived: "1" } : {}), page: String(to) })}`;

  return (
    <div className="stack-lg">
      <div className="page-header">
        <h1>{archived ? "Archived projects" : "Projects"}</h1>
        <Link href={archived ? "." : "?archived=1"}>{archived ? "Show current projects" : "Show archived projects"}</Link>
      </div>

      {projects.length === 0 ? (
        <EmptyState title={archived ? "No archived projects" : page > 1 ? "No projects on this page" : "No projects yet"}>
          {!archived && page === 1 && mayManage ? <p>Projects are what people log time on. Create the first one below.</p> : null}
        </EmptyState>
      ) : (
        <Table
          label={archived ? "Archived projects, by client" : "Projects, by client"}
          columns={["Client", "Project", "Code", "Billable", "Rate", "Budget", "Who may log time"]}
        >
          {projects.map((project) => (
            <tr key={project.id}>
              <td>{project.clientName ?? <span className="muted">No client</span>}</td>
              <td>
                <Swatch color={project.color} /> <Link href={project.id}>{project.name}</Link>
              </td>
              <td>{project.code ?? <span className="muted">—</span>}</td>
              <td>{project.billable ? "Billable" : "Not billable"}</td>
              <td>
                {project.billable ? (
                  <Rate minor={project.effectiveRateMinor} currency={project.currency} />
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>
                <Budget minutes={project.budgetMinutes} />
              </td>
              <td>{accessLabels[project.access]}</td>
            </tr>
          ))}
        </Table>
      )}

      {pageCount > 1 || page > 1 ? (
        <nav aria-label="Pages of projects" className="pager">
          {page > 1 ? <Link href={pageLink(page - 1)}>Previous page</Link> : null}
          <span className="muted">
            Page {page} of {pageCount} · {total} projects
          </span>
          {page < pageCount ? <Link href={pageLink(page + 1)}>Next page</Link> : null}
        </nav>
      ) : null}

      {mayManage && !archived ? (
        <section aria-labelledby="new-project-heading" className="stack">
          <h2 id="new-project-heading">New project</h2>
          <Writable>
            <Form method="post" {...getFormProps(form)} className="card stack narrow">
              <FormErrors errors={form.errors} />
              <ProjectFields fields={fields} clients={clients} />
              <Button type="submit" isPending={navigation.state === "submitting"}>
                Create project
              </Button>
            </Form>
          </Writable>
        </section>
      ) : null}
    </div>
  );
}
