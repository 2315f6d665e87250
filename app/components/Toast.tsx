import { useEffect, useState } from "react";

/** A confirmation carried across a redirect; a new id is a new message, even with the same words. */
export interface Flash {
  id: string;
  message: string;
}

// Long enough to read two lines; the message stays in the live region's history for screen readers.
const visibleMilliseconds = 6_000;

/**
 * The confirmation a redirect carried. It is announced politely (role="status"), doesn't
 * take focus, and hides itself after a few seconds or when dismissed.
 */
export function Toast({ flash }: { flash: Flash | null }) {
  const [shown, setShown] = useState<Flash | null>(flash);
  useEffect(() => {
    setShown(flash);
    if (!flash) return;
    const timer = setTimeout(() => setShown(null), visibleMilliseconds);
    return () => clearTimeout(timer);
  }, [flash?.id]); // eslint-disable-line react-hooks/exhaustive-deps -- a new id is a new message
  // Rendered only while shown, so a page's own status line stays the only one between toasts.
  if (!shown) return null;
  return (
    <div className="toast-region">
      <div className="toast">
        <div role="status">{shown.message}</div>
        <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => setShown(null)}>
          ×
        </button>
      </div>
    </div>
  );
}
