import { getFormProps } from "@conform-to/react";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { newPasswordField, passwordMinLength } from "~/kernel/accounts/schemas";
import { auditRequestOf, requireSession } from "~/kernel/accounts/session.server";
import { AppShell } from "~/components/AppShell";
import { ActionButton } from "~/components/ActionButton";
import { Button } from "~/components/Button";
import { FormErrors, TextField } from "~/components/fields";
import { useValidatedForm } from "~/components/forms";
import { Link } from "~/components/Link";
import { EmptyState, Notice } from "~/components/Notice";
import { parseSubmission, readForm, rejected } from "~/routing/forms.server";
import { formatDateTime, timeFromNow } from "~/components/format";
import { listMyApiTokens } from "~/kernel/api-tokens/api-tokens.server";
import { ProfileForms } from "~/components/ProfileForms";
import { SignInMethods } from "~/components/SignInMethods";
import { listSignInMethods } from "~/kernel/accounts/sign-in-methods.server";
import { requestLocale } from "~/routing/locale.server";

export const meta: MetaFunction = () => [{ title: "Your account · Hourbook" }];

const passwordSchema = z.object({
  currentPassword: z.string({ error: "Enter your current password" }).max(1_000),
  newPassword: newPasswordField,
});

const sessionAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("sign-out-session"), sessionId: z.uuid() }),
  z.object({ intent: z.literal("sign-out-others") }),
]);

