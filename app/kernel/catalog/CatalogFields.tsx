import { Checkbox, Select, TextField } from "~/components/fields";
import { fieldProps } from "~/components/forms";
import { formatMoney, hoursOf, noClient, projectAccessChoices } from "./project-fields";

/**
 * The fields of the client and project forms, shared by the list pages (create) and
 * the detail pages (edit), and the small pieces both show.
 */
interface FieldMeta {
  name: string;
  initialValue?: unknown;
  errors?: string[];
}

function RateField({ label, field, description }: { label: string; field: FieldMeta; description: string }) {
  return <TextField label={label} inputMode="decimal" {...fieldProps(field)} description={description} />;
}

type Fields<Name extends string> = Record<Name, FieldMeta>;

export function ClientFields({
  fields,
}: {
  fields: Fields<"name" | "contactName" | "contactEmail" | "currency" | "hourlyRateMinor" | "billingAddress" | "taxId">;
}) {
  return (
    <>
      <TextField label="Client name" {...fieldProps(fields.name)} />
      <TextField label="Contact person" {...fieldProps(fields.contactName)} />
      <TextField label="Contact email" type="email" {...fieldProps(fields.contactEmail)} />
      <TextField label="Currency" {...fieldProps(fields.currency)} description="Three letters, such as EUR, USD or GBP." />
      <RateField
        label="Default hourly rate"
        field={fields.hourlyRateMinor}
        description="In the client's currency, such as 120 or 120.50. A project may set its own."
      />
      <TextField
        label="Billing address"
        multiline
        {...fieldProps(fields.billingAddress)}
        description="As it should appear on invoices; changing it doesn't change invoices already issued."
      />
      <TextField label="Tax id" {...fieldProps(fields.taxId)} description="The client's VAT or tax number, if invoices must show it." />
    </>
  );
}

export function ProjectFields({
  fields,
  clients,
}: {
  /** Without access on the project's own page, where access has a section of its own. */
  fields: Fields<"clientId" | "name" | "code" | "color" | "billable" | "hourlyRateMinor" | "budgetMinutes"> & { access?: FieldMeta };
  clients: { id: string; name: string; currency: string }[];
}) {
  const clientId = fields.clientId.initialValue;
  return (
    <>
      <Select
        label="Client"
        name={fields.clientId.name}
        defaultValue={typeof clientId === "string" && clientId ? clientId : noClient}
        errors={fields.clientId.errors}
        options={[
          { id: noClient, label: "No client" },
          ...clients.map((client) => ({ id: client.id, label: `${client.name} (${client.currency})` })),
        ]}
      />
      <TextField label="Project name" {...fieldProps(fields.name)} />
      <TextField label="Code" {...fieldProps(fields.code)} description="Optional, such as NW-WEB; shown in lists and reports." />
      <TextField label="Colour" {...fieldProps(fields.color)} description="A hex colour such as #2563eb." />
      <RateField
        label="Hourly rate"
        field={fields.hourlyRateMinor}
        description="In the client's currency. Leave empty to use the client's default rate."
      />
      <TextField
        label="Budget (hours)"
        inputMode="decimal"
        {...fieldProps(fields.budgetMinutes)}
        description="Optional, such as 400 or 12.5."
      />
      {fields.access ? (
        <Select
          label="Who may log time"
          name={fields.access.name}
          defaultValue={accessOf(fields.access.initialValue)}
          options={projectAccessChoices}
        />
      ) : null}
      <Checkbox name={fields.billable.name} value="on" defaultSelected={isOn(fields.billable.initialValue)}>
        Billable
      </Checkbox>
    </>
  );
}

const accessOf = (value: unknown) => (value === "assigned" ? "assigned" : "everyone");
const isOn = (value: unknown) => value === "on" || value === true;

export function Swatch({ color }: { color: string }) {
  return (
    <span
      aria-hidden="true"
      style={{
        display: "inline-block",
        width: "0.9em",
        height: "0.9em",
        borderRadius: "0.2em",
        background: color,
        verticalAlign: "middle",
      }}
    />
  );
}

export function Rate({ minor, currency }: { minor: number | null; currency: string }) {
  return minor === null ? <span className="muted">—</span> : <>{formatMoney(minor, currency)}/h</>;
}

export function Budget({ minutes }: { minutes: number | null }) {
  return minutes === null ? <span className="muted">—</span> : <>{hoursOf(minutes)} h</>;
}
