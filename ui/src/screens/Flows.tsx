/**
 * Flows (#/flows): every registered flow as a card, under its title ("Daily job hunt");
 * #/flows/<name>: "Run <title>", a parameter form generated from the flow's JSON Schema
 * (flows/FlowForm.tsx), which starts a run and opens it.
 */
import type { FlowInfo } from "../bindings";
import { Empty, ErrorBanner, Loading } from "../components/ui";
import { Link, navigate, type Route } from "../lib/router";
import { FlowForm } from "./flows/FlowForm";
import { useFlows } from "./flows/useFlows";
import { flowSettingsText } from "./runs/flowSettings";
import "./Flows.css";

export default function Flows({ route }: { route: Route }) {
  const flows = useFlows();
  const name = route.segments[1];

  if (flows.kind === "loading" && !flows.data) return <Loading what="flows" />;
  if (flows.kind === "error" && !flows.data) {
    return (
      <section className="panel">
        <h2>Flows</h2>
        <ErrorBanner error={flows.error} title="Could not load flows." />
      </section>
    );
  }
  const list = flows.data ?? [];
  if (name !== undefined) {
    const flow = list.find((f) => f.name === name);
    if (!flow) {
      return (
        <section className="panel">
          <h2>Flows</h2>
          <Empty>
            There is no flow named <code>{name}</code>. <Link to="/flows">All flows</Link>
          </Empty>
        </section>
      );
    }
    // A new form (fresh defaults) per flow.
    return <FlowForm key={flow.name} flow={flow} />;
  }
  return <FlowList flows={list} />;
}

function FlowList({ flows }: { flows: FlowInfo[] }) {
  return (
    <section className="panel" aria-labelledby="flows-title">
      <div className="panel-header">
        <h2 id="flows-title">Flows</h2>
      </div>
      {flows.length === 0 ? (
        <Empty>No flows are registered.</Empty>
      ) : (
        <ul className="flow-cards">
          {flows.map((flow) => (
            <li key={flow.name} className="flow-card" data-testid={`flow-${flow.name}`}>
              <h3 className="flow-card-name">{flow.title}</h3>
              <p className="flow-card-description">{flow.description || "No description."}</p>
              <p className="flow-card-meta">{flowSettingsText(flow)}</p>
              <button
                type="button"
                className="button button-primary"
                onClick={() => navigate(`/flows/${encodeURIComponent(flow.name)}`)}
              >
                Run {flow.title}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
