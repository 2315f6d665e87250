import { getFormProps } from "@conform-to/react";
import {
  type ActionFunctionArgs,
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { day, text } from "~/kernel/fields";
import { requireMember, requirePermission } from "~/kernel/accounts/session.server";
import { ActionButton } from "~/components/ActionButton";
import { Button } from "~/components/Button";
import { ConfirmDialog } from "~/components/ConfirmDialog";
import { FormErrors, TextField } from "~/components/fields";
import { fieldProps, useValidatedForm } from "~/components/forms";
import { Link } from "~/components/Link";
import { EmptyState, Notice } from "~/components/Notice";
import { noticeOf, type Outcome, replyFor } from "~/kernel/catalog/CatalogFields";
import { Table } from "~/components/Table";
import { Writable } from "~/components/ReadOnly";
import { percentOf, statusLabels, taxRateField } from "~/invoices/fields";
import { getClient } from "~/kernel/catalog/clients.server";
import { createCreditNote, issueInvoice, markInvoicePaid, maxIssueDaysAhead, voidInvoice } from "~/invoices/issuing.server";
import { getInvoiceSettings } from "~/invoices/settings.server";
import {
  addInvoiceLine,
  deleteDraftInvoice,
  getInvoice,
  type InvoiceLine,
  type InvoiceParty,
  listInvoices,
  removeInvoiceLine,
  setInvoiceNotes,
} from "~/invoices/invoices.server";
import { getCompanyCalendar } from "~/time/rules.server";
import { can } from "~/kernel/permissions";
import { formatMoney, parseMoney } from "~/kernel/catalog/project-fields";
import invoiceStyles from "~/styles/invoices.css";
import { formatMinutes } from "~/kernel/clock/duration";
import { todayIn } from "~/kernel/clock/weeks";
import { withCompany } from "~/routing/company-data.server";
import { parseSubmission, rejected } from "~/routing/forms.server";
import type { TenantTransaction } from "../../db/tenant";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.invoice.number ?? "Draft invoice"} · Hourbook` },
];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: invoiceStyles }];

const description = text({ error: "Describe the line" })
  .trim()
  .min(1, { error: "Describe the line" })
  .max(500, { error: "Use at most 500 characters" });

const amount = (empty: string) =>
  z.string({ error: empty }).transform((text, ctx) => {
    const parsed = parseMoney(text);
    if (parsed.ok && parsed.value > 0) return parsed.value;
    // Discounts and credits are typed as what they take off, so a minus sign is a mistake too.
    const notPositive = parsed.ok || text.trim().startsWith("-");
    ctx.addIssue({ code: "custom", message: notPositive ? "Enter an amount greater than zero" : parsed.message, input: text });
    return z.NEVER;
  });

const addLineSchema = z.object({
  intent: z.literal("add-line"),
  description,
  quantity: z
    .number({ error: "Enter a whole number of units" })
    .int({ error: "Enter a whole number of units" })
    .min(1, { error: "Enter at least 1 unit" })
    .max(1_000_000, { error: "Enter at most 1 000 000 units" }),
  unitPrice: amount("Enter the price per unit"),
  taxRate: taxRateField.optional(),
});
const addDiscountSchema = z.object({ intent: z.literal("add-discount"), description, amount: amount("Enter the amount taken off") });
const notesSchema = z.object({
  intent: z.literal("notes"),
  notes: text()
    .max(4000, { error: "Notes are at most 4000 characters" })
    .optional()
    .transform((text) => text ?? null),
});
// Left out, the company's today; the model checks its bounds (decision 023).
const issuedOnField = day("Enter the issue date as YYYY-MM-DD").optional();

const creditPartSchema = z.object({
  intent: z.literal("credit-part"),
  issuedOn: issuedOnField,
  description,
  amount: amount("Enter the amount to credit"),
  taxRate: taxRateField.optional(),
});
const actionSchema = z.discriminatedUnion("intent", [
  addLineSchema,
  addDiscountSchema,
  z.object({ intent: z.literal("remove-line"), lineId: z.uuid() }),
  notesSchema,
  z.object({ intent: z.literal("delete") }),
  z.object({ intent: z.literal("issue"), issuedOn: issuedOnField }),
  z.object({
    intent: z.literal("mark-paid"),
    paidOn: day("Enter the day as YYYY-MM-DD").optional(),
  }),
  z.object({ intent: z.literal("void") }),
  z.object({ intent: z.literal("credit"), issuedOn: issuedOnField }),
  creditPartSchema,
]);
type ActionInput = z.output<typeof actionSchema>;

/** The field a form's refusal belongs on; intents without a form answer with a notice. */
const refusalField: Partial<Record<ActionInput["intent"], string>> = {
  "add-line": "unitPrice",
  "add-discount": "amount",
  notes: "notes",
  "credit-part": "amount",
  "mark-paid": "paidOn",
};

const invoiceIdSchema = z.uuid();

function notFound(): never {
  throw data("Invoice not found", { status: 404 });
}

export async function loader(args: LoaderFunctionArgs) {
  const invoiceId = invoiceIdSchema.safeParse(args.params.invoiceId);
  if (!invoiceId.success) notFound();
  const { member, result } = await withCompany(args, "invoice:view", async (tx) => {
    const invoice = await getInvoice(tx, invoiceId.data);
    if (!invoice) return null;
    // A draft shows who it will name as they are now; issuing snapshots them.
    let seller = invoice.seller;
    let buyer = invoice.buyer;
    if (invoice.status === "draft") {
      const settings = (await getInvoiceSettings(tx))!;
      const client = await getClient(tx, invoice.clientId);
      seller = { legal_name: settings.legalName, address: settings.address, tax_id: settings.taxId };
      buyer = {
        name: client?.name ?? invoice.clientName,
        contact_name: client?.contactName ?? null,
        contact_email: client?.contactEmail ?? null,
        address: client?.billingAddress ?? null,
        tax_id: client?.taxId ?? null,
      };
    }
    const creditNotes =
      invoice.kind === "invoice" && invoice.status !== "draft"
        ? (await listInvoices(tx, { clientId: invoice.clientId })).filter((other) => other.correctsId === invoice.id)
        : [];
    return { invoice, seller, buyer, creditNotes, today: todayIn((await getCompanyCalendar(tx)).timezone) };
  });
  if (!result) notFound();
  return { ...result, mayManage: can(member.company.role, "invoice:manage"), maxIssueDaysAhead };
}

type Change =
  /** `then`: where to go next, under the company's invoices ("" is the list). */
  | { ok: true; message: string; then?: string }
  /** `field`: a refusal about one value of a form that otherwise answers with a notice. */
  | { ok: false; message: string; field?: string }
  | null;

const done = (message: string) => (result: { ok: true } | { ok: false; message: string } | null): Change =>
  result === null ? null : result.ok ? { ok: true, message } : result;

function change(tx: TenantTransaction, invoiceId: string, input: ActionInput): Promise<Change> {
  switch (input.intent) {
    case "add-line":
      return addInvoiceLine(tx, invoiceId, "manual", {
        description: input.description,
        quantity: input.quantity,
        unitPriceMinor: input.unitPrice,
        taxRateBp: input.taxRate,
      }).then(done("Line added."));
    case "add-discount":
      return addInvoiceLine(tx, invoiceId, "discount", { description: input.description, unitPriceMinor: input.amount }).then(
        done("Discount added."),
      );
    case "remove-line":
      return removeInvoiceLine(tx, invoiceId, input.lineId).then(done("Line removed; its time can go on a later invoice."));
    case "notes":
      return setInvoiceNotes(tx, invoiceId, input.notes).then(done("Notes saved."));
    case "delete":
      return deleteDraftInvoice(tx, invoiceId).then((result) =>
        result === null ? null : result.ok ? { ok: true, message: "Draft deleted.", then: "" } : result,
      );
    case "issue":
      return issueInvoice(tx, invoiceId, { issuedOn: input.issuedOn }).then((result) =>
        result === null ? null : result.ok ? { ok: true, message: `Issued as ${result.number}.` } : result,
      );
    case "mark-paid":
      return markInvoicePaid(tx, invoiceId, { paidOn: input.paidOn }).then(done("Marked paid."));
    case "void":
      return voidInvoice(tx, invoiceId).then(done("Invoice voided; its time can be invoiced again."));
    case "credit":
    case "credit-part": {
      const lines =
        input.intent === "credit"
          ? undefined
          : [{ description: input.description, quantity: 1, unitPriceMinor: input.amount, taxRateBp: input.taxRate }];
      return createCreditNote(tx, invoiceId, lines, { issuedOn: input.issuedOn }).then((result) =>
        result === null ? null : result.ok ? { ok: true, message: `Credit note ${result.number} issued.`, then: `/${result.id}` } : result,
      );
    }
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, params.company);
  await requirePermission(member, "invoice:manage");
  const invoiceId = invoiceIdSchema.safeParse(params.invoiceId);
  if (!invoiceId.success) notFound();
  const submission = await parseSubmission(request, actionSchema);
  if (submission.status !== "success") return rejected(submission);
  const input = submission.value;
  const outcome = await context.withTenant(member.tenant, (tx) => change(tx, invoiceId.data, input));
  if (!outcome) throw data("Invoice or line not found", { status: 404 });
  if (outcome.ok) {
    return outcome.then === undefined
      ? data({ ok: true, message: outcome.message })
      : redirect(`/c/${member.company.slug}/invoices${outcome.then}`);
  }
  const field = outcome.field ?? refusalField[input.intent];
  if (field) return rejected(submission, { fieldErrors: { [field]: [outcome.message] } });
  // The invoice is not in the state this asks for (issued twice, voided meanwhile…): a conflict, said plainly.
  return data({ ok: false, message: outcome.message }, { status: 409 });
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

export default function InvoicePage() {
  const { invoice, seller, buyer, creditNotes, mayManage } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const draft = invoice.status === "draft";
  const title = invoice.number
    ? `${invoice.kind === "credit_note" ? "Credit note" : "Invoice"} ${invoice.number}`
    : "Draft invoice";
  const money = (minor: number) => formatMoney(minor, invoice.currency);

  return (
    <div className="stack-lg">
      <div className="page-header">
        <div>
          <p className="muted">
            <Link href="..">Invoices</Link>
          </p>
          <h1>
            {title} <span className="badge">{statusLabels[invoice.status]}</span>
          </h1>
        </div>
        {invoice.status === "draft" ? null : (
          <Link href="pdf" reloadDocument>
            Download PDF
          </Link>
        )}
      </div>
      {noticeOf(outcome) ? <Notice tone={noticeOf(outcome)!.ok ? "success" : "error"}>{noticeOf(outcome)!.message}</Notice> : null}

      {invoice.correctsId ? (
        <p>
          Corrects invoice <Link href={`../${invoice.correctsId}`}>{invoice.correctsNumber}</Link>.
        </p>
      ) : null}
      {creditNotes.length > 0 ? (
        <p>
          Corrected by{" "}
          {creditNotes.map((note, index) => (
            <span key={note.id}>
              {index > 0 ? ", " : null}
              credit note <Link href={`../${note.id}`}>{note.number}</Link> ({money(note.totalMinor)})
            </span>
          ))}
          .
        </p>
      ) : null}

      <div className="parties">
        <Party heading="From" party={seller} missing={draft ? <Link href="../settings">Set the legal name in the invoice settings</Link> : null} />
        <Party heading="To" party={buyer} missing={null} />
        <dl className="details card">
          <dt>Number</dt>
          <dd>{invoice.number ?? "Given when issued"}</dd>
          {invoice.periodFrom && invoice.periodTo ? (
            <>
              <dt>Period</dt>
              <dd>
                {invoice.periodFrom} – {invoice.periodTo}
              </dd>
            </>
          ) : null}
          <dt>Issued</dt>
          <dd>{invoice.issuedOn ?? "—"}</dd>
          <dt>Due</dt>
          <dd>{invoice.dueOn ?? "—"}</dd>
          {invoice.paidOn ? (
            <>
              <dt>Paid</dt>
              <dd>{invoice.paidOn}</dd>
            </>
          ) : null}
          <dt>Currency</dt>
          <dd>{invoice.currency}</dd>
        </dl>
      </div>

      <Lines invoice={invoice} editable={draft && mayManage} />

      <dl className="totals" aria-label="Totals">
        <dt>Subtotal</dt>
        <dd>{money(invoice.subtotalMinor)}</dd>
        <dt>Tax</dt>
        <dd>{money(invoice.taxMinor)}</dd>
        <dt>Total</dt>
        <dd>
          <strong>{money(invoice.totalMinor)}</strong>
        </dd>
      </dl>

      {draft && mayManage ? (
        <DraftActions invoice={invoice} outcome={outcome} />
      ) : (
        <>
          {invoice.notes ? (
            <section aria-labelledby="notes-heading" className="stack">
              <h2 id="notes-heading">Notes</h2>
              <p className="address">{invoice.notes}</p>
            </section>
          ) : null}
          {mayManage ? <IssuedActions outcome={outcome} /> : null}
        </>
      )}
    </div>
  );
}

function Party({ heading, party, missing }: { heading: string; party: InvoiceParty | null; missing: ReactNode }) {
  const name = party?.legal_name ?? party?.name ?? null;
  return (
    <section className="card stack" aria-label={heading}>
      <h2 className="small muted">{heading}</h2>
      {name ? <strong>{name}</strong> : <div>{missing ?? <span className="muted">—</span>}</div>}
      {party?.contact_name || party?.contact_email ? (
        <div>{[party.contact_name, party.contact_email].filter(Boolean).join(" · ")}</div>
      ) : null}
      {party?.address ? <div className="address">{party.address}</div> : null}
      {party?.tax_id ? <div>Tax id {party.tax_id}</div> : null}
    </section>
  );
}

function quantityOf(line: InvoiceLine) {
  return line.kind === "time" ? `${formatMinutes(line.quantity)} h` : String(line.quantity);
}

function Lines({ invoice, editable }: { invoice: Loaded["invoice"]; editable: boolean }) {
  const money = (minor: number) => formatMoney(minor, invoice.currency);
  if (invoice.lines.length === 0) {
    return (
      <EmptyState title="No lines">
        <p>Add a line below, or delete this draft.</p>
      </EmptyState>
    );
  }
  return (
    <Table
      label="Lines"
      columns={["Description", "Quantity", "Unit price", "Amount", "Tax rate", "Tax", ...(editable ? ["Actions"] : [])]}
    >
      {invoice.lines.map((line) => (
        <tr key={line.id}>
          <td>{line.description}</td>
          <td className="figure">{quantityOf(line)}</td>
          <td className="figure">
            {money(line.unitPriceMinor)}
            {line.kind === "time" ? "/h" : null}
          </td>
          <td className="figure">{money(line.amountMinor)}</td>
          <td className="figure">{percentOf(line.taxRateBp)} %</td>
          <td className="figure">{money(line.taxMinor)}</td>
          {editable ? (
            <td className="actions">
              <ActionButton intent="remove-line" values={{ lineId: line.id }} variant="quiet" label={`Remove line ${line.description}`}>
                Remove
              </ActionButton>
            </td>
          ) : null}
        </tr>
      ))}
    </Table>
  );
}

function DraftActions({ invoice, outcome }: { invoice: Loaded["invoice"]; outcome: Outcome }) {
  const { today, maxIssueDaysAhead } = useLoaderData<typeof loader>();
  const issueErrors = replyFor(outcome, { intent: "issue" })?.error?.issuedOn ?? undefined;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const lineCount = invoice.lines.length;
  const [lineForm, lineFields] = useValidatedForm(addLineSchema, replyFor(outcome, { intent: "add-line" }), {
    id: "add-line",
    defaultValue: { intent: "add-line", quantity: "1" },
  });
  const [discountForm, discountFields] = useValidatedForm(addDiscountSchema, replyFor(outcome, { intent: "add-discount" }), {
    id: "add-discount",
    defaultValue: { intent: "add-discount" },
  });
  const [notesForm, notesFields] = useValidatedForm(notesSchema, replyFor(outcome, { intent: "notes" }), {
    id: "notes",
    defaultValue: { intent: "notes", notes: invoice.notes ?? "" },
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
          <ConfirmDialog trigger="Delete draft" title="Delete this draft?" confirmLabel="Delete" intent="delete">
            <p>Its time stays approved and can go on another invoice.</p>
          </ConfirmDialog>
        </div>
      </div>

      {issueErrors ? <FormErrors errors={issueErrors} /> : null}

      <div className="grid-2">
        <Writable>
          <Form method="post" {...getFormProps(lineForm)} className="card stack" key={`line-${lineCount}`}>
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
          <Form method="post" {...getFormProps(discountForm)} className="card stack" key={`discount-${lineCount}`}>
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
        <Form method="post" {...getFormProps(notesForm)} className="card stack narrow">
          <input type="hidden" name="intent" value="notes" />
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

function IssuedActions({ outcome }: { outcome: Outcome }) {
  const { invoice, today } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const paidErrors = replyFor(outcome, { intent: "mark-paid" })?.error?.paidOn ?? undefined;
  const creditErrors = replyFor(outcome, { intent: "credit" })?.error?.issuedOn ?? undefined;
  const [creditForm, creditFields] = useValidatedForm(creditPartSchema, replyFor(outcome, { intent: "credit-part" }), {
    id: "credit-part",
    defaultValue: { intent: "credit-part", issuedOn: today },
  });
  const creditNote = invoice.kind === "credit_note";
  const creditable = !creditNote && (invoice.status === "issued" || invoice.status === "paid");
  if (!creditable && invoice.status !== "issued") return null;

  return (
    <section aria-labelledby="actions-heading" className="stack">
      <h2 id="actions-heading">Payment and corrections</h2>
      {paidErrors ? <FormErrors errors={paidErrors} /> : null}
      {creditErrors ? <FormErrors errors={creditErrors} /> : null}
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
          <Form method="post" {...getFormProps(creditForm)} className="card stack narrow">
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
