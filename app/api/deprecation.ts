import type { Endpoint } from "./endpoint";

/**
 * The headers that announce a deprecated endpoint on each of its answers:
 * `Deprecation: @<unix seconds>` (RFC 9745) from the day it was deprecated,
 * `Sunset: <HTTP date>` (RFC 8594) for the day it goes, and a `Link` with
 * rel="deprecation" to what to use instead. Empty for an endpoint that isn't.
 */
export function deprecationHeaders(endpoint: Pick<Endpoint, "deprecated">): [name: string, value: string][] {
  const { deprecated } = endpoint;
  if (!deprecated) return [];
  const headers: [string, string][] = [
    ["Deprecation", `@${Math.floor(dayStart(deprecated.since).getTime() / 1000)}`],
    ["Sunset", dayStart(deprecated.sunset).toUTCString()],
  ];
  if (deprecated.link) headers.push(["Link", `<${deprecated.link}>; rel="deprecation"; type="text/html"`]);
  return headers;
}

function dayStart(day: string): Date {
  const date = new Date(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(date.getTime())) throw new Error(`Not a day: ${day}`);
  return date;
}

/** Adds the endpoint's deprecation headers to an answer (appending to a pagination Link). */
export function withDeprecation(endpoint: Pick<Endpoint, "deprecated">, response: Response): Response {
  for (const [name, value] of deprecationHeaders(endpoint)) response.headers.append(name, value);
  return response;
}
