import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { ActionButton } from "./ActionButton";
import { formatDateTime } from "./format";

/** What the audit and finance exports pages show of an export (decision 010). */
export interface ExportState {
  status: "queued" | "running" | "done" | "failed" | "expired";
  downloadable: boolean;
  rowsWritten: number;
  rowsTotal: number | null;
  error: string | null;
}

const statusLabels = { queued: "Queued", running: "Running", done: "Ready", failed: "Failed", expired: "Expired" } as const;

/** The status cell: a done export past its expiry reads as expired before the sweep marks it. */
export function ExportStatus({ entry, unit }: { entry: ExportState; unit: string }) {
  return (
    <>
      {entry.downloadable || entry.status !== "done" ? statusLabels[entry.status] : "Expired"}
      {entry.status === "running" && entry.rowsTotal !== null ? (
        <div className="muted small">
          <progress value={entry.rowsWritten} max={Math.max(entry.rowsTotal, 1)} aria-label="Progress" />{" "}
          {entry.rowsWritten.toLocaleString("en-US")} of {entry.rowsTotal.toLocaleString("en-US")} {unit}
        </div>
      ) : null}
      {entry.status === "failed" && entry.error ? <div className="muted small">{entry.error}</div> : null}
    </>
  );
}

/** While an export is being written, refresh the page's data every 2 s; stop once all are settled. */
export function useExportProgress(exports: ExportState[]) {
  const revalidator = useRevalidator();
  const inProgress = exports.some((entry) => entry.status === "queued" || entry.status === "running");
  useEffect(() => {
    if (!inProgress) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, 2_000);
    return () => clearInterval(timer);
  }, [inProgress, revalidator]);
}

/** The actions cell: the file's link while it can be downloaded, and a retry for a failed export. */
export function ExportActions({
  entry,
  href,
  linkLabel,
  unit,
}: {
  entry: ExportState & { id: string; fromDate: string; toDate: string; expiresAt: Date | string | null };
  href: string;
  linkLabel: string;
  unit: string;
}) {
  return (
    <>
      {entry.downloadable && entry.expiresAt ? (
        <>
          <a href={href} download>
            {linkLabel}
          </a>
          <div className="muted small">
            {entry.rowsWritten.toLocaleString("en-US")} {unit} · until {formatDateTime(entry.expiresAt)}
          </div>
        </>
      ) : null}
      {entry.status === "failed" ? (
        <ActionButton intent="retry" values={{ exportId: entry.id }} label={`Retry the export of ${entry.fromDate} to ${entry.toDate}`}>
          Retry
        </ActionButton>
      ) : null}
    </>
  );
}
