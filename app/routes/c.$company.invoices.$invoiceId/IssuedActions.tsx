import { getFormProps } from "@conform-to/react";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Button } from "~/components/Button";
import { ConfirmDialog } from "~/components/ConfirmDialog";
import { FormErrors, TextField } from "~/components/fields";
import { fieldProps, useValidatedForm } from "~/components/forms";
import { Writable } from "~/components/ReadOnly";
import { creditPartForm } from "~/invoices/inputs";
import type { loader } from "./route";

/** What finance does with an issued invoice: mark it paid, void it, or correct it with a credit note. */
export function IssuedActions() {
  const { invoice, today } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const [creditForm, creditFields] = useValidatedForm(creditPartForm, undefined, { id: "credit-part", defaultValue: { issuedOn: today } });
  const creditNote = invoice.kind === "credit_note";
  const creditable = !creditNote && (invoice.status === "issued" || invoice.status === "paid");
  if (!creditable && invoice.status !== "issued") return null;

  return (
    <section aria-labelledby="actions-heading" className="stack">
      <h2 id="actions-heading">Payment and corrections</h2>
      <div className="invoice-actions">
        {invoice.status === "issued" ? (
          <>
            {creditNote ? null : (
              <ConfirmDialog
                trigger="Mark paid"
                triggerVariant="primary"
                variant="primary"
                title="Mark this invoice paid?"
                confirmLabel="Mark paid"
                action="payment"
                intent="mark-paid"
                fields={<TextField label="Paid on" type="date" name="paidOn" defaultValue={today} />}
              >
                <p>The day the payment arrived.</p>
              </ConfirmDialog>
            )}
            <ConfirmDialog
              trigger="Void"
              title={`Void ${invoice.number}?`}
              confirmLabel={creditNote ? "Void credit note" : "Void invoice"}
              action="void"
              intent="void"
            >
              {creditNote ? (
                <p>The credit note keeps its number and shows as void; the invoice it corrects is owed without this credit again.</p>
              ) : (
                <p>
                  The invoice keeps its number and shows as void. Its time is released: it counts as not invoiced again and can go
                  on a new invoice. Use this for an invoice that should never have been sent; correct one the client accepted with
                  a credit note.
                </p>
              )}
            </ConfirmDialog>
          </>
        ) : null}
        {creditable ? (
          <ConfirmDialog
            trigger="Credit in full"
            title={`Credit all of ${invoice.number}?`}
            confirmLabel="Issue credit note"
            action="credit"
            intent="credit"
            fields={<TextField label="Issue date" type="date" name="issuedOn" defaultValue={today} />}
          >
            <p>
              A credit note with the next number takes back every line of this invoice. It is issued at once. The time stays
              invoiced.
            </p>
          </ConfirmDialog>
        ) : null}
      </div>
      {creditable ? (
        <Writable>
          <Form method="post" action="credit" {...getFormProps(creditForm)} className="card stack narrow">
            <h3>Credit part of it</h3>
            <input type="hidden" name="intent" value="credit-part" />
            <FormErrors errors={creditForm.errors} />
            <TextField label="What is credited" {...fieldProps(creditFields.description)} description="Such as Two hours billed twice." />
            <TextField label="Amount" inputMode="decimal" {...fieldProps(creditFields.amount)} description={`In ${invoice.currency}, before tax.`} />
            <TextField
              label="Tax rate (%)"
              inputMode="decimal"
              {...fieldProps(creditFields.taxRate)}
              description="Leave empty for the default rate; use the rate of the line you correct."
            />
            <TextField label="Issue date" type="date" {...fieldProps(creditFields.issuedOn)} description="Not before the invoice's." />
            <Button type="submit" variant="secondary" isDisabled={busy}>
              Issue credit note
            </Button>
          </Form>
        </Writable>
      ) : null}
    </section>
  );
}
