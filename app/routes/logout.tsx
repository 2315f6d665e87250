import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { endSession } from "~/kernel/accounts/session.server";

// Signing out changes state, so it is a POST (a link or prefetch can't sign anyone out).
export async function action({ request, context }: ActionFunctionArgs) {
  return endSession(request, context, "/login");
}

export async function loader() {
  return redirect("/");
}
