import { useState } from "react";
import { commands, type DeploymentDto } from "../../bindings";
import { ConfirmDelete } from "../../components/ConfirmDelete";
import { ActionButton, Empty, ErrorBanner, Loading, RefreshButton } from "../../components/ui";
import { formatTimestamp } from "../../format";
import { call, useAction, useLoad } from "../../lib/command";
import { useReloadOnRunEvents } from "../../lib/events";
import { Link, navigate } from "../../lib/router";

/** #/schedules: every deployment with its schedules, next run and actions. */
export function DeploymentList() {
  const loaded = useLoad(() => call(commands.listDeployments()), []);
  // A scheduled run starting or ending moves "next run" along.
  useReloadOnRunEvents((e) => e.kind === "flowRunState" && e.deploymentId !== null, loaded.reload, 1000);

  return (
    <section className="panel schedules" aria-labelledby="schedules-title">
      <div className="panel-header">
        <h2 id="schedules-title">Schedules</h2>
        <div className="dep-buttons">
          <RefreshButton loaded={loaded} />
          <Link to="/schedules/new" className="button">
            New deployment
          </Link>
        </div>
      </div>
      {loaded.kind === "error" ? <ErrorBanner error={loaded.error} title="Could not load the deployments." /> : null}
      {loaded.kind === "loading" && !loaded.data ? <Loading what="deployments" /> : null}
      {loaded.data && loaded.data.length === 0 ? (
        <Empty>No deployments yet — create one to run a flow on a schedule.</Empty>
      ) : null}
      {loaded.data && loaded.data.length > 0 ? (
        <table className="runs deployments">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Flow</th>
              <th scope="col">Schedule</th>
              <th scope="col">Time zone</th>
              <th scope="col">Next run</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {loaded.data.map((d) => (
              <DeploymentRow key={d.id} deployment={d} onChanged={() => void loaded.reload()} />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function DeploymentRow({ deployment: initial, onChanged }: { deployment: DeploymentDto; onChanged: () => void }) {
  const [d, setD] = useState(initial);
  const toggle = useAction();
  const runNow = useAction();
  const remove = useAction();
  // A reload of the list brings a new `initial`: it wins over the local copy.
  const [prevInitial, setPrevInitial] = useState(initial);
  if (initial !== prevInitial) {
    setPrevInitial(initial);
    setD(initial);
  }

  const zones = [...new Set(d.schedules.map((s) => s.timezone))];
  const error = toggle.error ?? runNow.error ?? remove.error;

  return (
    <tr data-testid={`deployment-${d.name}`}>
      <td>
        <span className="flow-name">{d.name}</span>
        {d.paused ? <span className="state state-paused dep-paused">Paused</span> : null}
      </td>
      <td>{d.flowName}</td>
      <td>
        {d.schedules.length === 0 ? "—" : d.schedules.map((s, i) => <div key={i}>{s.description}</div>)}
      </td>
      <td>{zones.join(", ") || "—"}</td>
      <td>
        {d.paused ? (
          "paused"
        ) : d.nextRuns[0] ? (
          <time dateTime={d.nextRuns[0]}>{formatTimestamp(d.nextRuns[0])}</time>
        ) : (
          "—"
        )}
      </td>
      <td>
        <div className="dep-actions">
          <ActionButton
            variant="secondary"
            busy={toggle.busy}
            aria-label={`${d.paused ? "Resume" : "Pause"} ${d.name}`}
            onClick={async () => {
              const updated = await toggle.run(() =>
                call(d.paused ? commands.resumeDeployment(d.id) : commands.pauseDeployment(d.id)),
              );
              if (updated) setD(updated);
            }}
          >
            {d.paused ? "Resume" : "Pause"}
          </ActionButton>
          <ActionButton
            variant="secondary"
            busy={runNow.busy}
            aria-label={`Run ${d.name} now`}
            onClick={async () => {
              const runId = await runNow.run(() => call(commands.runDeploymentNow(d.id)));
              if (runId) navigate(`/runs/${encodeURIComponent(runId)}`);
            }}
          >
            Run now
          </ActionButton>
          <Link to={`/schedules/${encodeURIComponent(d.id)}`} className="button button-secondary" aria-label={`Edit ${d.name}`}>
            Edit
          </Link>
          <ConfirmDelete
            name={d.name}
            question={`Delete “${d.name}”? Past runs stay.`}
            busy={remove.busy}
            onConfirm={async () => {
              const done = await remove.run(() => call(commands.deleteDeployment(d.id)));
              if (done !== undefined) onChanged();
            }}
          />
        </div>
        <ErrorBanner error={error} />
      </td>
    </tr>
  );
}
