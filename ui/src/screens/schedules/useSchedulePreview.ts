import { useEffect, useState } from "react";
import { commands, type SchedulePreview } from "../../bindings";
import { call, toAppError } from "../../lib/command";

export type PreviewState =
  | { kind: "idle" }
  | { kind: "loading"; last: SchedulePreview | null }
  | { kind: "ready"; preview: SchedulePreview }
  | { kind: "error"; message: string };

/** What the backend answered for one schedule (`key`: the expression, zone and count asked). */
type Answer =
  | { key: string; kind: "ready"; preview: SchedulePreview }
  | { key: string; kind: "error"; message: string };

/** The schedule in words and its next `count` runs, asked for `delayMs` after the last keystroke. */
export function useSchedulePreview(expr: string, tz: string, count = 5, delayMs = 300): PreviewState {
  const [answer, setAnswer] = useState<Answer | null>(null);
  const e = expr.trim();
  const z = tz.trim();
  const idle = e === "" || z === "";
  const key = JSON.stringify([e, z, count]);
  // A cleared field forgets the last answer (typing again shows no stale preview).
  if (idle && answer !== null) setAnswer(null);
  useEffect(() => {
    if (idle) return;
    let stale = false;
    const timer = setTimeout(() => {
      call(commands.previewSchedule(e, z, count)).then(
        (preview) => {
          if (!stale) setAnswer({ key, kind: "ready", preview });
        },
        (error) => {
          if (!stale) setAnswer({ key, kind: "error", message: toAppError(error).message });
        },
      );
    }, delayMs);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [idle, e, z, count, key, delayMs]);
  if (idle) return { kind: "idle" };
  if (answer?.key === key) {
    return answer.kind === "ready" ? { kind: "ready", preview: answer.preview } : { kind: "error", message: answer.message };
  }
  return { kind: "loading", last: answer?.kind === "ready" ? answer.preview : null };
}
