import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { getFormProps } from "@conform-to/react";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { BillingAccount, PaymentMethodState } from "~/billing/account.server";
import { checkoutInput } from "~/billing/inputs";
import { openBillingPortalOperation, startCheckoutOperation } from "~/billing/operations.server";
import type { PastInvoice } from "~/billing/stripe-bills.server";
import { effectivePlan, planIds, subscriptionIsLive, type PlanId } from "~/kernel/company/plans";
import { ActionButton } from "~/components/ActionButton";
import { Button } from "~/components/Button";
import { FormErrors, ReplyErrors, Select } from "~/components/fields";
import { replyFor, useValidatedForm } from "~/components/forms";
import { EmptyState, Notice } from "~/components/Notice";
import { Table } from "~/components/Table";
import { countActiveMembers, readSubscription } from "~/billing/billing.server";
import { can } from "~/kernel/permissions";
import { companyAction, intent } from "~/routing/company-action.server";
import { withCompany } from "~/routing/company-data.server";
import { formatDateTime } from "~/components/format";
import { formatStripeAmount } from "../../emails/format";

export const meta: MetaFunction = () => [{ title: "Billing · Hourbook" }];

const statusLabels: Record<string, string> = {
  none: "No subscription",
  trialing: "Trial",
  active: "Active",
  past_due: "Past due: the last payment failed",
  canceled: "Canceled",
  unpaid: "Unpaid",
  incomplete: "Waiting for the first payment",
  incomplete_expired: "Checkout expired",
  paused: "Paused",
};

export async function loader(args: LoaderFunctionArgs) {
  const { member, result } = await withCompany(args, "billing:view", async (tx) => ({
    subscription: await readSubscription(tx),
    seatsInUse: await countActiveMembers(tx),
  }));
  const billing = args.context.billing;
  const plan = effectivePlan(billing.config, result.subscription);
  const subscription = result.subscription;
  const customerId = subscription?.stripeCustomerId;
  const live = subscription ? subscriptionIsLive(subscription.status) : false;
  // The page works without what it reads from Stripe: Stripe being slow or down
  // costs only those parts, each said so where it would be.
  const fromStripe = <T,>(what: string, read: () => Promise<T>) =>
    read().catch((error: unknown) => {
      args.context.logger.warn({ err: error }, `Could not read ${what} from Stripe`);
      return null;
    });
  const stripe = billing.stripe;
  const [invoices, account] =
    stripe && customerId
      ? await Promise.all([
          fromStripe("invoices", () => stripe.invoices(customerId)),
          fromStripe("the next invoice and payment method", () =>
            stripe.account({
              customerId,
              subscriptionId: subscription.stripeSubscriptionId,
              renews: live && !subscription.cancelAtPeriodEnd,
            }),
          ),
        ])
      : [[], undefined];
  return {
    configured: billing.configured,
    plan: { id: plan, name: billing.plans[plan].name },
    plans: planIds.map((id) => ({ id, name: billing.plans[id].name, summary: billing.plans[id].summary })),
    subscription: result.subscription
      ? {
          status: result.subscription.status,
          seats: result.subscription.seats,
          periodEnd: result.subscription.currentPeriodEnd?.toISOString() ?? null,
          cancelAtPeriodEnd: result.subscription.cancelAtPeriodEnd,
          hasCustomer: result.subscription.stripeCustomerId !== null,
          live: subscriptionIsLive(result.subscription.status),
        }
      : null,
    seatsInUse: result.seatsInUse,
    invoices,
    /** undefined: nothing to read (no Stripe customer yet); null: Stripe couldn't be read. */
    account,
    invoicesCsvHref: `/c/${member.company.slug}/billing/invoices.csv`,
    canManage: can(member.company.role, "billing:manage"),
    // One key per page view: a double submit reuses Stripe's first Checkout Session.
    requestKey: crypto.randomUUID(),
    timeZone: member.company.timezone,
  };
}

// Stripe's pages make the change; the page shows it once Stripe's webhook is applied.
export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    checkout: intent({
      operation: startCheckoutOperation,
      success: ({ url }) => ({ redirectTo: url }),
    }),
    portal: intent({
      operation: openBillingPortalOperation,
      success: ({ url }) => ({ redirectTo: url }),
    }),
  });
}

