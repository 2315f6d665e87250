import { useLocation, useRouteLoaderData } from "@remix-run/react";
import { useId, type ReactNode } from "react";
import { allowedWhileReadOnlyPath } from "~/kernel/company/read-only";

/** What this hook reads of the company layout's loader (routes/c.$company.tsx). */
interface CompanyLayoutData {
  company: { slug: string };
  banner: { kind: "past-due" } | { kind: "read-only"; message: string; canFix: boolean } | null;
}

/**
 * Whether changes on this page would be refused because the company is read-only
 * (decision 017), from what the company layout already loaded (no request of its
 * own). Null outside a company, in good standing, and on the pages that stay open
 * while read-only (billing, exports, notifications). The server refuses with 423
 * whatever the page shows; this only spares people forms that can't succeed.
 */
export function useCompanyReadOnly(): { message: string } | null {
  const layout = useRouteLoaderData("routes/c.$company") as CompanyLayoutData | undefined;
  const { pathname } = useLocation();
  if (layout?.banner?.kind !== "read-only") return null;
  if (allowedWhileReadOnlyPath(pathname, layout.company.slug)) return null;
  return { message: "Read-only: changes are turned off until the company's billing is restored." };
}

/**
 * The part of a page that changes things. While the company is read-only its
 * controls are disabled (a disabled fieldset disables every control inside it,
 * without JavaScript too) and a line says why; otherwise it renders as is. Filters
 * and links stay outside it, since viewing and exporting keep working.
 */
export function Writable({ children, quiet = false }: { children: ReactNode; /** No line of its own: a form in every row of a table. */ quiet?: boolean }) {
  const readOnly = useCompanyReadOnly();
  const id = useId();
  if (!readOnly) return <>{children}</>;
  return (
    <fieldset disabled className="read-only-area" aria-describedby={quiet ? undefined : id} title={readOnly.message}>
      {quiet ? null : (
        <p id={id} className="muted small read-only-hint">
          {readOnly.message}
        </p>
      )}
      {children}
    </fieldset>
  );
}
