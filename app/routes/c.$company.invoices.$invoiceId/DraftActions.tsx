import { getFormProps } from "@conform-to/react";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Button } from "~/components/Button";
import { ConfirmDialog } from "~/components/ConfirmDialog";
import { FormErrors, TextField } from "~/components/fields";
import { fieldProps, useValidatedForm } from "~/components/forms";
import { Writable } from "~/components/ReadOnly";
import { addDiscountForm, addLineForm, invoiceNotesForm } from "~/invoices/inputs";
import type { loader, LoadedInvoice } from "./route";

/**
 * What finance does with a draft: issue or delete it, add lines and discounts, write
 * its notes. Each form posts to the child route that acts; the browser checks the
 * fields first with the same schemas.
 */
export function DraftActions({ invoice }: { invoice: LoadedInvoice }) {
  const { today, maxIssueDaysAhead } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const lineCount = invoice.lines.length;
  const [lineForm, lineFields] = useValidatedForm(addLineForm, undefined, { id: "add-line", defaultValue: { quantity: "1" } });
  const [discountForm, discountFields] = useValidatedForm(addDiscountForm, undefined, { id: "add-discount" });
  const [notesForm, notesFields] = useValidatedForm(invoiceNotesForm, undefined, {
    id: "notes",
    defaultValue: { notes: invoice.notes ?? "" },
  });

  return (
    <>
      <div className="page-header">
        <h2>Issue</h2>
        <div className="invoice-actions">
          {/* Disabled while any form is in flight: a second click can't post a second issue. */}
          {busy ? (
            <Button isDisabled>Issue invoice</Button>
          ) : (
            <ConfirmDialog
              trigger="Issue invoice"
              triggerVariant="primary"
              variant="primary"
              title="Issue this invoice?"
              confirmLabel="Issue"
              action="issue"
              intent="issue"
              fields={
                <TextField
                  label="Issue date"
                  type="date"
                  name="issuedOn"
                  defaultValue={today}
                  description={`Not before the last day of time it bills, at most ${maxIssueDaysAhead} days ahead.`}
                />
              }
            >
              <p>
                It gets the next number of the issue date&apos;s series and a due date from the payment terms, and its time is
                marked invoiced. After that it can only be marked paid, voided or corrected with a credit note.
              </p>
            </ConfirmDialog>
          )}
          <ConfirmDialog trigger="Delete draft" title="Delete this draft?" confirmLabel="Delete" action="delete" intent="delete">
            <p>Its time stays approved and can go on another invoice.</p>
          </ConfirmDialog>
        </div>
      </div>

      <div className="grid-2">
        <Writable>
          <Form method="post" action="lines" {...getFormProps(lineForm)} className="card stack" key={`line-${lineCount}`}>
            <h2>Add a line</h2>
            <input type="hidden" name="intent" value="add-line" />
            <FormErrors errors={lineForm.errors} />
            <TextField label="Description" {...fieldProps(lineFields.description)} description="Such as Travel expenses or Licence fee." />
            <TextField label="Quantity" inputMode="numeric" {...fieldProps(lineFields.quantity)} description="Whole units." />
            <TextField label="Unit price" inputMode="decimal" {...fieldProps(lineFields.unitPrice)} description={`In ${invoice.currency}.`} />
            <TextField
              label="Tax rate (%)"
              inputMode="decimal"
              {...fieldProps(lineFields.taxRate)}
              description="Leave empty for the default rate."
            />
            <Button type="submit" variant="secondary" isDisabled={busy}>
              Add line
            </Button>
          </Form>
        </Writable>

        <Writable>
          <Form method="post" action="lines" {...getFormProps(discountForm)} className="card stack" key={`discount-${lineCount}`}>
            <h2>Add a discount</h2>
            <input type="hidden" name="intent" value="add-discount" />
            <FormErrors errors={discountForm.errors} />
            <TextField label="Description" {...fieldProps(discountFields.description)} description="Such as Loyalty discount." />
            <TextField
              label="Amount off"
              inputMode="decimal"
              {...fieldProps(discountFields.amount)}
              description={`In ${invoice.currency}, before tax, taxed at the default rate.`}
            />
            <Button type="submit" variant="secondary" isDisabled={busy}>
              Add discount
            </Button>
          </Form>
        </Writable>
      </div>

      <Writable>
        <Form method="post" action="notes" {...getFormProps(notesForm)} className="card stack narrow">
          <FormErrors errors={notesForm.errors} />
          <TextField label="Notes" multiline {...fieldProps(notesFields.notes)} description="Printed on the invoice, such as bank details or a purchase order." />
          <Button type="submit" variant="secondary" isDisabled={busy}>
            Save notes
          </Button>
        </Form>
      </Writable>
    </>
  );
}
