/**
 * #/flows/<name>: "Run <title>", the flow's parameters as a generated form (or JSON for
 * experts); starting it opens the new run.
 */
import { useMutation } from "@tanstack/react-query";
import { useMemo, useState, type FormEvent } from "react";
import { commands, type FlowInfo } from "../../bindings";
import { ActionButton, ErrorBanner } from "../../components/ui";
import { call, toAppError } from "../../lib/command";
import { Link, navigate } from "../../lib/router";
import { ParamsEditor, paramsResult, paramsState, type ParamsState } from "./ParamsEditor";
import { fieldId } from "./SchemaForm";
import { buildParams, fieldsOf, initialValues } from "./schema";

export function FlowForm({ flow }: { flow: FlowInfo }) {
  const fields = useMemo(() => fieldsOf(flow.parameters_schema), [flow.parameters_schema]);
  const [state, setState] = useState<ParamsState>(() => paramsState(fields));
  const [submitted, setSubmitted] = useState(false);
  const start = useMutation({
    mutationFn: (json: string) => call(commands.startFlow(flow.name, json)),
    onSuccess: (id) => navigate(`/runs/${encodeURIComponent(id)}`),
  });

  const result = paramsResult(fields, state);
  const errorCount = Object.keys(result.errors).length;

  const change = (next: ParamsState) => {
    setState(next);
    start.reset();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (result.rawError) {
      setState((s) => ({ ...s, rawError: result.rawError }));
      return;
    }
    if (result.firstInvalid) {
      document.getElementById(fieldId(result.firstInvalid.name))?.focus();
      return;
    }
    if (result.params) start.mutate(JSON.stringify(result.params));
  };

  const reset = () => {
    const fresh = paramsState(fields);
    setState(
      state.raw === null
        ? fresh
        : { ...fresh, raw: JSON.stringify(buildParams(fields, initialValues(fields)).params, null, 2) },
    );
    setSubmitted(false);
  };

  return (
    <section className="panel flow-form" aria-labelledby="flow-form-title">
      <p className="breadcrumb">
        <Link to="/flows">Flows</Link> /
      </p>
      <div className="panel-header">
        <h2 id="flow-form-title">Run {flow.title}</h2>
      </div>
      {flow.description ? <p className="flow-form-description">{flow.description}</p> : null}
      <form onSubmit={onSubmit} noValidate>
        <ParamsEditor
          flow={flow}
          fields={fields}
          state={state}
          onChange={change}
          showErrors={submitted}
          disabled={start.isPending}
        />
        {submitted && state.raw === null && errorCount > 0 ? (
          <p className="field-error" role="alert">
            Fix {errorCount === 1 ? "the field" : `the ${errorCount} fields`} marked above.
          </p>
        ) : null}
        <ErrorBanner error={start.error ? toAppError(start.error) : null} title="Could not start the run." />
        <div className="flow-form-actions">
          <ActionButton type="submit" busy={start.isPending}>
            Start run
          </ActionButton>
          <button type="button" className="button button-secondary" disabled={start.isPending} onClick={reset}>
            Reset to defaults
          </button>
        </div>
      </form>
    </section>
  );
}
