import { useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { WeekAutosave } from "./useWeekAutosave";
import { Button as AriaButton, Dialog, DialogTrigger, Heading, Label, Popover, TextArea, TextField } from "react-aria-components";
import { Button } from "~/components/Button";
import { Select } from "~/components/fields";
import { Link } from "~/components/Link";
import { cellField, cellKey, rowKey } from "~/time/cells";
import { formatMinutes, parseDuration } from "~/kernel/clock/duration";
import type { Day } from "~/kernel/clock/weeks";
import type { WorkLabel } from "~/time/work-label";
import { dayLabel, longDayLabel } from "./labels";

export interface GridProject {
  id: string;
  name: string;
  color: string;
  clientName: string | null;
  tasks: { id: string; name: string }[];
}

export interface GridEntry extends WorkLabel {
  day: Day;
  minutes: number;
  notes: string | null;
}

interface Row {
  key: string;
  projectId: string;
  taskId: string | null;
  label: string;
  clientName: string | null;
  color: string;
}

interface Cell {
  value: string;
  notes: string;
  /** Several entries (from the day view): shown as a total, edited in the day view. */
  several: boolean;
}

export interface WeekGridProps {
  days: Day[];
  entries: GridEntry[];
  projects: GridProject[];
  previousRows: { projectId: string; taskId: string | null }[];
  /** Days that can't take time: after the current week, or locked. */
  closedDays: Set<Day>;
  readOnly: boolean;
  cellErrors: Record<string, string>;
  dayViewHref: (day: Day) => string;
  today: Day;
  /** Saves each change as it is made; absent while the week can't change. */
  autosave?: WeekAutosave;
}

const rowLabel = (projectName: string, taskName: string | null) => (taskName ? `${projectName} · ${taskName}` : projectName);

/** Rows keep one order (client, project, task), whether just added or saved and reloaded. */
const byLabel = (a: Row, b: Row) => (a.clientName ?? "").localeCompare(b.clientName ?? "") || a.label.localeCompare(b.label);

function rowsFromEntries(entries: GridEntry[]): Row[] {
  const rows = new Map<string, Row>();
  for (const entry of entries) {
    const key = rowKey(entry.projectId, entry.taskId);
    if (!rows.has(key)) {
      rows.set(key, {
        key,
        projectId: entry.projectId,
        taskId: entry.taskId,
        label: rowLabel(entry.projectName, entry.taskName),
        clientName: entry.clientName,
        color: entry.projectColor,
      });
    }
  }
  return [...rows.values()].sort(byLabel);
}

function cellsFromEntries(entries: GridEntry[]): Record<string, Cell> {
  const grouped = new Map<string, GridEntry[]>();
  for (const entry of entries) {
    const key = cellKey(entry.projectId, entry.taskId, entry.day);
    grouped.set(key, [...(grouped.get(key) ?? []), entry]);
  }
  return Object.fromEntries(
    [...grouped].map(([key, group]) => [
      key,
      {
        value: formatMinutes(group.reduce((sum, entry) => sum + entry.minutes, 0)),
        notes: group.length === 1 ? (group[0]!.notes ?? "") : "",
        several: group.length > 1,
      },
    ]),
  );
}

/** Every project and task a row can be for, as "Client › Project · Task". */
function rowChoices(projects: GridProject[]): Row[] {
  return projects.flatMap((project): Row[] => {
    const base = { projectId: project.id, clientName: project.clientName, color: project.color };
    if (project.tasks.length === 0) return [{ ...base, key: rowKey(project.id, null), taskId: null, label: project.name }];
    return project.tasks.map((task) => ({ ...base, key: rowKey(project.id, task.id), taskId: task.id, label: rowLabel(project.name, task.name) }));
  });
}

const minutesOf = (value: string) => {
  if (value.trim() === "") return 0;
  const parsed = parseDuration(value);
  return parsed.ok ? parsed.minutes : 0;
};

/**
 * The week grid: rows of project and task, a column per day. Durations are typed
 * in any form parseDuration reads; totals follow as you type. Arrow up and down
 * move between rows, Tab moves along a row. The whole grid is one form field set,
 * saved in one go by the page's form.
 */
export function WeekGrid({ days, entries, projects, previousRows, closedDays, readOnly, cellErrors, dayViewHref, today, autosave }: WeekGridProps) {
  const choices = useMemo(() => rowChoices(projects), [projects]);
  const [rows, setRows] = useState<Row[]>(() => rowsFromEntries(entries));
  const [cells, setCells] = useState<Record<string, Cell>>(() => cellsFromEntries(entries));
  const [adding, setAdding] = useState<string | null>(null);
  const [notesOpenFor, setNotesOpenFor] = useState<string | null>(null);
  const tableRef = useRef<HTMLTableElement>(null);

  const available = choices.filter((choice) => !rows.some((row) => row.key === choice.key));
  const carryOver = previousRows
    .map((previous) => choices.find((choice) => choice.key === rowKey(previous.projectId, previous.taskId)))
    .filter((choice): choice is Row => choice !== undefined && !rows.some((row) => row.key === choice.key));

  const setCell = (key: string, change: Partial<Cell>) => {
    setCells((current) => ({ ...current, [key]: { value: "", notes: "", several: false, ...current[key], ...change } }));
    autosave?.changed(key);
  };

  const addRows = (added: Row[]) => {
    const next = [...rows, ...added].sort(byLabel);
    setRows(next);
    const first = next.findIndex((row) => row.key === added[0]?.key);
    requestAnimationFrame(() => {
      const inputs = tableRef.current?.querySelectorAll<HTMLInputElement>(`input[data-row="${first}"]:not([disabled])`);
      inputs?.[0]?.focus();
    });
  };

  const onCellKey = (event: KeyboardEvent<HTMLInputElement>, rowIndex: number, dayIndex: number, key: string) => {
    // One Tab stop per cell: its notes open from the keyboard with Shift+Enter.
    if (event.key === "Enter" && event.shiftKey) {
      event.preventDefault();
      setNotesOpenFor(key);
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const target = rowIndex + (event.key === "ArrowDown" ? 1 : -1);
    const next = tableRef.current?.querySelector<HTMLInputElement>(`input[data-row="${target}"][data-day="${dayIndex}"]`);
    if (next) {
      event.preventDefault();
      next.focus();
      next.select();
    }
  };

  const dayTotals = days.map((day) => rows.reduce((sum, row) => sum + minutesOf(cells[cellKey(row.projectId, row.taskId, day)]?.value ?? ""), 0));
  const weekTotal = dayTotals.reduce((sum, minutes) => sum + minutes, 0);

  return (
    <div className="stack">
      <div className="table-wrap">
        <table className="table week-grid" ref={tableRef}>
          <caption className="visually-hidden">Hours by project and day</caption>
          <thead>
            <tr>
              <th scope="col">Project and task</th>
              {days.map((day) => (
                <th key={day} scope="col" className={day === today ? "number is-today" : "number"} aria-current={day === today ? "date" : undefined}>
                  {/* Route-relative, so the link works without JavaScript too ("day" under the week's route). */}
                  <Link href={dayViewHref(day)} aria-label={`Day view for ${longDayLabel(day)}`}>
                    {dayLabel(day)}
                  </Link>
                </th>
              ))}
              <th scope="col" className="number">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, rowIndex) => {
              const rowTotal = days.reduce((sum, day) => sum + minutesOf(cells[cellKey(row.projectId, row.taskId, day)]?.value ?? ""), 0);
              return (
                <tr key={row.key}>
                  <th scope="row" className="week-grid-row">
                    <span className="swatch" style={{ backgroundColor: row.color }} aria-hidden="true" />
                    <span>
                      {row.label}
                      {row.clientName ? <span className="muted small block">{row.clientName}</span> : null}
                    </span>
                  </th>
                  {days.map((day, dayIndex) => {
                    const key = cellKey(row.projectId, row.taskId, day);
                    const cell = cells[key] ?? { value: "", notes: "", several: false };
                    // A refusal of the page's last post stays shown only until the cell is changed.
                    const error = autosave?.errors.cells[key] ?? (autosave?.stateOf(key) ? undefined : cellErrors[key]);
                    const label = `${row.label}, ${longDayLabel(day)}`;
                    const closed = readOnly || closedDays.has(day) || cell.several;
                    const saveState = autosave?.stateOf(key);
                    return (
                      <td key={day} className={day === today ? "week-grid-cell is-today" : "week-grid-cell"} data-save-state={saveState}>
                        <div className="week-grid-inputs">
                          <input
                            className="field-input week-grid-input"
                            name={closed ? undefined : cellField(key, "duration")}
                            value={cell.value}
                            onChange={(event) => setCell(key, { value: event.target.value })}
                            onKeyDown={(event) => onCellKey(event, rowIndex, dayIndex, key)}
                            aria-label={label}
                            aria-invalid={error ? true : undefined}
                            aria-describedby={error ? `error-${key}` : undefined}
                            title={cell.several ? "Several entries: change them in the day view" : cell.notes || undefined}
                            readOnly={closed}
                            disabled={closedDays.has(day) && !cell.value}
                            inputMode="decimal"
                            autoComplete="off"
                            data-row={rowIndex}
                            data-day={dayIndex}
                          />
                          {closed ? null : (
                            <NotesButton
                              label={label}
                              notes={cell.notes}
                              onChange={(notes) => setCell(key, { notes })}
                              isOpen={notesOpenFor === key}
                              onOpenChange={(open) => setNotesOpenFor(open ? key : null)}
                            />
                          )}
                          {closed ? null : <input type="hidden" name={cellField(key, "notes")} value={cell.notes} />}
                        </div>
                        {error ? (
                          <span id={`error-${key}`} className="field-error" role="alert">
                            {error}
                          </span>
                        ) : null}
                      </td>
                    );
                  })}
                  <td className="number">{formatMinutes(rowTotal)}</td>
                </tr>
              );
            })}
            {rows.length === 0 ? (
              <tr>
                <td colSpan={days.length + 2} className="muted">
                  No time this week yet. Add a row for a project to start.
                </td>
              </tr>
            ) : null}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              {dayTotals.map((minutes, index) => (
                <td key={days[index]} className="number" aria-label={`Total for ${longDayLabel(days[index]!)}: ${formatMinutes(minutes)}`}>
                  {formatMinutes(minutes)}
                </td>
              ))}
              <td className="number week-total" aria-label={`Total for the week: ${formatMinutes(weekTotal)}`}>
                {formatMinutes(weekTotal)}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>

      {readOnly ? null : (
        <div className="inline-form">
          {available.length > 0 ? (
            <>
              <Select
                label="Add a row"
                name="_row"
                options={available.map((choice) => ({ id: choice.key, label: choice.clientName ? `${choice.clientName} › ${choice.label}` : choice.label }))}
                selectedKey={adding}
                onChange={setAdding}
              />
              <Button
                variant="secondary"
                isDisabled={!adding}
                onPress={() => {
                  const choice = available.find((candidate) => candidate.key === adding);
                  if (choice) addRows([choice]);
                  setAdding(null);
                }}
              >
                Add row
              </Button>
            </>
          ) : (
            <p className="muted">Every project open to you has a row.</p>
          )}
          {carryOver.length > 0 ? (
            <Button variant="quiet" onPress={() => addRows(carryOver)}>
              Copy rows from the last week with time
            </Button>
          ) : null}
        </div>
      )}
    </div>
  );
}

function NotesButton({
  label,
  notes,
  onChange,
  isOpen,
  onOpenChange,
}: {
  label: string;
  notes: string;
  onChange: (notes: string) => void;
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <DialogTrigger isOpen={isOpen} onOpenChange={onOpenChange}>
      <AriaButton
        excludeFromTabOrder
        className={`notes-button${notes ? " notes-button-filled" : ""}`}
        aria-label={`Notes for ${label}${notes ? " (has notes)" : ""}`}
      >
        <span aria-hidden="true">✎</span>
      </AriaButton>
      <Popover className="popover notes-popover" placement="bottom">
        <Dialog className="dialog">
          <Heading slot="title" className="small">
            Notes
          </Heading>
          <TextField value={notes} onChange={onChange} className="field">
            <Label className="field-label">{label}</Label>
            <TextArea className="field-input" rows={3} maxLength={2000} />
          </TextField>
        </Dialog>
      </Popover>
    </DialogTrigger>
  );
}
