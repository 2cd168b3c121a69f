import { useState, type FormEvent } from "react";
import { commands, type SettingsDto, type SourceInfo } from "../../bindings";
import { ActionButton, ErrorBanner, Loading } from "../../components/ui";
import { call } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import { useCommandMutation } from "../../lib/useCommandMutation";
import { Field, invalid } from "../../components/Field";
import { LaunchAtLogin } from "./LaunchAtLogin";
import { SourceAddresses, SourceToggles, plainSourceName } from "./SourceSettings";
import {
  toForm,
  validate,
  type LlmForm,
  type SettingsErrors,
  type SettingsForm,
  type SourceForm,
} from "./settingsForm";
import { useSourceCatalogue } from "../setup/useSourceCatalogue";

/**
 * Starting at login (applied at once: the OS keeps it), then sources, the optional LLM,
 * retention and auto-apply: one form, saved with saveSettings.
 */
export function GeneralSettings() {
  const loaded = useCommandQuery(queryKeys.settings.general(), () => call(commands.getSettings()));
  // The sources' plain names and descriptions; without them, the engine names are shown.
  const catalogue = useSourceCatalogue();
  return (
    <section className="panel" aria-labelledby="general-settings-title">
      <div className="panel-header">
        <h2 id="general-settings-title">General</h2>
      </div>
      {loaded.kind === "error" ? <ErrorBanner error={loaded.error} title="Could not load the settings." /> : null}
      {loaded.kind === "loading" && !loaded.data ? <Loading what="settings" /> : null}
      <LaunchAtLogin />
      {loaded.data ? <SettingsEditor initial={loaded.data} catalogue={catalogue.data ?? []} /> : null}
    </section>
  );
}

