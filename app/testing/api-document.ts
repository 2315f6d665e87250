import { Ajv2020 } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { expect } from "vitest";
import { openApiDocument } from "~/api/openapi";

/** The OpenAPI document as tests read it, and the check that an answer is one it gives. */

// The document as a client reads it: plain JSON, not the library's objects.
export const document = JSON.parse(JSON.stringify(openApiDocument())) as OpenApi;

interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { responses: Record<string, ResponseObject> };
}
export interface Operation {
  operationId: string;
  security: { bearer: string[] }[];
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses: Record<string, ResponseObject | { $ref: string }>;
}
interface ResponseObject {
  headers?: Record<string, { required?: boolean }>;
  content?: Record<string, { schema: unknown }>;
}

/** Every operation of the document with its path and method. */
export const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
);

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(document, "openapi.json");

const pointerPart = (part: string) => part.replaceAll("~", "~0").replaceAll("/", "~1");

/** The documented response for a status, with where its schemas sit in the document. */
function documentedResponse(path: string, method: string, status: number) {
  const declared = document.paths[path]![method.toLowerCase()]!.responses[String(status)];
  if (!declared) return null;
  if ("$ref" in declared) {
    const name = declared.$ref.split("/").at(-1)!;
    return { response: document.components.responses[name]!, pointer: `#/components/responses/${pointerPart(name)}` };
  }
  return {
    response: declared as ResponseObject,
    pointer: `#/paths/${pointerPart(path)}/${method.toLowerCase()}/responses/${status}`,
  };
}

/** Fails unless the answer is one the document gives for this operation, with its headers and body shape. */
export async function expectDocumented(path: string, method: string, response: Response) {
  const where = `${method} ${path} → ${response.status}`;
  const documented = documentedResponse(path, method, response.status);
  expect(documented, `${where} is not in the document`).not.toBeNull();
  const { response: declared, pointer } = documented!;
  for (const [name, header] of Object.entries(declared.headers ?? {})) {
    if (header.required) expect(response.headers.get(name), `${where}: header ${name}`).not.toBeNull();
  }
  const text = await response.text();
  if (!declared.content) {
    expect(text, `${where} has a body the document doesn't describe`).toBe("");
    return;
  }
  const mediaType = response.headers.get("Content-Type")?.split(";")[0]?.trim() ?? "";
  expect(Object.keys(declared.content), `${where}: Content-Type`).toContain(mediaType);
  // Files (PDF, CSV, XLSX) are checked for their media type only; an NDJSON stream's schema is each line's.
  const jsonTexts = /^application\/([\w.-]+\+)?json$/.test(mediaType)
    ? [text]
    : mediaType === "application/x-ndjson"
      ? text.split("\n").filter(Boolean)
      : [];
  if (jsonTexts.length === 0) return;
  const validate = ajv.getSchema(`openapi.json${pointer}/content/${pointerPart(mediaType)}/schema`)!;
  for (const json of jsonTexts) {
    const body: unknown = JSON.parse(json);
    expect(validate(body) ? [] : validate.errors, `${where}: ${json}`).toEqual([]);
  }
}
