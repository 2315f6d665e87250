import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What later layers learn about a request that its metrics and traces are labelled
 * with: the Remix route that answered it and the company it acted in. Set where they
 * become known (the route wrapper, the tenant transaction), read when it ends.
 */
export interface RequestScope {
  routeId?: string;
  companyId?: string;
}

const scope = new AsyncLocalStorage<RequestScope>();

export function runInRequestScope<T>(state: RequestScope, work: () => T): T {
  return scope.run(state, work);
}

export function currentRequestScope(): RequestScope | undefined {
  return scope.getStore();
}

/**
 * A request runs its layouts' loaders and the page's together; the page's route id
 * (the longest, as flat route ids extend their parent's) names the request.
 */
export function noteCompanyId(companyId: string): void {
  const state = scope.getStore();
  if (state) state.companyId = companyId;
}

export function noteRouteId(routeId: string): void {
  const state = scope.getStore();
  if (state && (!state.routeId || routeId.length > state.routeId.length)) state.routeId = routeId;
}
