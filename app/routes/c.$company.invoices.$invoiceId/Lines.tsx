import { ActionButton } from "~/components/ActionButton";
import { EmptyState } from "~/components/Notice";
import { Table } from "~/components/Table";
import { percentOf } from "~/invoices/fields";
import type { InvoiceLine } from "~/invoices/invoices.server";
import { formatMoney } from "~/kernel/catalog/project-fields";
import { formatMinutes } from "~/kernel/clock/duration";
import type { LoadedInvoice } from "./route";

function quantityOf(line: Pick<InvoiceLine, "kind" | "quantity">) {
  return line.kind === "time" ? `${formatMinutes(line.quantity)} h` : String(line.quantity);
}

/** The invoice's lines; on an editable draft each can be removed. */
export function Lines({ invoice, editable }: { invoice: LoadedInvoice; editable: boolean }) {
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
              <ActionButton
                action="lines"
                intent="remove-line"
                values={{ lineId: line.id }}
                variant="quiet"
                label={`Remove line ${line.description}`}
              >
                Remove
              </ActionButton>
            </td>
          ) : null}
        </tr>
      ))}
    </Table>
  );
}
