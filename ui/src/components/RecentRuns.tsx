import { useCallback, useEffect, useState } from "react";
import { commands, type CommandError, type FlowRunSummary } from "../bindings";
import { errorMessage, formatDuration, formatTimestamp } from "../format";

/** How many runs the screen asks for. */
export const RECENT_RUNS_LIMIT = 50;

type LoadState =
  | { kind: "loading" }
  | { kind: "error"; code: string | null; message: string }
  | { kind: "ready"; runs: FlowRunSummary[] };

export default function RecentRuns() {
  const [state, setState] = useState<LoadState>({ kind: "loading" });

  const load = useCallback(async () => {
    setState({ kind: "loading" });
    try {
      const result = await commands.listFlowRuns(RECENT_RUNS_LIMIT);
      if (result.status === "ok") {
        setState({ kind: "ready", runs: result.data });
      } else {
        // Our commands fail with `{ code, message }`; Tauri itself rejects with a plain string
        // (e.g. a command the capability does not allow, or arguments it cannot read).
        const error: CommandError | string = result.error;
        setState({
          kind: "error",
          code: typeof error === "object" && error !== null ? error.code : null,
          message: errorMessage(error),
        });
      }
    } catch (error) {
      // Not a command error: the IPC itself failed (e.g. the page runs outside the app).
      setState({ kind: "error", code: null, message: errorMessage(error) });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="panel" aria-labelledby="recent-runs-title">
      <div className="panel-header">
        <h2 id="recent-runs-title">Recent flow runs</h2>
        <button
          type="button"
          className="button"
          onClick={() => void load()}
          disabled={state.kind === "loading"}
        >
          Refresh
        </button>
      </div>
      <RunsBody state={state} />
    </section>
  );
}

function RunsBody({ state }: { state: LoadState }) {
  switch (state.kind) {
    case "loading":
      return (
        <p className="status" role="status">
          Loading runs…
        </p>
      );
    case "error":
      return (
        <div className="status status-error" role="alert">
          <strong>Could not load runs.</strong> {state.message}
          {state.code ? <span className="error-code">{state.code}</span> : null}
        </div>
      );
    case "ready":
      if (state.runs.length === 0) {
        return (
          <p className="status">
            No runs yet — run <code>jobhunter flows run maintenance</code>
          </p>
        );
      }
      return <RunsTable runs={state.runs} />;
  }
}

function RunsTable({ runs }: { runs: FlowRunSummary[] }) {
  return (
    <table className="runs">
      <thead>
        <tr>
          <th scope="col">Flow</th>
          <th scope="col">State</th>
          <th scope="col">Started</th>
          <th scope="col" className="numeric">
            Duration
          </th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id}>
            <td>
              <span className="flow-name">{run.flowName}</span>
              <span className="trigger">{run.trigger}</span>
            </td>
            <td>
              <span
                className={`state state-${run.stateType.toLowerCase()}`}
                title={run.error ?? undefined}
              >
                {run.stateName}
              </span>
            </td>
            <td>
              {run.startedAt ? (
                <time dateTime={run.startedAt}>{formatTimestamp(run.startedAt)}</time>
              ) : (
                "—"
              )}
            </td>
            <td className="numeric">{formatDuration(run.durationMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
