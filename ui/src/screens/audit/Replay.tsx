/** Replaying a TaskRun: as recorded, or with an edited input (JSON checked before the call). */
import { useState } from "react";
import { commands, type ReplayResult, type TaskRunDetail } from "../../bindings";
import { ActionButton, ErrorBanner, JsonBlock, StateBadge } from "../../components/ui";
import { call } from "../../lib/command";
import { queryKeys } from "../../lib/queryKeys";
import { Link } from "../../lib/router";
import { useCommandMutation } from "../../lib/useCommandMutation";
import { statusLabel, statusStateType } from "./format";

/** Why `text` is not JSON, as shown under the field; null when it parses. */
export function jsonProblem(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    return `input: not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
  }
}

export default function Replay({ taskRun }: { taskRun: TaskRunDetail }) {
  const id = taskRun.summary.id;
  // A replay is a new call: the audit's pages and statistics follow it.
  const action = useCommandMutation([queryKeys.taskRuns.lists(), queryKeys.taskRuns.stats()]);
  const [result, setResult] = useState<ReplayResult | null>(null);
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(() => JSON.stringify(taskRun.input, null, 2));
  const [problem, setProblem] = useState<string | null>(null);

  const replay = async (inputJson: string | null) => {
    setResult(null);
    const r = await action.run(() => call(commands.replayTaskRun(id, inputJson)));
    if (r) setResult(r);
  };

  const replayEdited = () => {
    const p = jsonProblem(text);
    setProblem(p);
    if (p) return;
    void replay(text);
  };

  return (
    <section className="panel" aria-labelledby="replay-title">
      <div className="panel-header">
        <h3 id="replay-title">Replay</h3>
      </div>
      <div className="audit-actions">
        <ActionButton busy={action.busy && !editing} disabled={action.busy} onClick={() => void replay(null)}>
          Replay
        </ActionButton>
        <button
          type="button"
          className="button button-secondary"
          aria-expanded={editing}
          aria-controls="replay-editor"
          onClick={() => setEditing((v) => !v)}
        >
          Replay with edits
        </button>
      </div>
      {editing ? (
        <div id="replay-editor" className="audit-editor">
          <label htmlFor="replay-input">Input (JSON)</label>
          <textarea
            id="replay-input"
            rows={12}
            spellCheck={false}
            value={text}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? "replay-input-error" : undefined}
            onChange={(e) => {
              setText(e.target.value);
              if (problem) setProblem(null);
            }}
          />
          {problem ? (
            <p id="replay-input-error" className="field-error" role="alert">
              {problem}
            </p>
          ) : null}
          <div className="audit-actions">
            <ActionButton busy={action.busy} onClick={replayEdited}>
              Replay with this input
            </ActionButton>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setText(JSON.stringify(taskRun.input, null, 2));
                setProblem(null);
              }}
            >
              Reset input
            </button>
          </div>
        </div>
      ) : null}
      {action.busy ? (
        <p className="status" role="status">
          Replaying… (waits for the operation to finish)
        </p>
      ) : null}
      <ErrorBanner error={action.error} title="Replay failed." />
      {result ? <ReplayOutcome result={result} /> : null}
    </section>
  );
}

function ReplayOutcome({ result }: { result: ReplayResult }) {
  return (
    <div className="audit-replay-result" data-testid="replay-result">
      <p>
        <StateBadge stateType={statusStateType(result.status)} name={statusLabel(result.status)} />{" "}
        after {result.attempts} {result.attempts === 1 ? "attempt" : "attempts"} —{" "}
        <Link to={`/audit/${encodeURIComponent(result.taskrunId)}`}>Open the new task run</Link>
      </p>
      {result.error ? <p className="status status-error">{result.error}</p> : null}
      {result.output !== null ? <JsonBlock value={result.output} label="Replay output" /> : null}
    </div>
  );
}
