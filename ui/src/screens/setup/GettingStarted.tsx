/** The Dashboard's "Getting started" checklist, shown until the setup is done or skipped. */
import { Link } from "../../lib/router";
import { useSetupStatus } from "./status";
import { STEPS, isStepDone, stepPath } from "./steps";
import "../Setup.css";

export function GettingStarted() {
  const status = useSetupStatus().data;
  if (!status || status.done || status.dismissed) return null;
  return (
    <section className="panel getting-started" aria-labelledby="getting-started-title">
      <div className="panel-header">
        <h2 id="getting-started-title">Getting started</h2>
        <Link to="/setup">Open the setup</Link>
      </div>
      <ol className="getting-started-list" data-testid="getting-started">
        {STEPS.map((step) => {
          const done = isStepDone(status, step);
          return (
            <li key={step.n} className={done ? "getting-started-done" : undefined}>
              <Link to={stepPath(step.n)}>{step.title}</Link>
              <span className="getting-started-state">{done ? "✓ done" : "not yet"}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
