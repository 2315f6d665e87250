import { useEffect, useState, type ReactNode } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Symbols,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { DotItemDotProps, LegendType } from "recharts";

/**
 * The dashboard's charts. Recharts measures the page to draw, so a chart appears
 * only once the browser has mounted it; the server and the first client render
 * show the same empty frame of the chart's height. Charts are hidden from screen
 * readers: each figure's data table (always rendered) says the same in text.
 */

function useMounted(): boolean {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}

export function ChartFigure({
  title,
  summary,
  height,
  chart,
  table,
}: {
  title: string;
  summary: string;
  height: number;
  chart: () => ReactNode;
  table: ReactNode;
}) {
  const mounted = useMounted();
  return (
    <figure className="chart-figure">
      <figcaption>
        <span className="chart-title">{title}</span>
        <span className="muted small"> {summary}</span>
      </figcaption>
      <div className="chart-frame" style={{ height }} aria-hidden="true">
        {mounted ? chart() : null}
      </div>
      <details className="chart-data">
        <summary>Data table: {title.toLowerCase()}</summary>
        {table}
      </details>
    </figure>
  );
}

// ------------------------------------------------------------------ hours per person

export function PeopleHoursChart({
  people,
  target,
}: {
  people: { name: string; value: number; hours: string }[];
  target: { value: number; label: string };
}) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={people} layout="vertical" margin={{ top: 24, right: 72, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis
          type="number"
          domain={[0, (max: number) => Math.max(max, target.value)]}
          allowDecimals={false}
          label={{ value: "Hours", position: "insideBottomRight", offset: -4 }}
        />
        <YAxis type="category" dataKey="name" width={140} />
        <ReferenceLine x={target.value} stroke="#1c2430" strokeDasharray="6 3" label={{ value: `Target ${target.label}`, position: "top" }} />
        <Bar dataKey="value" fill="#2f5bd3" isAnimationActive={false}>
          {/* The value at the bar's end, so no one reads it off the axis. */}
          <LabelList dataKey="hours" position="right" />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

// ------------------------------------------------------------------ hours per week

/**
 * Each series has its own marker shape and line dash as well as its colour
 * (Okabe and Ito's palette, told apart with most colour-vision deficiencies), so
 * the lines and the legend read in greyscale too.
 */
const seriesLooks: { color: string; shape: Exclude<LegendType, "line" | "plainline" | "rect" | "none">; dash?: string }[] = [
  { color: "#0072B2", shape: "circle" },
  { color: "#D55E00", shape: "square", dash: "8 4" },
  { color: "#009E73", shape: "triangle", dash: "2 3" },
  { color: "#CC79A7", shape: "diamond", dash: "10 3 2 3" },
  { color: "#555555", shape: "cross", dash: "1 5" },
];

export function WeeklyHoursChart({
  series,
  rows,
}: {
  series: { key: string; name: string }[];
  rows: { label: string; values: Record<string, number>; texts: Record<string, string> }[];
}) {
  const data = rows.map((row) => ({ label: row.label, ...row.values }));
  const textOf = new Map(rows.map((row) => [row.label, row.texts]));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="label" />
        <YAxis allowDecimals={false} label={{ value: "Hours", angle: -90, position: "insideLeft" }} />
        <Tooltip formatter={(value, name, item) => [textOf.get(String(item.payload?.label))?.[String(item.dataKey)] ?? String(value), name]} />
        <Legend />
        {series.map((entry, index) => {
          const look = seriesLooks[index % seriesLooks.length]!;
          return (
            <Line
              key={entry.key}
              dataKey={entry.key}
              name={entry.name}
              stroke={look.color}
              strokeWidth={2}
              strokeDasharray={look.dash}
              legendType={look.shape}
              isAnimationActive={false}
              dot={(props: DotItemDotProps) => (
                <Symbols
                  key={`${entry.key}-${props.index}`}
                  cx={props.cx}
                  cy={props.cy}
                  type={look.shape}
                  size={64}
                  fill={look.color}
                  stroke="#ffffff"
                />
              )}
            />
          );
        })}
      </LineChart>
    </ResponsiveContainer>
  );
}
