import type { LoaderFunctionArgs } from "@remix-run/node";
import { endpoints } from "~/api/endpoints";
import { timerJson } from "~/api/time/answers.server";
import { apiRead, jsonResponse, methodNotAllowed } from "~/routing/api.server";
import { getTimer } from "~/time/timers.server";

/** GET /api/v1/timer: the token's person's running timer, or null. */
export function loader(args: LoaderFunctionArgs) {
  return apiRead(args, endpoints.getTimer, async (tx) => jsonResponse({ timer: timerJson(await getTimer(tx)) }));
}

export const action = () => methodNotAllowed(["GET"]);
