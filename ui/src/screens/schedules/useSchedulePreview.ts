import { useEffect, useState } from "react";
import { commands, type SchedulePreview } from "../../bindings";
import { call, toAppError } from "../../lib/command";

export type PreviewState =
  | { kind: "idle" }
  | { kind: "loading"; last: SchedulePreview | null }
  | { kind: "ready"; preview: SchedulePreview }
  | { kind: "error"; message: string };

/** The schedule in words and its next `count` runs, asked for `delayMs` after the last keystroke. */
export function useSchedulePreview(expr: string, tz: string, count = 5, delayMs = 300): PreviewState {
  const [state, setState] = useState<PreviewState>({ kind: "idle" });
  useEffect(() => {
    const e = expr.trim();
    const z = tz.trim();
    if (e === "" || z === "") {
      setState({ kind: "idle" });
      return;
    }
    let stale = false;
    setState((prev) => ({ kind: "loading", last: prev.kind === "ready" ? prev.preview : prev.kind === "loading" ? prev.last : null }));
    const timer = setTimeout(() => {
      call(commands.previewSchedule(e, z, count)).then(
        (preview) => {
          if (!stale) setState({ kind: "ready", preview });
        },
        (error) => {
          if (!stale) setState({ kind: "error", message: toAppError(error).message });
        },
      );
    }, delayMs);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [expr, tz, count, delayMs]);
  return state;
}
