import type { BudgetLevel } from "~/kernel/catalog/budgets.server";
import type {
  CompanyDashboard,
  EmployeeDashboard,
  TeamDashboard,
  WeeklyProjectHours,
} from "./dashboard.server";
import type { TimesheetStatus } from "~/time/entries.server";
import type { Day } from "~/kernel/clock/weeks";

/**
 * The dashboard's figures as the reader reads them: every number and date is
 * formatted here, on the server, in the reader's locale, and the page shows the
 * text. Charts get plain numbers too, as they draw only in the browser.
 */

export interface Formats {
  locale: string;
  hours: (minutes: number) => string;
  percent: (ratio: number) => string;
  count: (value: number) => string;
  money: (minor: number, currency: string) => string;
  day: (day: Day) => string;
  weekday: (day: Day) => string;
  shortDay: (day: Day) => string;
  month: (day: Day) => string;
}

const at = (day: Day) => new Date(`${day}T00:00:00Z`);

export function dashboardFormats(locale: string): Formats {
  const hours = new Intl.NumberFormat(locale, { style: "unit", unit: "hour", unitDisplay: "short", maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
  const count = new Intl.NumberFormat(locale);
  // Days carry no zone: formatted in UTC, the string's date is the date shown.
  const day = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const weekday = new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", timeZone: "UTC" });
  const shortDay = new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", timeZone: "UTC" });
  const month = new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" });
  const moneyFormats = new Map<string, Intl.NumberFormat>();
  return {
    locale,
    hours: (minutes) => hours.format(minutes / 60),
    percent: (ratio) => percent.format(ratio),
    count: (value) => count.format(value),
    money: (minor, currency) => {
      let format = moneyFormats.get(currency);
      if (!format) {
        format = new Intl.NumberFormat(locale, { style: "currency", currency });
        moneyFormats.set(currency, format);
      }
      const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
      return format.format(minor / 10 ** digits);
    },
    day: (value) => day.format(at(value)),
    weekday: (value) => weekday.format(at(value)),
    shortDay: (value) => shortDay.format(at(value)),
    month: (value) => month.format(at(value)),
  };
}

/** Hours as the charts plot them: decimal, to a tenth. */
const chartHours = (minutes: number) => Math.round(minutes / 6) / 10;

// ------------------------------------------------------------------ your week

export function employeeView(data: EmployeeDashboard, format: Formats) {
  return {
    weekStart: data.weekStart,
    weekLabel: format.day(data.weekStart),
    hours: format.hours(data.weekMinutes),
    target: format.hours(data.targetMinutes),
    // A zero target (no expectation) reads as met rather than dividing by zero.
    progress: data.targetMinutes === 0 ? 1 : Math.min(1, data.weekMinutes / data.targetMinutes),
    progressText: format.percent(data.targetMinutes === 0 ? 1 : data.weekMinutes / data.targetMinutes),
    days: data.days.map((entry) => ({
      day: entry.day,
      label: format.weekday(entry.day),
      hours: format.hours(entry.minutes),
      missing: data.daysWithoutTime.includes(entry.day),
    })),
    daysWithoutTime: data.daysWithoutTime.map((day) => ({ day, label: format.weekday(day) })),
    recentEntries: data.recentEntries.map((entry) => ({
      id: entry.id,
      day: entry.day,
      dayLabel: format.day(entry.day),
      hours: format.hours(entry.minutes),
      project: entry.projectName,
      client: entry.clientName,
      task: entry.taskName,
      notes: entry.notes,
    })),
    timesheets: data.timesheets.map((sheet) => ({
      id: sheet.id,
      weekStart: sheet.weekStart,
      weekLabel: format.day(sheet.weekStart),
      status: sheet.status,
      hours: format.hours(sheet.totalMinutes),
    })),
  };
}

// ------------------------------------------------------------------ your teams

export function teamView(data: TeamDashboard, targetMinutes: number, format: Formats) {
  return {
    weekLabel: format.day(data.weekStart),
    lastWeekStart: data.lastWeekStart,
    lastWeekLabel: format.day(data.lastWeekStart),
    target: { value: chartHours(targetMinutes), label: format.hours(targetMinutes) },
    people: data.people.map((person) => ({
      userId: person.userId,
      name: person.name,
      value: chartHours(person.weekMinutes),
      hours: format.hours(person.weekMinutes),
      lastWeekStatus: person.lastWeekStatus satisfies TimesheetStatus | null,
    })),
    total: format.hours(data.people.reduce((sum, person) => sum + person.weekMinutes, 0)),
    waitingCount: data.waitingCount,
    waiting: format.count(data.waitingCount),
    notSubmitted: data.notSubmitted.map((person) => ({ userId: person.userId, name: person.name, status: person.lastWeekStatus })),
  };
}

// ------------------------------------------------------------------ the company

/** The series a chart draws separately; the rest are summed into one more. */
export const chartSeriesLimit = 5;

export interface ChartSeries {
  key: string;
  name: string;
}

export interface WeeklyChart {
  series: ChartSeries[];
  /** One row per week: the week's label, then hours per series key. */
  rows: { weekStart: Day; label: string; values: Record<string, number>; texts: Record<string, string>; total: string }[];
}

function weeklyChart(
  weeks: Day[],
  hours: WeeklyProjectHours[],
  keyOf: (row: WeeklyProjectHours) => { key: string; name: string },
  otherName: string,
  format: Formats,
): WeeklyChart {
  const totals = new Map<string, { name: string; minutes: number }>();
  for (const row of hours) {
    const { key, name } = keyOf(row);
    const total = totals.get(key) ?? { name, minutes: 0 };
    total.minutes += row.minutes;
    totals.set(key, total);
  }
  const ranked = [...totals.entries()].sort((a, b) => b[1].minutes - a[1].minutes || a[1].name.localeCompare(b[1].name));
  // Beyond a handful of lines a chart is unreadable: the largest stay, the rest add up.
  const shown = ranked.length > chartSeriesLimit ? ranked.slice(0, chartSeriesLimit - 1) : ranked;
  const series: ChartSeries[] = shown.map(([, { name }], index) => ({ key: `s${index}`, name }));
  const seriesOf = new Map(shown.map(([key], index) => [key, `s${index}`]));
  if (ranked.length > shown.length) series.push({ key: "other", name: otherName });

  const minutes = new Map<string, Map<string, number>>(weeks.map((week) => [week, new Map()]));
  for (const row of hours) {
    const seriesKey = seriesOf.get(keyOf(row).key) ?? "other";
    const week = minutes.get(row.weekStart);
    week?.set(seriesKey, (week.get(seriesKey) ?? 0) + row.minutes);
  }
  return {
    series,
    rows: weeks.map((week) => {
      const byKey = minutes.get(week)!;
      return {
        weekStart: week,
        label: format.shortDay(week),
        values: Object.fromEntries(series.map(({ key }) => [key, chartHours(byKey.get(key) ?? 0)])),
        texts: Object.fromEntries(series.map(({ key }) => [key, format.hours(byKey.get(key) ?? 0)])),
        total: format.hours([...byKey.values()].reduce((sum, value) => sum + value, 0)),
      };
    }),
  };
}

const budgetWords: Record<BudgetLevel, string> = { ok: "Within budget", warning: "80 % reached", over: "Budget reached" };

export function companyView(data: CompanyDashboard, format: Formats) {
  const month = (entry: CompanyDashboard["billable"]["thisMonth"]) => ({
    label: format.month(entry.month),
    ratio: entry.minutes === 0 ? null : format.percent(entry.billableMinutes / entry.minutes),
    billable: format.hours(entry.billableMinutes),
    total: format.hours(entry.minutes),
  });
  return {
    firstWeekLabel: format.day(data.weeks[0]!),
    byProject: weeklyChart(data.weeks, data.weeklyProjectHours, (row) => ({ key: row.projectId, name: row.projectName }), "Other projects", format),
    byClient: weeklyChart(
      data.weeks,
      data.weeklyProjectHours,
      (row) => ({ key: row.clientId ?? "none", name: row.clientName ?? "No client" }),
      "Other clients",
      format,
    ),
    billable: { thisMonth: month(data.billable.thisMonth), lastMonth: month(data.billable.lastMonth) },
    uninvoiced: data.uninvoiced.map((amount) => ({
      currency: amount.currency,
      amount: format.money(amount.amountMinor, amount.currency),
      hours: format.hours(amount.minutes),
    })),
    unpricedHours: data.unpricedMinutes > 0 ? format.hours(data.unpricedMinutes) : null,
    budgets: data.budgets.map((budget) => ({
      projectId: budget.projectId,
      project: budget.projectName,
      client: budget.clientName,
      logged: format.hours(budget.loggedMinutes),
      budget: format.hours(budget.budgetMinutes),
      used: format.percent(budget.loggedMinutes / budget.budgetMinutes),
      progress: Math.min(1, budget.loggedMinutes / budget.budgetMinutes),
      level: budget.level,
      levelText: budgetWords[budget.level],
    })),
  };
}
