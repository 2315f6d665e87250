import type { LoaderFunctionArgs } from "@remix-run/node";
import { methodNotAllowed } from "~/routing/api.server";

/**
 * GET /api/docs: the interactive reference of /api/v1, Swagger UI over our generated
 * document. Its "Try it out" calls this server with the Bearer token given under
 * "Authorize"; the page itself reads no cookie and needs no sign-in.
 */
export function loader({ context }: LoaderFunctionArgs) {
  const nonce = context.cspNonce;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hourbook API reference</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
<main id="reference"></main>
<script nonce="${nonce}" src="/api/docs/swagger-ui-bundle.js"></script>
<script nonce="${nonce}" src="/api/docs/start.js"></script>
</body>
</html>
`;
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache" } });
}

export const action = () => methodNotAllowed(["GET"]);
