/**
 * One job site in the Sources view: its state in words, the last success and the last
 * search's yield, the chart of recent searches, and "Retry now" while it is paused. The site's
 * own error text is untrusted: it is shown as text, under "What the site answered".
 */
import type { SourceHealth } from "../../bindings";
import { ActionButton } from "../../components/ui";
import { YieldChart } from "./YieldChart";
import { lastRunInWords, stateInWords, when } from "./words";

export function SourceCard({
  health,
  retrying,
  onRetry,
}: {
  health: SourceHealth;
  retrying: boolean;
  onRetry: (spec: string) => void;
}) {
  const id = `source-health-${health.spec.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
  return (
    <li className={`sources-card sources-${health.state}`} aria-labelledby={`${id}-name`} data-testid={id}>
      <div className="sources-card-head">
        <h3 id={`${id}-name`}>{health.name}</h3>
        <YieldChart runs={health.yield} name={health.name} />
      </div>
      <p className="sources-state">{stateInWords(health)}</p>
      {health.state === "paused" ? (
        <p className="sources-paused">
          The daily search skips it until then.{" "}
          <ActionButton variant="secondary" busy={retrying} onClick={() => onRetry(health.spec)} aria-describedby={`${id}-name`}>
            Retry now
          </ActionButton>
        </p>
      ) : null}
      <p className="sources-facts">
        {lastRunInWords(health)}. Last success: {when(health.last_success)}.
      </p>
      {health.consecutive_failures > 0 && health.last_error ? (
        <details className="sources-error">
          <summary>What the site answered</summary>
          <p data-user-text>{health.last_error}</p>
        </details>
      ) : null}
    </li>
  );
}