function SettingsEditor({ initial, catalogue }: { initial: SettingsDto; catalogue: SourceInfo[] }) {
  const [form, setForm] = useState<SettingsForm>(() => toForm(initial));
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [saved, setSaved] = useState(false);
  // The mirror/proxy addresses stay folded away unless the user opens them or one is invalid.
  const [addressesOpen, setAddressesOpen] = useState(false);
  const save = useCommandMutation([queryKeys.settings.all]);

  const update = (fn: (f: SettingsForm) => SettingsForm, field?: string) => {
    setForm(fn);
    setSaved(false);
    if (field) setErrors(({ [field]: _gone, ...rest }) => rest);
  };
  const setSource = (index: number, patch: Partial<SourceForm>, field?: string) =>
    update((f) => ({ ...f, sources: f.sources.map((x, j) => (j === index ? { ...x, ...patch } : x)) }), field);
  const setLlm = <K extends keyof LlmForm>(key: K, value: LlmForm[K]) =>
    update((f) => ({ ...f, llm: { ...f.llm, [key]: value } }), `llm.${key}`);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const { dto, errors: found } = validate(form, (name) => plainSourceName(name, catalogue));
    setErrors(found);
    if (Object.keys(found).some((k) => k.startsWith("sources."))) setAddressesOpen(true);
    if (!dto) return;
    const result = await save.run(() => call(commands.saveSettings(dto)));
    if (result) {
      setForm(toForm(result));
      setSaved(true);
    }
  };

  const errorCount = Object.keys(errors).length;

  return (
    <form className="settings-form" onSubmit={(e) => void submit(e)} noValidate>
      <SourceToggles sources={form.sources} catalogue={catalogue} onChange={setSource} />

      <fieldset>
        <legend>LLM re-ranking (optional)</legend>
        <Field id="llm-configured" label="Use an LLM to re-rank the best matches" inline>
          <input
            id="llm-configured"
            type="checkbox"
            checked={form.llmConfigured}
            onChange={(e) => update((f) => ({ ...f, llmConfigured: e.target.checked }))}
          />
        </Field>
        {form.llmConfigured ? (
          <div className="set-grid">
            <Field id="llm-enabled" label="Enabled" inline hint="Off keeps the configuration but does not call the model.">
              <input id="llm-enabled" type="checkbox" checked={form.llm.enabled} onChange={(e) => setLlm("enabled", e.target.checked)} />
            </Field>
            <Field id="llm-baseUrl" label="Base URL (OpenAI-compatible API)" error={errors["llm.baseUrl"]}>
              <input id="llm-baseUrl" type="url" value={form.llm.baseUrl} onChange={(e) => setLlm("baseUrl", e.target.value)} {...invalid("llm-baseUrl", errors["llm.baseUrl"])} />
            </Field>
            <Field id="llm-model" label="Model" error={errors["llm.model"]}>
              <input id="llm-model" value={form.llm.model} onChange={(e) => setLlm("model", e.target.value)} {...invalid("llm-model", errors["llm.model"])} />
            </Field>
            <Field
              id="llm-apiKeyEnv"
              label="API key environment variable"
              error={errors["llm.apiKeyEnv"]}
              hint="The name of the variable (e.g. OPENAI_API_KEY), not the key: the key itself stays in your environment or keyring and is never stored in the database. Leave empty for a local model."
            >
              <input id="llm-apiKeyEnv" value={form.llm.apiKeyEnv} spellCheck={false} onChange={(e) => setLlm("apiKeyEnv", e.target.value)} {...invalid("llm-apiKeyEnv", errors["llm.apiKeyEnv"])} />
            </Field>
            <LlmApiKey initiallyStored={initial.llmApiKeyStored} />
            <Field id="llm-weight" label="Weight (0–1)" error={errors["llm.weight"]} hint="How much the model's score counts against the rule-based score.">
              <input id="llm-weight" inputMode="decimal" value={form.llm.weight} onChange={(e) => setLlm("weight", e.target.value)} {...invalid("llm-weight", errors["llm.weight"])} />
            </Field>
            <Field id="llm-timeoutSecs" label="Timeout (seconds)" error={errors["llm.timeoutSecs"]}>
              <input id="llm-timeoutSecs" inputMode="numeric" value={form.llm.timeoutSecs} onChange={(e) => setLlm("timeoutSecs", e.target.value)} {...invalid("llm-timeoutSecs", errors["llm.timeoutSecs"])} />
            </Field>
            <Field id="llm-rerankTop" label="Re-rank the top N jobs" error={errors["llm.rerankTop"]}>
              <input id="llm-rerankTop" inputMode="numeric" value={form.llm.rerankTop} onChange={(e) => setLlm("rerankTop", e.target.value)} {...invalid("llm-rerankTop", errors["llm.rerankTop"])} />
            </Field>
            <Field
              id="llm-dailyCallCap"
              label="Most questions to the model per day"
              error={errors["llm.dailyCallCap"]}
              hint="Limits the cost. Each job is asked about once: later searches reuse the answer."
            >
              <input id="llm-dailyCallCap" inputMode="numeric" value={form.llm.dailyCallCap} onChange={(e) => setLlm("dailyCallCap", e.target.value)} {...invalid("llm-dailyCallCap", errors["llm.dailyCallCap"])} />
            </Field>
            <Field
              id="llm-dailyTokenBudget"
              label="Most tokens per day (optional)"
              error={errors["llm.dailyTokenBudget"]}
              hint="Leave empty for no token limit."
            >
              <input id="llm-dailyTokenBudget" inputMode="numeric" value={form.llm.dailyTokenBudget} onChange={(e) => setLlm("dailyTokenBudget", e.target.value)} {...invalid("llm-dailyTokenBudget", errors["llm.dailyTokenBudget"])} />
            </Field>
            <LlmUsedToday calls={initial.llmCallsToday} tokens={initial.llmTokensToday} llm={initial.llm} />
          </div>
        ) : null}
      </fieldset>

      <fieldset>
        <legend>Data and auto-apply</legend>
        <div className="set-grid">
          <Field id="set-retentionDays" label="Keep run history for (days)" error={errors.retentionDays}>
            <input
              id="set-retentionDays"
              inputMode="numeric"
              value={form.retentionDays}
              onChange={(e) => update((f) => ({ ...f, retentionDays: e.target.value }), "retentionDays")}
              {...invalid("set-retentionDays", errors.retentionDays)}
            />
          </Field>
          <Field
            id="set-dailyApplyCap"
            label="Applications sent per day (cap)"
            error={errors.dailyApplyCap}
            hint="Counted per UTC day; 0 sends none."
          >
            <input
              id="set-dailyApplyCap"
              inputMode="numeric"
              value={form.dailyApplyCap}
              onChange={(e) => update((f) => ({ ...f, dailyApplyCap: e.target.value }), "dailyApplyCap")}
              {...invalid("set-dailyApplyCap", errors.dailyApplyCap)}
            />
          </Field>
          <Field id="set-dryRun" label="Dry run: check and prepare applications but send nothing" inline>
            <input id="set-dryRun" type="checkbox" checked={form.dryRun} onChange={(e) => update((f) => ({ ...f, dryRun: e.target.checked }))} />
          </Field>
        </div>
      </fieldset>

      <SourceAddresses
        sources={form.sources}
        catalogue={catalogue}
        errors={errors}
        open={addressesOpen}
        onToggle={setAddressesOpen}
        onChange={setSource}
      />

      {errorCount > 0 ? (
        <p className="field-error" role="alert">
          Not saved: fix {errorCount === 1 ? "the field" : `the ${errorCount} fields`} marked above.
        </p>
      ) : null}
      <ErrorBanner error={save.error} title="Could not save the settings:" />
      {saved ? (
        <p className="status status-ok" role="status">
          Settings saved.
        </p>
      ) : null}
      <div>
        <ActionButton type="submit" busy={save.busy}>
          Save settings
        </ActionButton>
      </div>
    </form>
  );
}