export default function Billing() {
  const page = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const checkoutReply = replyFor(reply, { intent: "checkout" });
  const [form, fields] = useValidatedForm(checkoutInput, checkoutReply, { defaultValue: { plan: "team" } });
  const { subscription } = page;
  const paidPlans = page.plans
    .filter((plan): plan is { id: Exclude<PlanId, "free">; name: string; summary: string } => plan.id !== "free")
    .map((plan) => ({ id: plan.id, label: `${plan.name}: ${plan.summary.toLowerCase()}` }));
  return (
    <div className="stack-lg">
      <div>
        <h1>Billing</h1>
        <p className="muted">Your plan and subscription. Payments, cards and invoices are handled by Stripe.</p>
      </div>
      {checkoutReply ? null : <ReplyErrors reply={reply} />}
      {!page.configured ? (
        <Notice tone="info">
          Billing isn&apos;t configured on this server, so every company is on the {page.plan.name} plan with all of its
          features.
        </Notice>
      ) : null}
      {subscription?.status === "past_due" ? (
        <Notice tone="warning">The last payment failed. Update the payment method under Manage billing.</Notice>
      ) : null}
      <dl className="details card">
        <dt>Plan</dt>
        <dd>{page.plan.name}</dd>
        <dt>Status</dt>
        <dd>{statusLabels[subscription?.status ?? "none"] ?? subscription?.status}</dd>
        <dt>Seats in use</dt>
        <dd>{page.seatsInUse} active members</dd>
        <dt>Seats paid for</dt>
        <dd>{subscription?.live ? subscription.seats : "—"}</dd>
        <dt>{subscription?.cancelAtPeriodEnd ? "Ends on" : "Current period ends"}</dt>
        <dd suppressHydrationWarning>{subscription?.periodEnd ? formatDateTime(subscription.periodEnd, page.timeZone) : "—"}</dd>
        {page.account !== undefined ? <AccountDetails account={page.account} timeZone={page.timeZone} /> : null}
      </dl>
      {page.configured && page.canManage ? (
        <section className="stack">
          {subscription?.live ? null : (
            <Form method="post" {...getFormProps(form)} className="card stack" aria-label="Choose a plan">
              <h2>Choose a plan</h2>
              <input type="hidden" name="intent" value="checkout" />
              <input type="hidden" name={fields.requestKey.name} value={page.requestKey} />
              <FormErrors errors={[...(form.errors ?? []), ...(fields.requestKey.errors ?? [])]} />
              <Select label="Plan" name={fields.plan.name} defaultValue={fields.plan.initialValue as "team" | undefined} errors={fields.plan.errors} options={paidPlans} />
              <p className="muted small">
                {page.seatsInUse} seats, one per active member. You&apos;ll enter payment details on Stripe&apos;s Checkout page.
              </p>
              <Button type="submit" variant="primary" isPending={navigation.state === "submitting"}>
                Continue to Checkout
              </Button>
            </Form>
          )}
          {subscription?.hasCustomer ? (
            <ActionButton intent="portal">Manage billing</ActionButton>
          ) : null}
        </section>
      ) : null}
      {page.configured ? <Invoices invoices={page.invoices} timeZone={page.timeZone} csvHref={page.invoicesCsvHref} /> : null}
    </div>
  );
}

const cardBrands: Record<string, string> = {
  amex: "American Express",
  cartes_bancaires: "Cartes Bancaires",
  diners: "Diners Club",
  discover: "Discover",
  eftpos_au: "eftpos",
  jcb: "JCB",
  link: "Link",
  mastercard: "Mastercard",
  unionpay: "UnionPay",
  visa: "Visa",
};

function paymentMethodText(method: PaymentMethodState): { text: string; badge?: string; warning: string | null } {
  switch (method.kind) {
    case "none":
      return { text: "No payment method", badge: "Missing", warning: "Add a card under Manage billing, or the next invoice can't be paid." };
    case "other":
      return { text: `${method.type.replaceAll("_", " ")}${method.last4 ? ` ending in ${method.last4}` : ""}`, warning: null };
    case "card": {
      const expires = `${String(method.expMonth).padStart(2, "0")}/${method.expYear}`;
      const text = `${cardBrands[method.brand] ?? method.brand} ending in ${method.last4}, expires ${expires}`;
      if (method.expiry === "expired") return { text, badge: "Expired", warning: "Replace it under Manage billing." };
      if (method.expiry === "expires-soon") {
        return { text, badge: "Expires soon", warning: "It expires before the next payment or within 30 days: replace it under Manage billing." };
      }
      return { text, warning: null };
    }
  }
}

/** The next invoice and the payment method, or why they aren't shown. */
function AccountDetails({ account, timeZone }: { account: BillingAccount | null; timeZone: string }) {
  if (account === null) {
    const unavailable = "Couldn't load from Stripe right now";
    return (
      <>
        <dt>Next invoice</dt>
        <dd className="muted">{unavailable}</dd>
        <dt>Payment method</dt>
        <dd className="muted">{unavailable}</dd>
      </>
    );
  }
  const method = paymentMethodText(account.paymentMethod);
  return (
    <>
      <dt>Next invoice</dt>
      <dd suppressHydrationWarning>
        {account.nextInvoice
          ? `${formatStripeAmount(account.nextInvoice.amountDue, account.nextInvoice.currency)} on ${formatDateTime(account.nextInvoice.date, timeZone)}`
          : "None scheduled"}
      </dd>
      <dt>Payment method</dt>
      <dd>
        {method.text}
        {method.warning ? (
          <>
            {" "}
            <span className="badge badge-warning">{method.badge}</span> <span className="small">{method.warning}</span>
          </>
        ) : null}
      </dd>
    </>
  );
}

function Invoices({ invoices, timeZone, csvHref }: { invoices: PastInvoice[] | null; timeZone: string; csvHref: string }) {
  if (invoices === null) return <Notice tone="warning">Invoices couldn&apos;t be loaded from Stripe just now. Reload to try again.</Notice>;
  if (invoices.length === 0) return <EmptyState title="No invoices yet" />;
  return (
    <section className="stack">
      <div className="page-header">
        <h2>Invoices</h2>
        <a href={csvHref} download>
          Download CSV<span className="visually-hidden"> of every invoice</span>
        </a>
      </div>
      <Table label="Invoices" columns={["Date", "Number", "Amount", "Status", "Download"]}>
        {invoices.map((invoice) => (
          <tr key={invoice.id}>
            <td suppressHydrationWarning>{formatDateTime(invoice.createdAt, timeZone)}</td>
            <td>{invoice.number ?? "—"}</td>
            <td>{formatStripeAmount(invoice.total, invoice.currency)}</td>
            <td>{invoice.status}</td>
            <td>
              {invoice.pdfUrl ? (
                <a href={invoice.pdfUrl} rel="noreferrer">
                  PDF<span className="visually-hidden"> of invoice {invoice.number ?? invoice.id}</span>
                </a>
              ) : (
                "—"
              )}
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
