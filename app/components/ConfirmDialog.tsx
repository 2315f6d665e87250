import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from "react-aria-components";
import { HiddenFields, type ActionValues } from "./ActionButton";
import { Button, type ButtonVariant } from "./Button";
import { useCompanyReadOnly } from "./ReadOnly";

/**
 * A button that opens a modal asking to confirm, then posts a form. Focus moves into
 * the dialog and back, Escape cancels (React Aria).
 */
export function ConfirmDialog({
  trigger,
  title,
  children,
  confirmLabel,
  intent,
  values,
  action,
  fields,
  variant = "danger",
  triggerVariant = "secondary",
}: ActionValues & {
  trigger: string;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Visible fields to fill in while confirming (e.g. "step down as owner"). */
  fields?: ReactNode;
  variant?: ButtonVariant;
  triggerVariant?: ButtonVariant;
}) {
  // The dialog would end in a refusal while the company is read-only: nothing to confirm.
  const readOnly = useCompanyReadOnly();
  return (
    <DialogTrigger>
      <Button variant={triggerVariant} isDisabled={readOnly !== null}>
        {trigger}
      </Button>
      <ModalOverlay className="modal-overlay" isDismissable>
        <Modal className="modal">
          <Dialog className="dialog">
            {({ close }) => (
              <Form method="post" action={action} className="stack" onSubmit={() => close()}>
                <Heading slot="title">{title}</Heading>
                {children}
                <HiddenFields intent={intent} values={values} />
                {fields}
                <div className="dialog-actions">
                  <Button variant="secondary" onPress={close}>
                    Cancel
                  </Button>
                  <Button type="submit" variant={variant}>
                    {confirmLabel}
                  </Button>
                </div>
              </Form>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}
