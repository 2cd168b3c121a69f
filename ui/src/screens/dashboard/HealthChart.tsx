/**
 * The Dashboard's run health chart: finished runs per day as stacked bars (SVG), a legend with
 * totals, and the same numbers as a visually hidden table for screen readers.
 */
import type { RunHealthDay } from "../../bindings";

type Segment = { key: "completed" | "failed" | "crashed" | "cancelled"; label: string };
const SEGMENTS: Segment[] = [
  { key: "completed", label: "completed" },
  { key: "failed", label: "failed" },
  { key: "crashed", label: "crashed" },
  { key: "cancelled", label: "cancelled" },
];

function dayLabel(date: string, period: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const day = new Date(y, (m ?? 1) - 1, d ?? 1);
  if (Number.isNaN(day.getTime())) return date;
  return period <= 7
    ? day.toLocaleDateString(undefined, { weekday: "short" })
    : day.toLocaleDateString(undefined, { day: "numeric", month: "numeric" });
}

function longDay(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  const day = new Date(y, (m ?? 1) - 1, d ?? 1);
  return Number.isNaN(day.getTime())
    ? date
    : day.toLocaleDateString(undefined, { weekday: "short", year: "numeric", month: "short", day: "numeric" });
}

function describeDay(day: RunHealthDay): string {
  return `${longDay(day.date)}: ${SEGMENTS.map((s) => `${day[s.key]} ${s.label}`).join(", ")}`;
}

/** Stacked bars per day (SVG), a legend with totals, and the numbers as a visually hidden table. */
export function HealthChart({ days, period }: { days: RunHealthDay[]; period: number }) {
  const totals = SEGMENTS.map((s) => days.reduce((sum, d) => sum + d[s.key], 0));
  const total = totals.reduce((a, b) => a + b, 0);
  const max = Math.max(1, ...days.map((d) => SEGMENTS.reduce((sum, s) => sum + d[s.key], 0)));
  const slot = 24;
  const barWidth = period <= 7 ? 16 : 14;
  const chartHeight = 110;
  const width = Math.max(days.length, 1) * slot;
  const labelEvery = days.length > 10 ? 5 : 1;

  return (
    <div className="health">
      <p className="health-summary">
        {total === 0
          ? `No finished runs in the last ${period} days.`
          : `${total} finished run${total === 1 ? "" : "s"} in the last ${period} days, ${Math.round(
              (totals[0] / total) * 100,
            )}% completed.`}
      </p>
      <svg
        className="health-chart"
        viewBox={`0 0 ${width} ${chartHeight}`}
        preserveAspectRatio="none"
        role="group"
        aria-label={`Finished runs per day, last ${period} days`}
      >
        <line className="health-baseline" x1={0} x2={width} y1={chartHeight} y2={chartHeight} />
        {days.map((day, i) => {
          const x = i * slot + (slot - barWidth) / 2;
          let y = chartHeight;
          const text = describeDay(day);
          return (
            <g key={day.date} role="img" aria-label={text} data-testid="health-bar">
              <title>{text}</title>
              {/* The whole slot takes the hover, even on an empty day. */}
              <rect className="health-hit" x={i * slot} y={0} width={slot} height={chartHeight} />
              {SEGMENTS.map((s) => {
                const n = day[s.key];
                if (n === 0) return null;
                const h = (n / max) * (chartHeight - 6);
                y -= h;
                return <rect key={s.key} className={`health-${s.key}`} x={x} y={y} width={barWidth} height={h} />;
              })}
            </g>
          );
        })}
      </svg>
      {/* Day labels as HTML below the bars: the chart stretches to the panel's width, text must not. */}
      <div
        className="health-labels"
        aria-hidden="true"
        style={{ gridTemplateColumns: `repeat(${Math.max(days.length, 1)}, 1fr)` }}
      >
        {days.map((day, i) => (
          <span key={day.date}>{i % labelEvery === 0 || i === days.length - 1 ? dayLabel(day.date, period) : ""}</span>
        ))}
      </div>
      <ul className="health-legend" aria-label="Legend">
        {SEGMENTS.map((s, i) => (
          <li key={s.key}>
            <span className={`health-swatch health-${s.key}`} aria-hidden="true" /> {s.label} ({totals[i]})
          </li>
        ))}
      </ul>
      <table className="sr-only">
        <caption>Finished runs per day, last {period} days</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {SEGMENTS.map((s) => (
              <th key={s.key} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr key={day.date}>
              <th scope="row">{day.date}</th>
              {SEGMENTS.map((s) => (
                <td key={s.key}>{day[s.key]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
