/**
 * Flows (#/flows): every registered flow as a card; #/flows/<name>: a parameter form generated
 * from the flow's JSON Schema, which starts a run and opens it.
 */
import { useMemo, useState, type FormEvent } from "react";
import { commands, type FlowInfo } from "../bindings";
import { ActionButton, Empty, ErrorBanner, Loading } from "../components/ui";
import { formatDuration } from "../format";
import { call, useAction, useLoad } from "../lib/command";
import { Link, navigate, type Route } from "../lib/router";
import { SchemaFields, fieldId } from "./flows/SchemaForm";
import { buildParams, fieldsOf, initialValues, type FieldValue, type FormValues } from "./flows/schema";
import "./Flows.css";

export default function Flows({ route }: { route: Route }) {
  const flows = useLoad(() => call(commands.listFlows()), []);
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
              <h3 className="flow-card-name">{flow.name}</h3>
              <p className="flow-card-description">{flow.description || "No description."}</p>
              <dl className="flow-card-meta">
                <div>
                  <dt>Retries</dt>
                  <dd>{flow.retries}</dd>
                </div>
                <div>
                  <dt>Timeout</dt>
                  <dd>{flow.timeout_secs != null ? formatDuration(flow.timeout_secs * 1000) : "none"}</dd>
                </div>
              </dl>
              <button
                type="button"
                className="button button-primary"
                onClick={() => navigate(`/flows/${encodeURIComponent(flow.name)}`)}
              >
                Run {flow.name}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function FlowForm({ flow }: { flow: FlowInfo }) {
  const fields = useMemo(() => fieldsOf(flow.parameters_schema), [flow.parameters_schema]);
  const [values, setValues] = useState<FormValues>(() => initialValues(fields));
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [submitted, setSubmitted] = useState(false);
  const [raw, setRaw] = useState<string | null>(null);
  const [rawError, setRawError] = useState<string | null>(null);
  const start = useAction();

  const { params, errors } = useMemo(() => buildParams(fields, values), [fields, values]);
  const shown: Record<string, string | undefined> = {};
  for (const [name, message] of Object.entries(errors)) {
    if (submitted || touched[name]) shown[name] = message;
  }

  const onChange = (name: string, value: FieldValue) => {
    setValues((prev) => ({ ...prev, [name]: value }));
    setTouched((prev) => (prev[name] ? prev : { ...prev, [name]: true }));
    start.clearError();
  };

  const parseRaw = (text: string): Record<string, unknown> | null => {
    if (text.trim() === "") return {};
    try {
      const value: unknown = JSON.parse(text);
      if (isPlainObject(value)) return value;
      setRawError("Raw JSON: must be a JSON object");
    } catch (e) {
      setRawError(`Raw JSON: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    return null;
  };

  const toggleRaw = () => {
    if (raw === null) {
      setRaw(JSON.stringify(params, null, 2));
      setRawError(null);
      return;
    }
    const parsed = parseRaw(raw);
    if (!parsed) return;
    setValues(initialValues(fields, parsed));
    setRaw(null);
    setRawError(null);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    let json: string;
    if (raw !== null) {
      setRawError(null);
      const parsed = parseRaw(raw);
      if (!parsed) return;
      json = JSON.stringify(parsed);
    } else {
      setSubmitted(true);
      const invalid = fields.find((f) => errors[f.name]);
      if (invalid) {
        document.getElementById(fieldId(invalid.name))?.focus();
        return;
      }
      json = JSON.stringify(params);
    }
    const id = await start.run(() => call(commands.startFlow(flow.name, json)));
    if (id !== undefined) navigate(`/runs/${encodeURIComponent(id)}`);
  };

  const errorCount = Object.keys(errors).length;
  return (
    <section className="panel flow-form" aria-labelledby="flow-form-title">
      <p className="breadcrumb">
        <Link to="/flows">Flows</Link> /
      </p>
      <div className="panel-header">
        <h2 id="flow-form-title">Run {flow.name}</h2>
        <button type="button" className="button button-secondary" aria-pressed={raw !== null} onClick={toggleRaw}>
          Raw JSON
        </button>
      </div>
      {flow.description ? <p className="flow-form-description">{flow.description}</p> : null}
      <form onSubmit={onSubmit} noValidate>
        {raw === null ? (
          <SchemaFields
            fields={fields}
            values={values}
            errors={shown}
            onChange={onChange}
            onBlur={(name) => setTouched((prev) => (prev[name] ? prev : { ...prev, [name]: true }))}
            disabled={start.busy}
          />
        ) : (
          <div className="schema-field">
            <label htmlFor="param-raw-json">Parameters (JSON object)</label>
            <textarea
              id="param-raw-json"
              className="mono"
              rows={Math.min(20, Math.max(6, raw.split("\n").length + 1))}
              spellCheck={false}
              value={raw}
              aria-invalid={rawError ? true : undefined}
              aria-describedby={rawError ? "param-raw-json-error" : undefined}
              onChange={(e) => {
                setRaw(e.target.value);
                setRawError(null);
              }}
            />
            {rawError ? (
              <p className="field-error" id="param-raw-json-error">
                {rawError}
              </p>
            ) : null}
          </div>
        )}
        {submitted && raw === null && errorCount > 0 ? (
          <p className="field-error" role="alert">
            Fix {errorCount === 1 ? "the field" : `the ${errorCount} fields`} marked above.
          </p>
        ) : null}
        <ErrorBanner error={start.error} title="Could not start the run." />
        <div className="flow-form-actions">
          <ActionButton type="submit" busy={start.busy}>
            Start run
          </ActionButton>
          <button
            type="button"
            className="button button-secondary"
            disabled={start.busy}
            onClick={() => {
              setValues(initialValues(fields));
              setTouched({});
              setSubmitted(false);
              if (raw !== null) setRaw(JSON.stringify(buildParams(fields, initialValues(fields)).params, null, 2));
              setRawError(null);
            }}
          >
            Reset to defaults
          </button>
        </div>
      </form>
    </section>
  );
}
