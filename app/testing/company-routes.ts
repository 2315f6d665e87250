/// <reference types="vite/client" />
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

export interface RouteModule {
  loader?: (args: LoaderFunctionArgs) => Promise<unknown>;
  action?: (args: ActionFunctionArgs) => Promise<unknown>;
}

const found = import.meta.glob<RouteModule>(["../routes/c.$company*.tsx", "../routes/c.$company*/route.tsx"], { eager: true });

/**
 * Every company route module, keyed by its route id's file form: a folder route
 * `c.$company.invoices.$invoiceId/route.tsx` is listed as `./c.$company.invoices.$invoiceId.tsx`,
 * so the walks over routes don't care which form a page takes.
 */
export const companyRouteModules: Record<string, RouteModule> = Object.fromEntries(
  Object.entries(found).map(([path, module]) => [path.replace(/^\.\.\/routes\//, "./").replace(/\/route\.tsx$/, ".tsx"), module]),
);
