import type { ReactNode } from "react";
import type { InvoiceParty } from "~/invoices/invoices.server";

/** Who the invoice is from or to, as it names them. */
export function Party({ heading, party, missing }: { heading: string; party: InvoiceParty | null; missing: ReactNode }) {
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
