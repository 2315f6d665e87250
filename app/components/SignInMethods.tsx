import type { SignInMethodSummary } from "~/kernel/accounts/sign-in-methods.server";
import { Link } from "./Link";

/** The account page's security section: one row per way of signing in, each with where to manage it. */
export function SignInMethods({ methods }: { methods: SignInMethodSummary[] }) {
  return (
    <section className="card stack" aria-labelledby="security-heading">
      <h2 id="security-heading">How you sign in</h2>
      <ul className="session-list">
        {methods.map((method) => (
          <li key={method.id} className="session">
            <div>
              <strong>{method.label}</strong> <span className={method.enabled ? "badge" : "muted small"}>{method.status}</span>
              <div className="muted small">{method.description}</div>
            </div>
            {method.manage ? <Link href={method.manage.href}>{method.manage.label}</Link> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
