/**
 * #/schedules/new and #/schedules/<id>: a schedule in words. What to run (by its title), its
 * settings as a generated form (labels from the schema; "Advanced (JSON)" for experts), when
 * ("Every weekday at 09:00", or a cron expression for experts) and what to do with missed or
 * overlapping runs. A hunt left without job sites takes the saved ones (the API fills them).
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState, type FormEvent } from "react";
import { commands, type DeploymentDto, type DeploymentInput, type FlowInfo } from "../../bindings";
import { Field, invalid } from "../../components/Field";
import { ActionButton, ErrorBanner, Loading } from "../../components/ui";
import { call, toAppError } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import { Link, navigate } from "../../lib/router";
import { ParamsEditor, paramsResult, paramsState, type ParamsState } from "../flows/ParamsEditor";
import { fieldId } from "../flows/SchemaForm";
import { fieldsOf } from "../flows/schema";
import { useFlows } from "../flows/useFlows";
import { emptyForm, formFromDeployment, validate, type DeploymentForm, type FormErrors } from "./form";
import { TagsField } from "../runs/TagsField";
import { PolicyFields } from "./PolicyFields";
import { localTimeZone } from "./timezones";
import { WhenSection } from "./WhenSection";

/** #/schedules/new and #/schedules/<id>: loads what the form needs, then shows it. */
export function DeploymentEditor({ id }: { id: string | null }) {
  const flows = useFlows();
  const deployments = useCommandQuery(queryKeys.deployments.list(), () => call(commands.listDeployments()));
  const existing = id === null ? null : deployments.data?.find((d) => d.id === id || d.name === id) ?? null;
  const ready = flows.data !== null && (id === null || deployments.data !== null);
  const error = flows.kind === "error" ? flows.error : id !== null && deployments.kind === "error" ? deployments.error : null;

  const title = id === null ? "New schedule" : "Edit schedule";
  return (
    <section className="panel schedules" aria-labelledby="deployment-form-title">
      <div className="panel-header">
        <h2 id="deployment-form-title">{title}</h2>
        <Link to="/schedules">← All schedules</Link>
      </div>
      <ErrorBanner error={error} title="Could not load the form." />
      {!ready && !error ? <Loading what="the form" /> : null}
      {ready && flows.data ? (
        id !== null && existing === null ? (
          <div className="status status-error" role="alert">
            Schedule “{id}” not found.
          </div>
        ) : (
          <EditorForm key={existing?.id ?? "new"} flows={flows.data} existing={existing} />
        )
      ) : null}
    </section>
  );
}

/** The parameter form's state for `flow`: the deployment's values, else the defaults. */
function paramsFor(flow: FlowInfo | undefined, given?: Record<string, unknown>): ParamsState {
  return paramsState(flow ? fieldsOf(flow.parameters_schema) : [], given);
}

function EditorForm({ flows, existing }: { flows: FlowInfo[]; existing: DeploymentDto | null }) {
  const client = useQueryClient();
  const [form, setForm] = useState<DeploymentForm>(() =>
    existing ? formFromDeployment(existing) : emptyForm(localTimeZone()),
  );
  const flow = flows.find((f) => f.name === form.flowName);
  const [params, setParams] = useState<ParamsState>(() =>
    paramsFor(flow, (existing?.parameters as Record<string, unknown> | undefined) ?? undefined),
  );
  const [errors, setErrors] = useState<FormErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const fields = useMemo(() => (flow ? fieldsOf(flow.parameters_schema) : []), [flow]);
  const save = useMutation({
    mutationFn: (input: DeploymentInput) =>
      call(existing ? commands.updateDeployment(existing.id, input) : commands.createDeployment(input)),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: queryKeys.deployments.all });
      navigate("/schedules");
    },
  });
  const saveError = save.error ? toAppError(save.error) : null;

  const set = (patch: Partial<DeploymentForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors((e) => {
      const next = { ...e };
      for (const key of Object.keys(patch) as Array<keyof DeploymentForm>) delete next[key];
      return next;
    });
  };

  const chooseFlow = (name: string) => {
    set({ flowName: name });
    setParams(paramsFor(flows.find((f) => f.name === name)));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    const result = paramsResult(fields, params);
    if (result.rawError) setParams((p) => ({ ...p, rawError: result.rawError }));
    const { input, errors: found } = validate(form, result.params);
    setErrors(found);
    if (!input) {
      if (result.firstInvalid && Object.keys(found).length === 0) {
        document.getElementById(fieldId(result.firstInvalid.name))?.focus();
      }
      return;
    }
    save.mutate(input);
  };

  // A refused save names the field (`schedule: ...`): mark that field too.
  const serverError = (field: string) => (saveError?.message.startsWith(`${field}:`) ? saveError.message : undefined);

  return (
    <form className="deployment-form" onSubmit={submit} noValidate>
      <Field id="dep-name" label="Name" error={errors.name}>
        <input
          id="dep-name"
          value={form.name}
          onChange={(e) => set({ name: e.target.value })}
          {...invalid("dep-name", errors.name ?? serverError("name"))}
        />
      </Field>

      <Field
        id="dep-flow"
        label="What to run"
        error={errors.flowName}
        hint={existing ? `A schedule keeps what it runs. ${flow?.description ?? ""}` : flow?.description}
      >
        <select
          id="dep-flow"
          value={form.flowName}
          disabled={existing !== null}
          onChange={(e) => chooseFlow(e.target.value)}
          {...invalid("dep-flow", errors.flowName ?? serverError("flowName"))}
        >
          <option value="">Choose…</option>
          {flows.map((f) => (
            <option key={f.name} value={f.name}>
              {f.title}
            </option>
          ))}
        </select>
      </Field>

      {flow ? (
        <fieldset className="dep-params">
          <legend>Settings of “{flow.title}”</legend>
          <p className="form-hint">
            Fields left empty take their defaults: a hunt searches the job sites you chose and your profile’s search
            phrases.
          </p>
          <ParamsEditor flow={flow} fields={fields} state={params} onChange={setParams} showErrors={submitted} />
        </fieldset>
      ) : null}

      <WhenSection form={form} errors={errors} serverError={serverError} onChange={set} />
      <TagsField value={form.tags} onChange={(tags) => set({ tags })} error={errors.tags} />
      <PolicyFields form={form} onChange={set} />

      {existing && existing.schedules.length > 1 ? (
        <p className="status">This schedule has {existing.schedules.length} times; saving keeps only the one above.</p>
      ) : null}

      <ErrorBanner error={saveError} title="Could not save the schedule:" />
      <div className="dep-buttons">
        <ActionButton type="submit" busy={save.isPending}>
          {existing ? "Save changes" : "Create schedule"}
        </ActionButton>
        <Link to="/schedules" className="button button-secondary">
          Cancel
        </Link>
      </div>
    </form>
  );
}
