/** A run's log lines, newest at the bottom; follows new lines while scrolled to the bottom. */
import { useLayoutEffect, useRef } from "react";
import type { LogLine } from "../../bindings";
import { Empty } from "../../components/ui";

function time(ts: string): string {
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  return d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

export function LogView({ logs }: { logs: LogLine[] }) {
  const box = useRef<HTMLDivElement | null>(null);
  const follow = useRef(true);
  const last = logs.length ? logs[logs.length - 1].id : null;
  useLayoutEffect(() => {
    const el = box.current;
    if (el && follow.current) el.scrollTop = el.scrollHeight;
  }, [last]);
  if (logs.length === 0) return <Empty>No log lines.</Empty>;
  return (
    <div
      className="run-logs"
      ref={box}
      tabIndex={0}
      role="log"
      aria-label="Logs"
      onScroll={(e) => {
        const el = e.currentTarget;
        follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
    >
      <table>
        <tbody>
          {logs.map((line) => (
            <tr key={line.id} className={`log-${line.level.toLowerCase()}`}>
              <td className="log-time">
                <time dateTime={line.ts}>{time(line.ts)}</time>
              </td>
              <td className="log-level">{line.level}</td>
              <td className="log-message">{line.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
