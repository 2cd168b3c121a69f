/**
 * #/sources: how each job site the daily search asks is doing, in plain words. A site that
 * keeps failing is paused for a while (so one broken site costs nothing), and "Retry now" lets
 * the next search ask it again at once. Reached from Settings' job sites and from the
 * Dashboard's "site failed" note.
 */
import { commands } from "../../bindings";
import { Empty, ErrorBanner, Loading, RefreshButton } from "../../components/ui";
import { call } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import { Link, type Route } from "../../lib/router";
import { useCommandMutation } from "../../lib/useCommandMutation";
import { SourceCard } from "./SourceCard";
import "./Sources.css";

export default function Sources(_props: { route: Route }) {
  const loaded = useCommandQuery(queryKeys.sources.health(), () => call(commands.sourceHealth()));
  const retry = useCommandMutation([queryKeys.sources.all]);
  const sites = loaded.data ?? [];
  const troubled = sites.filter((s) => s.state !== "working").length;
  return (
    <section className="panel sources" aria-labelledby="sources-title">
      <div className="panel-header">
        <h2 id="sources-title">Job sites</h2>
        <RefreshButton loaded={loaded} />
      </div>
      <p className="status">
        How each job site answered your searches. A site that fails several times in a row is paused for a day (longer if it
        keeps failing), so it does not slow the search down. <Link to="/settings">Choose job sites in Settings</Link>.
      </p>
      {loaded.kind === "error" ? <ErrorBanner error={loaded.error} title="Could not load the job sites." /> : null}
      <ErrorBanner error={retry.error} title="Could not retry the job site." />
      {loaded.kind === "loading" && !loaded.data ? <Loading what="job sites" /> : null}
      {loaded.kind === "ready" && sites.length === 0 ? (
        <Empty>No search has asked a job site yet. After your first search, each site shows here.</Empty>
      ) : null}
      {sites.length > 0 ? (
        <>
          <p className="sources-summary" role="status">
            {troubled === 0 ? "Every job site is working." : `${troubled} of ${sites.length} job sites need attention.`}
          </p>
          <ul className="sources-list">
            {sites.map((h) => (
              <SourceCard
                key={h.spec}
                health={h}
                retrying={retry.busy}
                onRetry={(spec) => void retry.run(() => call(commands.retrySource(spec)))}
              />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