/**
 * Today's use of the model against the saved daily limits, in plain words (the day is counted
 * in UTC, like the applications' cap), so the user sees why re-ranking may have stopped.
 */
function LlmUsedToday({ calls, tokens, llm }: { calls: number; tokens: number; llm: SettingsDto["llm"] }) {
  const cap = llm?.dailyCallCap;
  const budget = llm?.dailyTokenBudget ?? null;
  const reached = (cap !== undefined && calls >= cap) || (budget !== null && tokens >= budget);
  return (
    <p className="form-hint" role="status" aria-live="polite">
      Used today: {calls} {calls === 1 ? "question" : "questions"}
      {cap !== undefined ? ` of ${cap}` : ""}, about {tokens.toLocaleString()}
      {budget !== null ? ` of ${budget.toLocaleString()}` : ""} tokens (the day starts at midnight UTC).
      {reached ? " The daily limit is reached: no more questions until tomorrow; your matches keep their own scores." : ""}
    </p>
  );
}

/**
 * The LLM API key, kept in the OS keyring (saveLlmApiKey), never in the database or this form's
 * state after saving. Used when no environment variable is named (or it is unset).
 */
function LlmApiKey({ initiallyStored }: { initiallyStored: boolean }) {
  const [stored, setStored] = useState(initiallyStored);
  const [key, setKey] = useState("");
  const action = useCommandMutation([queryKeys.settings.all]);
  const store = async (value: string | null) => {
    const now = await action.run(() => call(commands.saveLlmApiKey(value)));
    if (now !== undefined) {
      setStored(now);
      setKey("");
    }
  };
  return (
    <Field
      id="llm-apiKey"
      label="API key (stored in the OS keyring)"
      hint={stored ? "A key is stored in the OS keyring. Type a new one to replace it." : "No key stored."}
    >
      <div className="set-inline">
        <input
          id="llm-apiKey"
          type="password"
          autoComplete="off"
          value={key}
          onChange={(e) => setKey(e.target.value)}
        />
        <ActionButton variant="secondary" busy={action.busy} disabled={key.trim() === ""} onClick={() => void store(key)}>
          Store key
        </ActionButton>
        {stored ? (
          <ActionButton variant="danger" busy={action.busy} onClick={() => void store(null)}>
            Remove key
          </ActionButton>
        ) : null}
      </div>
      <ErrorBanner error={action.error} title="Could not store the key." />
    </Field>
  );
}
