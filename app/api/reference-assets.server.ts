import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * The interactive reference's files, served from our own origin so /api/docs needs
 * no CDN and runs under the site's CSP (decision 031). Swagger UI's two files come
 * from swagger-ui-dist as published; the page's start-up is ours, a file rather than
 * an inline script so the nonce covers it like any other.
 */
const distFolder = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

const start = `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/v1/openapi.json",
    dom_id: "#reference",
    deepLinking: true,
    // The public validator would send our document to another site.
    validatorUrl: null,
  });
});
`;

const assets = {
  "swagger-ui.css": { type: "text/css; charset=utf-8", read: () => readFile(join(distFolder, "swagger-ui.css"), "utf8") },
  "swagger-ui-bundle.js": { type: "text/javascript; charset=utf-8", read: () => readFile(join(distFolder, "swagger-ui-bundle.js"), "utf8") },
  "start.js": { type: "text/javascript; charset=utf-8", read: async () => start },
};

type AssetName = keyof typeof assets;
const loaded = new Map<AssetName, Promise<string>>();

export function isReferenceAsset(name: string | undefined): name is AssetName {
  return name !== undefined && Object.hasOwn(assets, name);
}

export async function referenceAsset(name: AssetName): Promise<{ type: string; body: string }> {
  if (!loaded.has(name)) loaded.set(name, assets[name].read());
  return { type: assets[name].type, body: await loaded.get(name)! };
}
