import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useHref, useNavigate, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { RouterProvider } from "react-aria-components";
import { RouteErrorPage } from "./components/RouteErrorPage";
import { NavigationProgress } from "./components/NavigationProgress";
import { Toast } from "./components/Toast";
import { takeFlash } from "./routing/flash.server";
import { useNonce } from "./nonce";
import styles from "./styles/app.css";

export const meta: MetaFunction = () => [{ title: "Hourbook" }];

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { flash, headers } = await takeFlash(request, context);
  return data({ flash }, { headers });
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  // Absent when the root loader itself failed; the error page then shows no toast.
  const flash = useRouteLoaderData<typeof loader>("root")?.flash ?? null;
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
        <NavigationProgress />
        <RouterProvider navigate={navigate} useHref={useHref}>
          {children}
        </RouterProvider>
        <Toast flash={flash} />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return (
    <main>
      <RouteErrorPage home={{ href: "/", label: "Go to the home page" }} />
    </main>
  );
}
