import type { ReactNode } from "react";
import { ActionButton } from "~/components/ActionButton";
import { ConfirmDialog } from "~/components/ConfirmDialog";

/**
 * The top of a client's or project's page: where it sits, its name, archive or
 * restore for those who manage it. Archive and restore post the intents "archive"
 * and "restore" to the page's action.
 */
export function ArchivableHeader({
  noun,
  name,
  title = name,
  crumbs,
  archived,
  mayManage,
  archiveWarning,
}: {
  noun: "client" | "project";
  name: string;
  title?: ReactNode;
  crumbs: ReactNode;
  archived: boolean;
  mayManage: boolean;
  archiveWarning: ReactNode;
}) {
  return (
    <div className="page-header">
      <div>
        <p className="muted">{crumbs}</p>
        <h1>
          {title} {archived ? <span className="badge">Archived</span> : null}
        </h1>
      </div>
      {mayManage ? (
        archived ? (
          <ActionButton intent="restore">Restore {noun}</ActionButton>
        ) : (
          <ConfirmDialog trigger={`Archive ${noun}`} title={`Archive ${name}?`} confirmLabel="Archive" intent="archive">
            {archiveWarning}
          </ConfirmDialog>
        )
      ) : null}
    </div>
  );
}
