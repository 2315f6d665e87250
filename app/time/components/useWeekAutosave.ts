import { useFetcher, useNavigation } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { gridErrors } from "~/time/cells";

/** How long typing may pause before the grid saves what changed. */
const quietMs = 800;

export type CellSaveState = "unsaved" | "saving" | "saved";

interface AutosaveReply {
  saved?: number;
  error?: Record<string, string[] | null> | null;
}

export interface WeekAutosave {
  /** A cell changed: save it once typing pauses. */
  changed(key: string): void;
  /** The page's own form is being posted with every cell: nothing left to save in the background. */
  cancel(): void;
  stateOf(key: string): CellSaveState | undefined;
  /** Refusals of the last save, by cell, and those that belong to no cell. */
  errors: { cells: Record<string, string>; others: string[] };
  /** Changes not yet stored: leaving the page would lose them. */
  unsaved: boolean;
  saving: boolean;
}

/**
 * Saves the week grid as it is edited. Each save posts the whole grid (the operation
 * checks the week's rules across cells, all or nothing) from the form the grid sits
 * in; cells edited while a save is on its way go in the next one.
 */
export function useWeekAutosave(formOf: () => HTMLFormElement | null | undefined): WeekAutosave {
  const fetcher = useFetcher<AutosaveReply>();
  // While the page's form is being posted it carries every cell; a save beside it would race it.
  const navigating = useNavigation().state !== "idle";
  const [dirty, setDirty] = useState<ReadonlySet<string>>(new Set());
  const [inFlight, setInFlight] = useState<ReadonlySet<string>>(new Set());
  const [saved, setSaved] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<WeekAutosave["errors"]>({ cells: {}, others: [] });
  // After a refusal, posting the same grid again would be refused again: wait for a change.
  const [refused, setRefused] = useState(false);
  const pause = useRef<ReturnType<typeof setTimeout>>();

  const save = useCallback(() => {
    clearTimeout(pause.current);
    const form = formOf();
    if (!form || dirty.size === 0 || refused || navigating || fetcher.state !== "idle") return;
    const body = new FormData(form);
    body.set("intent", "autosave");
    fetcher.submit(body, { method: "post" });
    setInFlight(dirty);
    setDirty(new Set());
  }, [dirty, refused, navigating, fetcher, formOf]);

  // The save came back: its cells are stored, or (refused) still unsaved with the reasons.
  useEffect(() => {
    if (fetcher.state !== "idle" || inFlight.size === 0) return;
    setErrors(gridErrors(fetcher.data?.error));
    if (fetcher.data?.error) {
      setRefused(true);
      setDirty((current) => new Set([...current, ...inFlight]));
      setSaved(new Set());
    } else {
      setSaved(inFlight);
    }
    setInFlight(new Set());
  }, [fetcher.state, fetcher.data, inFlight]);

  // Edits made while a save was on its way, or after a pause in typing.
  useEffect(() => {
    if (dirty.size === 0 || refused || fetcher.state !== "idle") return;
    pause.current = setTimeout(save, quietMs);
    return () => clearTimeout(pause.current);
  }, [dirty, refused, fetcher.state, save]);

  return {
    changed(key) {
      setRefused(false);
      setDirty((current) => new Set(current).add(key));
      setSaved((current) => {
        const next = new Set(current);
        next.delete(key);
        return next;
      });
      setErrors((current) => {
        if (!(key in current.cells)) return current;
        const cells = { ...current.cells };
        delete cells[key];
        return { ...current, cells };
      });
    },
    cancel() {
      clearTimeout(pause.current);
      setDirty(new Set());
    },
    stateOf(key) {
      if (inFlight.has(key)) return "saving";
      if (dirty.has(key)) return "unsaved";
      return saved.has(key) ? "saved" : undefined;
    },
    errors,
    unsaved: dirty.size > 0 || inFlight.size > 0,
    saving: inFlight.size > 0,
  };
}
