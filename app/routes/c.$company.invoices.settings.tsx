import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { Button } from "~/components/Button";
import { Checkbox, FormErrors, TextField } from "~/components/fields";
import { fieldProps, useValidatedForm } from "~/components/forms";
import { Link } from "~/components/Link";
import { percentOf } from "~/invoices/fields";
import { invoiceSettingsInput } from "~/invoices/inputs";
import { saveInvoiceSettingsOperation } from "~/invoices/operations.server";
import { sampleNumber, type InvoiceSettings } from "~/invoices/settings";
import { getInvoiceSettings } from "~/invoices/settings.server";
import { getCompanyCalendar } from "~/time/rules.server";
import { can } from "~/kernel/permissions";
import invoiceStyles from "~/styles/invoices.css";
import { todayIn } from "~/kernel/clock/weeks";
import { withCompany } from "~/routing/company-data.server";
import { companyAction, intent } from "~/routing/company-action.server";

export const meta: MetaFunction = () => [{ title: "Invoice settings · Hourbook" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: invoiceStyles }];

export async function loader(args: LoaderFunctionArgs) {
  const { member, result } = await withCompany(args, "invoice:view", async (tx) => ({
    settings: (await getInvoiceSettings(tx))!,
    // The year the next invoice would carry, as the issuing trigger dates it: in the company's zone.
    year: Number(todayIn((await getCompanyCalendar(tx)).timezone).slice(0, 4)),
  }));
  return { ...result, mayManage: can(member.company.role, "invoice:manage") };
}

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    save: intent({
      operation: saveInvoiceSettingsOperation,
      success: () => ({ toast: "Invoice settings saved. Invoices issued from now on use them." }),
    }),
  });
}

type Numbering = Pick<InvoiceSettings, "numberPrefix" | "numberYearlyReset" | "numberPadding">;

/** What the numbering fields say right now, for the preview; a half-typed width shows as the current one. */
function numberingOf(form: HTMLFormElement, fallback: Numbering): Numbering {
  const values = new FormData(form);
  const padding = Number(values.get("numberPadding"));
  return {
    numberPrefix: String(values.get("numberPrefix") ?? ""),
    numberYearlyReset: values.get("numberYearlyReset") === "on",
    numberPadding: Number.isInteger(padding) && padding >= 1 && padding <= 10 ? padding : fallback.numberPadding,
  };
}

export default function InvoiceSettingsPage() {
  const { settings, year, mayManage } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useValidatedForm(invoiceSettingsInput, reply, {
    defaultValue: {
      legalName: settings.legalName ?? "",
      address: settings.address ?? "",
      taxId: settings.taxId ?? "",
      defaultTaxRate: percentOf(settings.defaultTaxRateBp),
      paymentTermsDays: String(settings.paymentTermsDays),
      numberPrefix: settings.numberPrefix,
      numberYearlyReset: settings.numberYearlyReset ? "on" : undefined,
      numberPadding: String(settings.numberPadding),
    },
  });
  const [numbering, setNumbering] = useState<Numbering>(settings);

  return (
    <div className="stack-lg">
      <div className="page-header">
        <div>
          <p className="muted">
            <Link href="..">Invoices</Link>
          </p>
          <h1>Invoice settings</h1>
        </div>
      </div>

      {mayManage ? (
        <Form
          method="post"
          {...getFormProps(form)}
          className="card stack narrow"
          onChange={(event) => setNumbering(numberingOf(event.currentTarget, settings))}
        >
          <FormErrors errors={form.errors} />
          <h2>The company on its invoices</h2>
          <TextField label="Legal name" {...fieldProps(fields.legalName)} description="Required before the first invoice is issued." />
          <TextField label="Address" multiline {...fieldProps(fields.address)} />
          <TextField label="Tax id" {...fieldProps(fields.taxId)} description="Your VAT or tax number." />
          <TextField
            label="Default tax rate (%)"
            inputMode="decimal"
            {...fieldProps(fields.defaultTaxRate)}
            description="Such as 19 or 7.5; new lines use it, and each line can have its own."
          />
          <TextField label="Payment terms (days)" inputMode="numeric" {...fieldProps(fields.paymentTermsDays)} description="Days from issue to due date." />

          <h2>Numbering</h2>
          <TextField
            label="Prefix"
            {...fieldProps(fields.numberPrefix)}
            description="Up to 20 letters, digits and . _ / # -, such as INV- or RE/. May be empty."
          />
          <Checkbox name={fields.numberYearlyReset.name} value="on" defaultSelected={settings.numberYearlyReset}>
            Start again at 1 each year (the year becomes part of the number)
          </Checkbox>
          <TextField
            label="Counter digits"
            inputMode="numeric"
            {...fieldProps(fields.numberPadding)}
            description="The counter is padded with zeros to this width, and grows past it when needed."
          />
          <p aria-live="polite">
            Numbers will read <span className="number-preview">{sampleNumber(numbering, year, 1)}</span>,{" "}
            <span className="number-preview">{sampleNumber(numbering, year, 2)}</span>…
          </p>
          <p className="muted small">Changing the prefix continues the counter; numbers already issued don't change.</p>
          <Button type="submit" isPending={navigation.state === "submitting"}>
            Save invoice settings
          </Button>
        </Form>
      ) : (
        <dl className="details card">
          <dt>Legal name</dt>
          <dd>{settings.legalName ?? "—"}</dd>
          <dt>Address</dt>
          <dd className="address">{settings.address ?? "—"}</dd>
          <dt>Tax id</dt>
          <dd>{settings.taxId ?? "—"}</dd>
          <dt>Default tax rate</dt>
          <dd>{percentOf(settings.defaultTaxRateBp)} %</dd>
          <dt>Payment terms</dt>
          <dd>{settings.paymentTermsDays} days</dd>
          <dt>Numbers</dt>
          <dd className="number-preview">{sampleNumber(settings, year)}</dd>
        </dl>
      )}
    </div>
  );
}
