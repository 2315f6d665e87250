import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from "react-aria-components";
import { Button, type ButtonVariant } from "./Button";

/**
 * A button that opens a modal asking to confirm, then posts a form. Focus moves into
 * the dialog and back, Escape cancels (React Aria).
 */
export function ConfirmDialog({
  trigger,
  title,
  children,
  confirmLabel,
  fields,
  variant = "danger",
  triggerVariant = "secondary",
}: {
  trigger: string;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Hidden inputs (intent, ids) plus any visible fields for the confirmation. */
  fields: ReactNode;
  variant?: ButtonVariant;
  triggerVariant?: ButtonVariant;
}) {
  return (
    <DialogTrigger>
      <Button variant={triggerVariant}>{trigger}</Button>
      <ModalOverlay className="modal-overlay" isDismissable>
        <Modal className="modal">
          <Dialog className="dialog">
            {({ close }) => (
              <Form method="post" className="stack" onSubmit={() => close()}>
                <Heading slot="title">{title}</Heading>
                {children}
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
