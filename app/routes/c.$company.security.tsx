import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button } from "~/components/Button";
import { Checkbox, FormErrors } from "~/components/fields";
import { useValidatedForm } from "~/components/forms";
import { Link } from "~/components/Link";
import { Writable } from "~/components/ReadOnly";
import { getTwoFactorRequirement } from "~/kernel/company/company.server";
import { twoFactorRequirementInput } from "~/kernel/company/inputs";
import { setTwoFactorRequirementOperation } from "~/kernel/company/operations.server";
import { companyAction, intent } from "~/routing/company-action.server";
import { withCompany } from "~/routing/company-data.server";

export const meta: MetaFunction = () => [{ title: "Sign-in security · Hourbook" }];

export async function loader(args: LoaderFunctionArgs) {
  const { result } = await withCompany(args, "company:manage-security", (tx) => getTwoFactorRequirement(tx));
  return { requireTwoFactor: result };
}

export function action(args: ActionFunctionArgs) {
  return companyAction(args, {
    "two-factor": intent({
      operation: setTwoFactorRequirementOperation,
      success: ({ requireTwoFactor }) => ({
        toast: requireTwoFactor ? "Two-factor authentication is now required of every member." : "Two-factor authentication is no longer required.",
      }),
    }),
  });
}

export default function CompanySecurity() {
  const { requireTwoFactor } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useValidatedForm(twoFactorRequirementInput, lastResult);
  return (
    <div className="stack-lg narrow">
      <h1>Sign-in security</h1>
      <Writable>
        <Form method="post" {...getFormProps(form)} className="card stack">
          <input type="hidden" name="intent" value="two-factor" />
          <FormErrors errors={form.errors} />
          <Checkbox name={fields.requireTwoFactor.name} value="on" defaultSelected={requireTwoFactor}>
            Require two-factor authentication of every member
          </Checkbox>
          <p className="muted small">
            Members without it, you included, are asked to set it up before they can open this company&apos;s pages, and their
            API tokens stop working until they do. Each person sets it up on <Link href="/account/two-factor">their account page</Link>.
          </p>
          <Button type="submit" isPending={navigation.state === "submitting"}>
            Save
          </Button>
        </Form>
      </Writable>
    </div>
  );
}
