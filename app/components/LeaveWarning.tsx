import { useBeforeUnload, useBlocker } from "@remix-run/react";
import { useCallback } from "react";
import { Dialog, Heading, Modal, ModalOverlay } from "react-aria-components";
import { Button } from "./Button";

/**
 * Asks before a person leaves a page with changes not yet saved: another page of
 * Hourbook asks in a dialog, closing the tab or reloading asks through the browser.
 * Posting the page's own form (same address) is not leaving.
 */
export function LeaveWarning({ when, message }: { when: boolean; message: string }) {
  const blocker = useBlocker(({ currentLocation, nextLocation }) => when && addressOf(currentLocation) !== addressOf(nextLocation));
  useBeforeUnload(
    useCallback(
      (event: BeforeUnloadEvent) => {
        if (!when) return;
        event.preventDefault();
        // Older browsers show the prompt only when returnValue is set.
        event.returnValue = "";
      },
      [when],
    ),
  );
  if (blocker.state !== "blocked") return null;
  return (
    <ModalOverlay className="modal-overlay" isOpen isDismissable onOpenChange={(open) => !open && blocker.reset()}>
      <Modal className="modal">
        <Dialog className="dialog stack" role="alertdialog">
          <Heading slot="title">Leave without saving?</Heading>
          <p>{message}</p>
          <div className="dialog-actions">
            <Button variant="secondary" onPress={() => blocker.reset()}>
              Stay on this page
            </Button>
            <Button variant="danger" onPress={() => blocker.proceed()}>
              Leave
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

/** The page a location shows; a form posted to an index route adds `?index`, which is still the same page. */
function addressOf({ pathname, search }: { pathname: string; search: string }): string {
  const query = new URLSearchParams(search);
  query.delete("index");
  query.sort();
  return `${pathname}?${query.toString()}`;
}
