/**
 * One flow run (#/runs/<id>): state, actions, the task run timeline, logs, parameters, result.
 * Read through the query cache, which this run's events make stale: it follows the run live.
 */
import { useState } from "react";
import { commands, type CancelResult, type FlowRunDetail } from "../../bindings";
import { ActionButton, ErrorBanner, JsonBlock, Loading, StateBadge } from "../../components/ui";
import { call, type AppError } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import { Link, navigate } from "../../lib/router";
import { useFlowTitle } from "../flows/useFlows";
import { useCommandMutation } from "../../lib/useCommandMutation";
import { LogView } from "./LogView";
import { RunFacts } from "./RunFacts";
import { Timeline } from "./Timeline";
import { canRestart, isTerminal } from "./timeline";
import { useNow } from "./useNow";

const CANCEL_MESSAGES: Record<CancelResult, string> = {
  cancelling: "Cancelling: its tasks were told to stop.",
  requested: "The process running it was asked to stop it.",
  cancelled: "Cancelled before it started.",
  already_finished: "It had already finished.",
};

export function RunDetail({ id }: { id: string }) {
  const detail = useCommandQuery(queryKeys.flowRuns.detail(id), () => call(commands.getFlowRun(id)));

  if (!detail.data) {
    if (detail.kind === "error") {
      return (
        <section className="panel">
          <p className="breadcrumb">
            <Link to="/runs">Runs</Link> /
          </p>
          <ErrorBanner error={detail.error} title="Could not load the run." />
        </section>
      );
    }
    return <Loading what="the run" />;
  }
  return (
    <RunView
      key={id}
      detail={detail.data}
      reload={detail.reload}
      reloadError={detail.kind === "error" ? detail.error : null}
    />
  );
}

function RunView({
  detail,
  reload,
  reloadError,
}: {
  detail: FlowRunDetail;
  reload: () => Promise<void>;
  reloadError: AppError | null;
}) {
  const { run } = detail;
  const terminal = isTerminal(run.stateType);
  const now = useNow(!terminal);
  const cancel = useCommandMutation([queryKeys.flowRuns.lists()]);
  const restart = useCommandMutation([queryKeys.flowRuns.lists()]);
  const flowTitle = useFlowTitle();
  const [cancelNote, setCancelNote] = useState<string | null>(null);

  const started = run.startedAt ? Date.parse(run.startedAt) : null;
  const durationMs = run.durationMs ?? (started !== null && !terminal ? Math.max(now - started, 0) : null);

  const onCancel = async () => {
    setCancelNote(null);
    const result = await cancel.run(() => call(commands.cancelFlowRun(run.id)));
    if (result !== undefined) {
      setCancelNote(CANCEL_MESSAGES[result] ?? String(result));
      void reload();
    }
  };
  const onRestart = async () => {
    const newId = await restart.run(() => call(commands.restartFlowRun(run.id)));
    if (newId !== undefined) navigate(`/runs/${encodeURIComponent(newId)}`);
  };

  return (
    <>
      <section className="panel run-header" aria-labelledby="run-title">
        <p className="breadcrumb">
          <Link to="/runs">Runs</Link> /
        </p>
        <div className="panel-header">
          <h2 id="run-title">
            <span className="flow-name">{flowTitle(run.flowName)}</span>{" "}
            <span data-testid="run-state">
              <StateBadge stateType={run.stateType} name={run.stateName} title={run.error} />
            </span>
          </h2>
          <div className="run-actions">
            {!terminal ? (
              <ActionButton variant="danger" busy={cancel.busy} onClick={() => void onCancel()}>
                Cancel
              </ActionButton>
            ) : null}
            {canRestart(run.stateType) ? (
              <ActionButton busy={restart.busy} onClick={() => void onRestart()}>
                Restart from failure
              </ActionButton>
            ) : null}
          </div>
        </div>
        <ErrorBanner error={cancel.error} title="Could not cancel." />
        <ErrorBanner error={restart.error} title="Could not restart." />
        <ErrorBanner error={reloadError} title="Could not refresh the run." />
        {cancelNote ? (
          <p className="status" role="status">
            {cancelNote}
          </p>
        ) : null}
        <RunFacts detail={detail} durationMs={durationMs} terminal={terminal} />
        {run.error ? (
          <div className="run-error">
            <h3>Error</h3>
            <pre>{run.error}</pre>
          </div>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="run-timeline-title">
        <div className="panel-header">
          <h2 id="run-timeline-title">Task runs ({detail.taskRuns.length})</h2>
        </div>
        <Timeline run={run} taskRuns={detail.taskRuns} nowMs={now} />
      </section>

      <section className="panel" aria-labelledby="run-logs-title">
        <div className="panel-header">
          <h2 id="run-logs-title">Logs</h2>
        </div>
        <LogView logs={detail.logs} />
      </section>

      <div className="run-json">
        <section className="panel" aria-labelledby="run-params-title">
          <h2 id="run-params-title">Parameters</h2>
          <JsonBlock value={detail.parameters} label="Parameters" />
        </section>
        <section className="panel" aria-labelledby="run-result-title">
          <h2 id="run-result-title">Result</h2>
          {detail.result === null ? (
            <p className="status">{terminal ? "No result." : "Not finished yet."}</p>
          ) : (
            <JsonBlock value={detail.result} label="Result" />
          )}
        </section>
      </div>
    </>
  );
}
