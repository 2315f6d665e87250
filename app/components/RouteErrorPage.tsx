import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import { Link } from "./Link";

/**
 * What a page that failed says, for the root's error boundary and for the company
 * layout's (which keeps the company's header and navigation around it). `home` is
 * where "start again" leads: the site's home, or the company's overview. The caller
 * places it in the page's one <main>.
 */
export function RouteErrorPage({ home }: { home: { href: string; label: string } }) {
  const error = useRouteError();
  const { status, title, text } = describe(error);
  return (
    <div className="error-page">
      <p className="error-status">{status}</p>
      <h1>{title}</h1>
      <p>{text}</p>
      {process.env.NODE_ENV === "development" && error instanceof Error ? <pre className="error-trace">{error.stack}</pre> : null}
      <p>
        <Link href={home.href}>{home.label}</Link>
      </p>
    </div>
  );
}

function describe(error: unknown): { status: number; title: string; text: ReactNode } {
  if (!isRouteErrorResponse(error)) {
    return { status: 500, title: "Something went wrong", text: "We couldn't show this page. The problem has been logged; please try again in a moment." };
  }
  // A refusal thrown with a reason in words (a 403 naming the permission, a read-only
  // company's 423 saying who can lift it, a form posted without JavaScript) says it.
  const reason = typeof error.data === "string" && error.data ? error.data : null;
  switch (error.status) {
    case 404:
      return { status: 404, title: "Page not found", text: "There is nothing at this address. Check the link, or start again from the home page." };
    case 403:
      return { status: 403, title: "Not allowed", text: reason ?? "You don't have permission to see this page." };
    case 423:
      return { status: 423, title: "Read-only", text: reason ?? "This company is read-only." };
    default:
      return { status: error.status, title: error.statusText || "Something went wrong", text: reason ?? "Please try again." };
  }
}
