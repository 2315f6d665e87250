import type { LinksFunction, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useHref,
  useNavigate,
  useRouteError,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { RouterProvider } from "react-aria-components";
import { Link } from "./components/Link";
import { useNonce } from "./nonce";
import styles from "./styles/app.css";

export const meta: MetaFunction = () => [{ title: "Hourbook" }];

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const navigate = useNavigate();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <RouterProvider navigate={navigate} useHref={useHref}>
          {children}
        </RouterProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

function ErrorPage({ status, title, children }: { status: number; title: string; children: ReactNode }) {
  return (
    <main className="error-page">
      <p className="error-status">{status}</p>
      <h1>{title}</h1>
      {children}
      <p>
        <Link href="/">Go to the home page</Link>
      </p>
    </main>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <ErrorPage status={404} title="Page not found">
        <p>There is nothing at this address. Check the link, or start again from the home page.</p>
      </ErrorPage>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 403) {
    return (
      <ErrorPage status={403} title="Not allowed">
        <p>{typeof error.data === "string" && error.data ? error.data : "You don't have permission to see this page."}</p>
      </ErrorPage>
    );
  }
  // A read-only company's refusal (423, app/billing/read-only.ts) says why and who can lift it; "try again" wouldn't help.
  if (isRouteErrorResponse(error) && error.status === 423) {
    return (
      <ErrorPage status={423} title="Read-only">
        <p>{typeof error.data === "string" && error.data ? error.data : "This company is read-only."}</p>
      </ErrorPage>
    );
  }
  if (isRouteErrorResponse(error)) {
    // A refusal thrown with a reason in words (a form posted to a download or a
    // resource route, a browser without JavaScript) says that reason.
    return (
      <ErrorPage status={error.status} title={error.statusText || "Something went wrong"}>
        <p>{typeof error.data === "string" && error.data ? error.data : "Please try again."}</p>
      </ErrorPage>
    );
  }
  return (
    <ErrorPage status={500} title="Something went wrong">
      <p>We couldn't show this page. The problem has been logged; please try again in a moment.</p>
      {process.env.NODE_ENV === "development" && error instanceof Error ? <pre className="error-trace">{error.stack}</pre> : null}
    </ErrorPage>
  );
}
