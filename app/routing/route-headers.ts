import type { HeadersFunction } from "@remix-run/node";

/**
 * Remix passes a loader's or action's own headers on to the response only for routes
 * that export `headers`; otherwise just their cookies. Routes whose answers carry a
 * header the client acts on (a 429's Retry-After) export this. Cookies are left out
 * because Remix adds them itself.
 */
export const keepOwnHeaders: HeadersFunction = ({ loaderHeaders, actionHeaders }) => {
  const kept = new Headers();
  for (const source of [loaderHeaders, actionHeaders]) {
    for (const [name, value] of source) if (name !== "set-cookie") kept.set(name, value);
  }
  return kept;
};
