/** How audit entries read on the page: shared by the log, the detail view and exports. */

export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

export function actorLabel(entry: { actorKind: string; actorId: string | null; actorName: string | null }): string {
  if (entry.actorKind === "system") return entry.actorName ? `${entry.actorName} (system)` : "System";
  if (entry.actorKind === "api_key") return `${entry.actorName ?? entry.actorId ?? "API key"} (API key)`;
  return entry.actorName ?? entry.actorId ?? "Unknown person";
}

/** "role: employee → manager; name: …", cut short for the table. */
export function summarizeChanges(changes: Record<string, { old: unknown; new: unknown }>, limit = 3): string {
  const fields = Object.entries(changes);
  const shown = fields
    .slice(0, limit)
    .map(([field, change]) => `${field}: ${formatValue(change.old)} → ${formatValue(change.new)}`)
    .join("; ");
  return fields.length > limit ? `${shown}; +${fields.length - limit} more` : shown;
}
