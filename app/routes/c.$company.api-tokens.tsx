import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActionButton } from "~/components/ActionButton";
import { Button } from "~/components/Button";
import { CheckboxGroup, FormErrors, Select, TextField } from "~/components/fields";
import { formatDateTime } from "~/components/format";
import { useValidatedForm } from "~/components/forms";
import { EmptyState } from "~/components/Notice";
import { Writable } from "~/components/ReadOnly";
import { Table } from "~/components/Table";
import { listMyApiTokens, listOthersApiTokens, type ApiTokenListing } from "~/kernel/api-tokens/api-tokens.server";
import { createApiTokenInput, defaultExpiry, expiryChoices } from "~/kernel/api-tokens/inputs";
import { createApiTokenOperation, revokeApiTokenOperation } from "~/kernel/api-tokens/operations.server";
import { apiScopes, scopeDescriptions } from "~/kernel/api-tokens/scopes";
import { can } from "~/kernel/permissions";
import { withCompany } from "~/routing/company-data.server";
import { companyAction, intent } from "~/routing/company-action.server";

export const meta: MetaFunction = () => [{ title: "API tokens · Hourbook" }];

export async function loader(args: LoaderFunctionArgs) {
  const { member, result } = await withCompany(args, "company:view", async (tx, member) => ({
    mine: await listMyApiTokens(tx),
    others: can(member.company.role, "api-token:manage") ? await listOthersApiTokens(tx) : null,
  }));
  return { ...result, isOwner: member.company.role === "owner", timezone: member.company.timezone };
}

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    create: intent({
      operation: createApiTokenOperation,
      success: ({ name, token, expiresAt }) => ({ shownOnce: { name, token, expiresAt } }),
    }),
    revoke: intent({ operation: revokeApiTokenOperation, success: () => ({ toast: "Token revoked. Programs using it are refused from now on." }) }),
  });
}

const expiryLabels: Record<(typeof expiryChoices)[number], string> = {
  "7": "7 days",
  "30": "30 days",
  "90": "90 days",
  "365": "1 year",
  never: "Never (owners only)",
};

function standing(token: ApiTokenListing, timezone: string): string {
  if (token.revokedAt) return `Revoked ${formatDateTime(token.revokedAt, timezone)}`;
  if (token.expiresAt && new Date(token.expiresAt) <= new Date()) return "Expired";
  return token.expiresAt ? `Expires ${formatDateTime(token.expiresAt, timezone)}` : "Never expires";
}

function TokenRows({ tokens, timezone, showOwner }: { tokens: ApiTokenListing[]; timezone: string; showOwner: boolean }) {
  return tokens.map((token) => (
    <tr key={token.id}>
      {showOwner ? <td>{token.ownerName}</td> : null}
      <td>
        {token.name}
        <div className="muted">
          <code>{token.displayPrefix}…</code>
        </div>
      </td>
      <td>{token.scopes.join(", ")}</td>
      <td>{token.lastUsedAt ? `${formatDateTime(token.lastUsedAt, timezone)} from ${token.lastUsedIp ?? "unknown"}` : "Never"}</td>
      <td>{standing(token, timezone)}</td>
      <td>
        {token.revokedAt ? null : (
          <ActionButton intent="revoke" values={{ tokenId: token.id }} variant="quiet" label={`Revoke ${token.name}`}>
            Revoke
          </ActionButton>
        )}
      </td>
    </tr>
  ));
}

export default function ApiTokens() {
  const { mine, others, isOwner, timezone } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const created = reply && "shownOnce" in reply ? (reply.shownOnce as { name: string; token: string; expiresAt: string | null }) : null;
  const rejection = reply && !("shownOnce" in reply) ? reply : undefined;
  const [form, fields] = useValidatedForm(createApiTokenInput, rejection, { defaultValue: { expiresIn: defaultExpiry } });
  const columns = ["Token", "Scopes", "Last used", "Standing", ""];

  return (
    <div className="stack-lg">
      <div className="page-header">
        <h1>API tokens</h1>
        {/* A document link, not a route of this app's router: the reference is its own page. */}
        <a href="/api/docs">API reference</a>
      </div>
      <p className="muted">
        A token lets a program act as you in this company through the API (<code>Authorization: Bearer …</code>). It can
        do only what its scopes allow and your role allows, and stops working when you leave the company.
      </p>

      {created ? (
        <section className="card stack" role="status" aria-labelledby="new-token-heading">
          <h2 id="new-token-heading">Your new token “{created.name}”</h2>
          <p>
            Copy it now: this is the only time it is shown. Hourbook keeps only a fingerprint of it and can’t show it again.
          </p>
          <pre>
            <code>{created.token}</code>
          </pre>
          <p className="muted">{created.expiresAt ? `It expires ${formatDateTime(created.expiresAt, timezone)}.` : "It never expires."}</p>
        </section>
      ) : null}

      <Writable>
        <Form method="post" {...getFormProps(form)} className="card stack">
          <input type="hidden" name="intent" value="create" />
          <h2>New token</h2>
          <FormErrors errors={form.errors} />
          <TextField label="Name" name={fields.name.name} errors={fields.name.errors} description="What uses it, such as “Payroll export”." />
          <CheckboxGroup
            label="Scopes"
            name={fields.scopes.name}
            errors={fields.scopes.errors}
            options={apiScopes.map((scope) => ({ id: scope, label: `${scope}: ${scopeDescriptions[scope]}` }))}
          />
          <Select
            label="Expires after"
            name={fields.expiresIn.name}
            errors={fields.expiresIn.errors}
            defaultValue={defaultExpiry}
            options={expiryChoices.filter((choice) => choice !== "never" || isOwner).map((choice) => ({ id: choice, label: expiryLabels[choice] }))}
          />
          <Button type="submit" isPending={navigation.state === "submitting"}>
            Create token
          </Button>
        </Form>
      </Writable>

      <section aria-labelledby="mine-heading" className="stack">
        <h2 id="mine-heading">Your tokens</h2>
        {mine.length === 0 ? (
          <EmptyState title="No tokens yet">
            <p>Create one above for a script or an integration.</p>
          </EmptyState>
        ) : (
          <Table label="Your API tokens" columns={columns}>
            <TokenRows tokens={mine} timezone={timezone} showOwner={false} />
          </Table>
        )}
      </section>

      {others ? (
        <section aria-labelledby="others-heading" className="stack">
          <h2 id="others-heading">Everyone else’s tokens</h2>
          {others.length === 0 ? (
            <p className="muted">Nobody else in the company has a token.</p>
          ) : (
            <Table label="Other members' API tokens" columns={["Person", ...columns]}>
              <TokenRows tokens={others} timezone={timezone} showOwner />
            </Table>
          )}
        </section>
      ) : null}
    </div>
  );
}
