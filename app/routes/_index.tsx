import { type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { getSession } from "~/kernel/accounts/session.server";
import { Link } from "~/components/Link";

export const meta: MetaFunction = () => [
  { title: "Hourbook: timesheets, approvals and invoices for your team" },
  {
    name: "description",
    content: "Log time in a week grid, submit timesheets, approve them, and invoice approved billable hours.",
  },
];

const features = [
  { title: "Log time fast", text: "A week grid that takes 1:30, 1.5 or 90m, a running timer, and notes per entry." },
  { title: "Approve with confidence", text: "Weekly timesheets go to the right managers; approved weeks are locked." },
  { title: "Bill what was approved", text: "Invoices built from approved billable time, at the rate that applied." },
  { title: "Every company kept apart", text: "Each company's data is isolated by the database itself, not only by code." },
];

/** Signed-in people go straight to their (first) company; everyone else sees what Hourbook is. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await getSession(request, context);
  if (!session) return null;
  const [first] = await context.auth.accounts.listMemberships(session.user.id);
  throw redirect(first ? `/c/${first.slug}` : "/account");
}

export default function Home() {
  return (
    <main className="home">
      <header className="hero">
        <p className="brand">Hourbook</p>
        <h1>Work time, from the week grid to the invoice</h1>
        <p className="lede">
          Employees log their hours and submit the week, managers approve it, admins run teams and billing, and
          finance turns approved billable time into invoices.
        </p>
        <p className="hero-actions">
          <Link href="/signup" className="button button-primary">
            Create your company
          </Link>
          <Link href="/login" className="button button-secondary">
            Sign in
          </Link>
        </p>
      </header>
      <section aria-labelledby="features-heading">
        <h2 id="features-heading" className="visually-hidden">
          What Hourbook does
        </h2>
        <ul className="features">
          {features.map((feature) => (
            <li key={feature.title}>
              <h3>{feature.title}</h3>
              <p>{feature.text}</p>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
