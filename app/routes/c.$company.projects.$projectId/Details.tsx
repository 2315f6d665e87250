import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { Button } from "~/components/Button";
import { FormErrors } from "~/components/fields";
import { useValidatedForm } from "~/components/forms";
import { Writable } from "~/components/ReadOnly";
import { Budget, ProjectFields, Rate } from "~/kernel/catalog/CatalogFields";
import { updateProjectInput } from "~/kernel/catalog/inputs";
import { hoursOf, moneyInputValue } from "~/kernel/catalog/project-fields";
import type { ProjectView } from "./route";

type Project = ProjectView["project"];

// The project's id comes from the page's address, not the form.
const detailsForm = updateProjectInput.omit({ projectId: true });

/** The project's client, name, code, colour, billing and budget, for those who manage it. */
export function ProjectDetailsForm({
  project,
  clients,
  reply,
}: {
  project: Project;
  clients: ProjectView["clients"];
  reply: SubmissionResult<string[]> | undefined;
}) {
  const navigation = useNavigation();
  const [form, fields] = useValidatedForm(detailsForm, reply, {
    defaultValue: {
      clientId: project.clientId ?? undefined,
      name: project.name,
      code: project.code ?? "",
      color: project.color,
      billable: project.billable,
      hourlyRateMinor: moneyInputValue(project.hourlyRateMinor),
      budgetMinutes: project.budgetMinutes === null ? "" : hoursOf(project.budgetMinutes),
    },
  });
  return (
    <Writable>
      <Form method="post" {...getFormProps(form)} className="card stack narrow">
        <input type="hidden" name="intent" value="edit" />
        <FormErrors errors={form.errors} />
        <ProjectFields fields={fields} clients={clients} />
        <p className="muted small">
          Billable time is charged at <Rate minor={project.effectiveRateMinor} currency={project.currency} />.
        </p>
        <Button type="submit" isPending={navigation.state === "submitting"}>
          Save project
        </Button>
      </Form>
    </Writable>
  );
}

/** The same details, read only. */
export function ProjectSummary({ project }: { project: Project }) {
  return (
    <dl className="details card">
      <dt>Client</dt>
      <dd>{project.clientName ?? "No client"}</dd>
      <dt>Code</dt>
      <dd>{project.code ?? "—"}</dd>
      <dt>Billable</dt>
      <dd>{project.billable ? "Yes" : "No"}</dd>
      <dt>Rate</dt>
      <dd>
        <Rate minor={project.effectiveRateMinor} currency={project.currency} />
      </dd>
      <dt>Budget</dt>
      <dd>
        <Budget minutes={project.budgetMinutes} />
      </dd>
    </dl>
  );
}
