import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Link } from "~/components/Link";
import { statusLabels } from "~/invoices/fields";
import { maxIssueDaysAhead } from "~/invoices/issuing.server";
import { formatMoney } from "~/kernel/catalog/project-fields";
import { can } from "~/kernel/permissions";
import { withCompany } from "~/routing/company-data.server";
import invoiceStyles from "~/styles/invoices.css";
import { DraftActions } from "./DraftActions";
import { IssuedActions } from "./IssuedActions";
import { Lines } from "./Lines";
import { Party } from "./Parties";
import { invoicePage } from "./queries.server";

/**
 * An invoice or credit note. Its changes are child routes (lines, notes, delete,
 * issue, payment, void, credit), each with its own action; a refusal renders in the
 * outlet below the heading, a success comes back here with a confirmation.
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.invoice.number ?? "Draft invoice"} · Hourbook` },
];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: invoiceStyles }];

const invoiceIdSchema = z.uuid();

function notFound(): never {
  throw data("Invoice not found", { status: 404 });
}

export async function loader(args: LoaderFunctionArgs) {
  const invoiceId = invoiceIdSchema.safeParse(args.params.invoiceId);
  if (!invoiceId.success) notFound();
  const { member, result } = await withCompany(args, "invoice:view", (tx) => invoicePage(tx, invoiceId.data));
  if (!result) notFound();
  return { ...result, mayManage: can(member.company.role, "invoice:manage"), maxIssueDaysAhead };
}

export type LoadedInvoice = ReturnType<typeof useLoaderData<typeof loader>>["invoice"];

export default function InvoicePage() {
  const { invoice, seller, buyer, creditNotes, mayManage } = useLoaderData<typeof loader>();
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
      <Outlet />

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
        <DraftActions invoice={invoice} />
      ) : (
        <>
          {invoice.notes ? (
            <section aria-labelledby="notes-heading" className="stack">
              <h2 id="notes-heading">Notes</h2>
              <p className="address">{invoice.notes}</p>
            </section>
          ) : null}
          {mayManage ? <IssuedActions /> : null}
        </>
      )}
    </div>
  );
}
