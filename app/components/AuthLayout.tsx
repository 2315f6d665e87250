import type { ReactNode } from "react";
import { Link } from "./Link";

/** The narrow, centred page for signing in, signing up, resets and invitations. */
export function AuthLayout({ title, intro, children, footer }: { title: string; intro?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="auth-page">
      <p className="brand">
        <Link href="/">Hourbook</Link>
      </p>
      <section className="card auth-card" aria-labelledby="auth-title">
        <h1 id="auth-title">{title}</h1>
        {intro ? <div className="auth-intro">{intro}</div> : null}
        {children}
      </section>
      {footer ? <div className="auth-footer">{footer}</div> : null}
    </main>
  );
}
