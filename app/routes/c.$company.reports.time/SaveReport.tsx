import { useFetcher } from "@remix-run/react";
import { Button } from "~/components/Button";
import { Checkbox, FormErrors, ReplyErrors, Select, TextField } from "~/components/fields";
import { rangeLabels, rangePresets, type RangePreset } from "~/reports/definition";
import type { ReportKind } from "~/reports/filter";
import type { action as saveAction } from "../c.$company.reports.saved._index";
import type { action as updateAction } from "../c.$company.reports.saved.$reportId";

const rangeOptions = rangePresets.map((id) => ({ id, label: rangeLabels[id] }));

/**
 * Saves what the page shows under a name, or replaces the filters of the report it
 * opened from: posted to the saved reports' routes, which keep the query string's
 * filters and the chosen relative range. Through fetchers, so a refusal shows beside
 * its form here; a saved report opens.
 */
export function SaveReport({
  query,
  kind,
  suggestedRange,
  current,
  base,
}: {
  query: string;
  kind: ReportKind;
  suggestedRange: RangePreset;
  current: { id: string; name: string; mine: boolean } | null;
  base: string;
}) {
  const save = useFetcher<typeof saveAction>();
  const update = useFetcher<typeof updateAction>();
  const refusal = save.state === "idle" ? save.data?.error : undefined;
  const errorsOf = (field: string) => refusal?.[field] ?? undefined;
  return (
    // Keyed by the report it would update: once saved, the panel starts folded again.
    <details className="card" key={current?.id ?? "unsaved"}>
      <summary>{current?.mine ? "Save or update this report" : "Save this report"}</summary>
      <div className="stack">
        {current?.mine ? (
          <update.Form method="post" action={`${base}/saved/${current.id}`} className="stack" aria-label={`Update ${current.name}`}>
            {update.state === "idle" ? <ReplyErrors reply={update.data} /> : null}
            <div className="inline-form">
              <input type="hidden" name="query" value={query} />
              <input type="hidden" name="kind" value={kind} />
              <Select label="Period" name="range" defaultValue={suggestedRange} options={rangeOptions} />
              <Button type="submit" variant="secondary" isPending={update.state !== "idle"}>
                Update “{current.name}”
              </Button>
            </div>
          </update.Form>
        ) : null}
        <save.Form method="post" action={`${base}/saved`} className="stack" aria-label="Save as a new report">
          <input type="hidden" name="intent" value="create" />
          <input type="hidden" name="query" value={query} />
          <input type="hidden" name="kind" value={kind} />
          <FormErrors errors={errorsOf("")} />
          <div className="filters">
            <TextField label="Name" name="name" isRequired errors={errorsOf("name")} description="For example: Billable hours by client, last month." />
            <Select
              label="Period"
              name="range"
              defaultValue={suggestedRange}
              options={rangeOptions}
              errors={errorsOf("range")}
              description="Relative periods move with the calendar."
            />
          </div>
          <Checkbox name="shared" value="on">
            Share with everyone in the company (each sees only the time they may see)
          </Checkbox>
          <div>
            <Button type="submit" isPending={save.state !== "idle"}>
              Save as new report
            </Button>
          </div>
        </save.Form>
      </div>
    </details>
  );
}
