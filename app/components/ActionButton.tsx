import { Form, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { Button, type ButtonVariant } from "./Button";
import { useCompanyReadOnly } from "./ReadOnly";

export interface ActionValues {
  /** Which of the route's actions this posts (the action's discriminated union). */
  intent: string;
  /** Ids and other values the action needs, sent as hidden fields. */
  values?: Record<string, string>;
  /** The route that acts, relative to this one (such as "issue"); by default this route. */
  action?: string;
}

export function HiddenFields({ intent, values = {} }: ActionValues) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(values).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

/**
 * A one-click action on a row or page (resend, retry, mark read…): a small form
 * posting the intent and ids to the route's action. Disabled while any form is in
 * flight, so a double click can't send it twice.
 */
export function ActionButton({
  intent,
  values,
  action,
  children,
  variant = "secondary",
  label,
}: ActionValues & { children: ReactNode; variant?: ButtonVariant; label?: string }) {
  const navigation = useNavigation();
  // Disabled rather than hidden while read-only, so the page keeps its shape and says why on hover.
  const readOnly = useCompanyReadOnly();
  return (
    <Form method="post" action={action} className="action-form" title={readOnly?.message}>
      <HiddenFields intent={intent} values={values} />
      <Button type="submit" variant={variant} isDisabled={navigation.state !== "idle" || readOnly !== null} aria-label={label}>
        {children}
      </Button>
    </Form>
  );
}