/** A short, readable device name from a user agent ("Firefox on Windows"). */
function describeDevice(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const browser = /Edg\//.test(userAgent) ? "Edge" : /Firefox\//.test(userAgent) ? "Firefox" : /Chrome\//.test(userAgent) ? "Chrome" : /Safari\//.test(userAgent) ? "Safari" : "Browser";
  const system = /Windows/.test(userAgent) ? "Windows" : /Android/.test(userAgent) ? "Android" : /iPhone|iPad/.test(userAgent) ? "iOS" : /Mac OS X/.test(userAgent) ? "macOS" : /Linux/.test(userAgent) ? "Linux" : "another system";
  return `${browser} on ${system}`;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireSession(request, context);
  const [sessions, companies, profile, signInMethods] = await Promise.all([
    context.auth.accounts.listSessions(session.user.id),
    context.auth.accounts.listMemberships(session.user.id),
    context.auth.accounts.readProfile(session.user.id),
    listSignInMethods(context.auth.accounts, session.user.id),
  ]);
  // Tokens belong to a company: each company's list is read as its member there, under its policies.
  const tokens = await Promise.all(
    companies.map(async ({ companyId, slug, name, role }) => ({
      slug,
      name,
      tokens: (await context.withTenant({ companyId, userId: session.user.id, role }, (tx) => listMyApiTokens(tx)))
        .filter((token) => !token.revokedAt && (!token.expiresAt || new Date(token.expiresAt) > new Date()))
        .map((token) => ({ id: token.id, name: token.name, displayPrefix: token.displayPrefix, lastUsedAt: token.lastUsedAt })),
    })),
  );
  return {
    user: session.user,
    profile: {
      name: profile?.name ?? session.user.name,
      email: profile?.email ?? session.user.email,
      timezone: profile?.timezone ?? null,
      locale: profile?.locale ?? null,
      pendingEmail: profile?.pendingEmail ?? null,
      fallback: { timezone: companies[0]?.timezone ?? "UTC", locale: requestLocale(request) },
    },
    signInMethods,
    tokens,
    companies: companies.map(({ slug, name }) => ({ slug, name })),
    sessions: sessions.map((s) => ({
      id: s.id,
      device: describeDevice(s.userAgent),
      ip: s.ip,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      current: s.id === session.sessionId,
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requireSession(request, context);
  if (new URL(request.url).searchParams.get("intent") === "password") {
    const submission = await parseSubmission(request, passwordSchema);
    if (submission.status !== "success") return rejected(submission);
    const result = await context.auth.accounts.changePassword({
      userId: session.user.id,
      sessionId: session.sessionId,
      ...submission.value,
      request: auditRequestOf(request, context),
    });
    if (!result.ok) return rejected(submission, { fieldErrors: { [result.field]: [result.message] } });
    return { notice: "Password changed. You were signed out on every other device." };
  }
  const parsed = sessionAction.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ notice: "That request wasn't understood." }, { status: 400 });
  if (parsed.data.intent === "sign-out-others") {
    const count = await context.auth.accounts.revokeAllSessions(session.user.id, session.sessionId);
    return { notice: `Signed out of ${count} other ${count === 1 ? "session" : "sessions"}.` };
  }
  if (parsed.data.sessionId === session.sessionId) return redirect("/logout");
  if (!(await context.auth.accounts.revokeSession(session.user.id, parsed.data.sessionId))) {
    throw data("Session not found", { status: 404 });
  }
  return { notice: "Signed out of that session." };
}

export default function Account() {
  const { user, profile, signInMethods, companies, tokens, sessions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const notice = result && "notice" in result ? result.notice : null;
  const [form, fields] = useValidatedForm(passwordSchema, result && !("notice" in result) ? result : null, {
    id: `password-${notice ?? ""}`,
  });

  return (
    <AppShell companies={companies} sections={[{ label: "Your companies", items: companies.map((c) => ({ to: `/c/${c.slug}`, label: c.name })) }]} userName={user.name}>
      <main className="page stack-lg narrow">
        <div>
          <h1>Your account</h1>
          <p className="muted">
            {user.name} · {user.email}
          </p>
        </div>
        {notice ? <Notice tone="success">{notice}</Notice> : null}
        {companies.length === 0 ? (
          <EmptyState title="You are not a member of any company">
            <p>Ask an admin to invite you, or <Link href="/signup">create a company</Link>.</p>
          </EmptyState>
        ) : null}

        <ProfileForms profile={profile} />

        <SignInMethods methods={signInMethods} />

        <section className="card stack" aria-labelledby="sessions-heading">
          <div className="page-header">
            <h2 id="sessions-heading">Where you're signed in</h2>
            {sessions.length > 1 ? (
              <ActionButton intent="sign-out-others">Sign out everywhere else</ActionButton>
            ) : null}
          </div>
          <ul className="session-list">
            {sessions.map((s) => (
              <li key={s.id} className="session">
                <div>
                  <strong>{s.device}</strong>
                  {s.current ? <span className="badge">This device</span> : null}
                  <div className="muted small">
                    {s.ip ?? "Unknown address"} · last seen <span suppressHydrationWarning>{timeFromNow(s.lastSeenAt)}</span> · signed in{" "}
                    <span suppressHydrationWarning>{formatDateTime(s.createdAt)}</span>
                  </div>
                </div>
                {!s.current ? (
                  <ActionButton intent="sign-out-session" values={{ sessionId: s.id }} variant="quiet" label={`Sign out ${s.device}`}>
                    Sign out
                  </ActionButton>
                ) : null}
              </li>
            ))}
          </ul>
        </section>

        {tokens.length ? (
          <section className="card stack" aria-labelledby="tokens-heading">
            <h2 id="tokens-heading">API tokens</h2>
            <p className="muted">A token acts as you in one company. Make and revoke them on each company's API tokens page.</p>
            <ul className="session-list">
              {tokens.map((company) => (
                <li key={company.slug} className="stack">
                  <div className="page-header">
                    <strong>{company.name}</strong>
                    <Link href={`/c/${company.slug}/api-tokens`}>Manage API tokens for {company.name}</Link>
                  </div>
                  {company.tokens.length === 0 ? (
                    <p className="muted small">No live tokens.</p>
                  ) : (
                    <ul>
                      {company.tokens.map((token) => (
                        <li key={token.id}>
                          {token.name} <code>{token.displayPrefix}…</code>
                          <span className="muted small">
                            {" "}
                            · {token.lastUsedAt ? <>last used <span suppressHydrationWarning>{timeFromNow(token.lastUsedAt)}</span></> : "never used"}
                          </span>
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        <section className="card stack" aria-labelledby="password-heading">
          <h2 id="password-heading">Change password</h2>
          <Form method="post" action="?intent=password" {...getFormProps(form)} className="stack">
            <FormErrors errors={form.errors} />
            <TextField label="Current password" name={fields.currentPassword.name} type="password" autoComplete="current-password" errors={fields.currentPassword.errors} />
            <TextField
              label="New password"
              name={fields.newPassword.name}
              type="password"
              autoComplete="new-password"
              description={`At least ${passwordMinLength} characters. Other devices will be signed out.`}
              errors={fields.newPassword.errors}
            />
            <Button type="submit" isPending={navigation.state === "submitting" && Boolean(navigation.formAction?.includes("password"))}>
              Change password
            </Button>
          </Form>
        </section>
      </main>
    </AppShell>
  );
}
