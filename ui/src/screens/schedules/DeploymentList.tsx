/**
 * #/schedules: every schedule with what it runs (by title), when (in words), its zone, next
 * run and actions. The list comes from the query cache, which RunEvents of scheduled runs
 * refresh (their next run moves along); the actions update it in place.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { commands, type DeploymentDto } from "../../bindings";
import { ConfirmDelete } from "../../components/ConfirmDelete";
import { ActionButton, Empty, ErrorBanner, Loading, RefreshButton } from "../../components/ui";
import { formatTimestamp } from "../../format";
import { call, toAppError } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import { Link, navigate } from "../../lib/router";
import { describeWhen, whenOf } from "./builder";

export function DeploymentList() {
  const loaded = useCommandQuery(queryKeys.deployments.list(), () => call(commands.listDeployments()));

  return (
    <section className="panel schedules" aria-labelledby="schedules-title">
      <div className="panel-header">
        <h2 id="schedules-title">Schedules</h2>
        <div className="dep-buttons">
          <RefreshButton loaded={loaded} />
          <Link to="/schedules/new" className="button">
            New schedule
          </Link>
        </div>
      </div>
      {loaded.kind === "error" ? <ErrorBanner error={loaded.error} title="Could not load the schedules." /> : null}
      {loaded.kind === "loading" && !loaded.data ? <Loading what="schedules" /> : null}
      {loaded.data && loaded.data.length === 0 ? (
        <Empty>No schedules yet — create one to run a hunt or another task at set times.</Empty>
      ) : null}
      {loaded.data && loaded.data.length > 0 ? (
        <table className="runs deployments">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Runs</th>
              <th scope="col">When</th>
              <th scope="col">Time zone</th>
              <th scope="col">Next run</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {loaded.data.map((d) => (
              <DeploymentRow key={d.id} deployment={d} />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/** A schedule in words when the builder can say it ("Every weekday at 09:00"), else as stored. */
function whenInWords(s: DeploymentDto["schedules"][number]): string {
  const when = whenOf({ expr: s.expr, everySecs: s.everySecs });
  return (when && describeWhen(when)) ?? s.description;
}

function DeploymentRow({ deployment: d }: { deployment: DeploymentDto }) {
  const client = useQueryClient();
  // The changed deployment replaces the listed one at once; the list is fetched again after.
  const replace = async (updated: DeploymentDto) => {
    client.setQueryData<DeploymentDto[]>(queryKeys.deployments.list(), (list) =>
      list?.map((x) => (x.id === updated.id ? updated : x)),
    );
    await client.invalidateQueries({ queryKey: queryKeys.deployments.all });
  };
  const toggle = useMutation({
    mutationFn: () => call(d.paused ? commands.resumeDeployment(d.id) : commands.pauseDeployment(d.id)),
    onSuccess: replace,
  });
  const runNow = useMutation({
    mutationFn: () => call(commands.runDeploymentNow(d.id)),
    onSuccess: (runId) => navigate(`/runs/${encodeURIComponent(runId)}`),
  });
  const remove = useMutation({
    mutationFn: () => call(commands.deleteDeployment(d.id)),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.deployments.all }),
  });

  const zones = [...new Set(d.schedules.map((s) => s.timezone))];
  const failed = toggle.error ?? runNow.error ?? remove.error;

  return (
    <tr data-testid={`deployment-${d.name}`}>
      <td>
        <span className="flow-name">{d.name}</span>
        {d.paused ? <span className="state state-paused dep-paused">Paused</span> : null}
      </td>
      <td>{d.flowTitle}</td>
      <td>
        {d.schedules.length === 0
          ? "—"
          : d.schedules.map((s, i) => (
              <div key={i} title={s.description}>
                {whenInWords(s)}
              </div>
            ))}
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
            busy={toggle.isPending}
            aria-label={`${d.paused ? "Resume" : "Pause"} ${d.name}`}
            onClick={() => toggle.mutate()}
          >
            {d.paused ? "Resume" : "Pause"}
          </ActionButton>
          <ActionButton
            variant="secondary"
            busy={runNow.isPending}
            aria-label={`Run ${d.name} now`}
            onClick={() => runNow.mutate()}
          >
            Run now
          </ActionButton>
          <Link to={`/schedules/${encodeURIComponent(d.id)}`} className="button button-secondary" aria-label={`Edit ${d.name}`}>
            Edit
          </Link>
          <ConfirmDelete
            name={d.name}
            question={`Delete “${d.name}”? Past runs stay.`}
            busy={remove.isPending}
            onConfirm={async () => {
              await remove.mutateAsync().catch(() => undefined);
            }}
          />
        </div>
        <ErrorBanner error={failed ? toAppError(failed) : null} />
      </td>
    </tr>
  );
}
