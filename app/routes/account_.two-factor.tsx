import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import QRCode from "qrcode";
import { Button } from "~/components/Button";
import { FormErrors, TextField } from "~/components/fields";
import { useValidatedForm } from "~/components/forms";
import { formatDateTime } from "~/components/format";
import { Link } from "~/components/Link";
import { Notice } from "~/components/Notice";
import { RecoveryCodes } from "~/components/RecoveryCodes";
import { auditRequestOf, requireSession, safeRedirect } from "~/kernel/accounts/session.server";
import { confirmSetupInput, freshProofInput } from "~/kernel/accounts/two-factor-inputs";
import { attemptsBlockedFor, clearAttempts, recordAttempt, tooManyAttempts } from "~/routing/attempts.server";
import { readForm, rejected } from "~/routing/forms.server";
import { redirectWithFlash } from "~/routing/flash.server";

export const meta: MetaFunction = () => [{ title: "Two-factor authentication · Hourbook" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireSession(request, context);
  const status = await context.auth.accounts.twoFactorStatus(session.user.id);
  if (status.enabled) return { status, setup: null };
  // The seed waiting for confirmation is kept, so reloading shows the QR code already scanned.
  const started = await context.auth.accounts.startTwoFactorSetup(session.user);
  if (!started.ok) return { status, setup: null };
  return {
    status,
    setup: { secret: started.setup.secret, qrCode: await QRCode.toDataURL(started.setup.uri, { margin: 1, width: 220 }) },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requireSession(request, context);
  const form = await readForm(request);
  const audit = auditRequestOf(request, context);
  const userId = session.user.id;
  // A stolen session must not be able to guess its way to the password or a code either.
  const subject = { action: "second-factor", userId } as const;

  if (form.get("intent") === "confirm") {
    const submission = parseWithZod(form, { schema: confirmSetupInput });
    if (submission.status !== "success") return rejected(submission);
    const blocked = await attemptsBlockedFor(context, subject);
    if (blocked) return tooManyAttempts(submission, blocked);
    const confirmed = await context.auth.accounts.confirmTwoFactorSetup({ userId, code: submission.value.code, request: audit });
    if (!confirmed.ok) {
      await recordAttempt(context, subject);
      return rejected(submission, { fieldErrors: { code: [confirmed.message] } });
    }
    await clearAttempts(context, subject);
    return { recoveryCodes: confirmed.recoveryCodes, notice: "Two-factor authentication is on." };
  }

  const submission = parseWithZod(form, { schema: freshProofInput });
  if (submission.status !== "success") return rejected(submission);
  const blocked = await attemptsBlockedFor(context, subject);
  if (blocked) return tooManyAttempts(submission, blocked);
  const { intent, code, password } = submission.value;
  const proof = code ? { code } : { password: password ?? "" };
  if (intent === "disable") {
    const result = await context.auth.accounts.disableTwoFactor({ userId, proof, request: audit });
    if (!result.ok) {
      await recordAttempt(context, subject);
      return rejected(submission, { fieldErrors: { [result.field]: [result.message] } });
    }
    await clearAttempts(context, subject);
    return redirectWithFlash(context, "/account", "Two-factor authentication is off.");
  }
  const result = await context.auth.accounts.regenerateRecoveryCodes({ userId, proof, request: audit });
  if (!result.ok) {
    if (result.field !== "form") await recordAttempt(context, subject);
    return rejected(submission, result.field === "form" ? { formErrors: [result.message] } : { fieldErrors: { [result.field]: [result.message] } });
  }
  await clearAttempts(context, subject);
  return { recoveryCodes: result.recoveryCodes, notice: "New recovery codes made. The old ones no longer work." };
}

export default function TwoFactor() {
  const { status, setup } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const requiredBy = searchParams.get("required");
  const after = requiredBy ? safeRedirect(`/c/${encodeURIComponent(requiredBy)}`, "/account") : "/account";

  return (
    <main className="page stack-lg narrow">
      <div>
        <p>
          <Link href="/account">← Your account</Link>
        </p>
        <h1>Two-factor authentication</h1>
        <p className="muted">
          After your password, Hourbook asks for a code from an authenticator app on your phone, so a stolen password alone
          can't open your account.
        </p>
      </div>
      {requiredBy && !status.enabled ? (
        <Notice tone="warning">This company requires two-factor authentication. Set it up to continue to its pages.</Notice>
      ) : null}
      {result && "recoveryCodes" in result ? (
        <RecoveryCodes codes={result.recoveryCodes} notice={result.notice} continueTo={after} />
      ) : status.enabled ? (
        <ManageTwoFactor enabledAt={status.enabledAt} recoveryCodesLeft={status.recoveryCodesLeft} />
      ) : setup ? (
        <SetUpTwoFactor secret={setup.secret} qrCode={setup.qrCode} />
      ) : null}
    </main>
  );
}

function SetUpTwoFactor({ secret, qrCode }: { secret: string; qrCode: string }) {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useValidatedForm(confirmSetupInput, result && !("recoveryCodes" in result) ? result : null);
  return (
    <section className="card stack" aria-labelledby="setup-heading">
      <h2 id="setup-heading">Set up your authenticator app</h2>
      <ol className="stack">
        <li>Open an authenticator app (1Password, Google Authenticator, Authy, …) and scan this code.</li>
        <li>
          <img src={qrCode} width={220} height={220} alt="QR code for your authenticator app; the key below is the same thing as text" />
          <p className="small">
            Can't scan it? Enter this key instead: <code data-testid="totp-secret">{secret}</code>
          </p>
        </li>
        <li>Enter the 6-digit code the app shows, to confirm it works.</li>
      </ol>
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="intent" value="confirm" />
        <FormErrors errors={form.errors} />
        <TextField label="Code from your app" name={fields.code.name} autoComplete="one-time-code" inputMode="numeric" errors={fields.code.errors} />
        <Button type="submit" isPending={navigation.state === "submitting"}>
          Turn on two-factor authentication
        </Button>
      </Form>
    </section>
  );
}

function ProofForm({ intent, label, tone }: { intent: "disable" | "regenerate"; label: string; tone: "primary" | "danger" }) {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const mine = navigation.formData?.get("intent") === intent;
  const reply = result && !("recoveryCodes" in result) && (result.initialValue?.intent === intent) ? result : null;
  const [form, fields] = useValidatedForm(freshProofInput, reply, { id: `proof-${intent}` });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <input type="hidden" name="intent" value={intent} />
      <FormErrors errors={form.errors} />
      <TextField label="Your password" name={fields.password.name} type="password" autoComplete="current-password" errors={fields.password.errors} />
      <TextField label="Or a code from your app" name={fields.code.name} autoComplete="one-time-code" errors={fields.code.errors} />
      <Button type="submit" variant={tone} isPending={mine && navigation.state === "submitting"}>
        {label}
      </Button>
    </Form>
  );
}

function ManageTwoFactor({ enabledAt, recoveryCodesLeft }: { enabledAt: string | Date | null; recoveryCodesLeft: number }) {
  return (
    <>
      <section className="card stack" aria-labelledby="status-heading">
        <h2 id="status-heading">On</h2>
        <p>
          Turned on <span suppressHydrationWarning>{enabledAt ? formatDateTime(enabledAt) : ""}</span>. {recoveryCodesLeft} of 10
          recovery codes left.
        </p>
        {recoveryCodesLeft <= 3 ? <Notice tone="warning">Few recovery codes are left: make new ones below.</Notice> : null}
      </section>
      <section className="card stack" aria-labelledby="regenerate-heading">
        <h2 id="regenerate-heading">New recovery codes</h2>
        <p className="muted">Makes ten new codes; the old ones stop working.</p>
        <ProofForm intent="regenerate" label="Make new recovery codes" tone="primary" />
      </section>
      <section className="card stack" aria-labelledby="disable-heading">
        <h2 id="disable-heading">Turn off</h2>
        <p className="muted">Companies that require two-factor will ask you to set it up again before you can open them.</p>
        <ProofForm intent="disable" label="Turn off two-factor authentication" tone="danger" />
      </section>
    </>
  );
}
