/** The settings form's state (numbers as typed), its validation and the SettingsDto it saves. */
import type { LlmSettings, SettingsDto, SourceSetting } from "../../bindings";

export type SourceForm = SourceSetting & { baseUrlText: string };

export type LlmForm = {
  enabled: boolean;
  baseUrl: string;
  model: string;
  apiKeyEnv: string;
  weight: string;
  timeoutSecs: string;
  rerankTop: string;
  /** Most questions to the model per day (the cost cap). */
  dailyCallCap: string;
  /** Optional token budget per day; empty: none. */
  dailyTokenBudget: string;
};

export type SettingsForm = {
  sources: SourceForm[];
  /** Whether an LLM is configured at all (`llm` is null otherwise). */
  llmConfigured: boolean;
  llm: LlmForm;
  retentionDays: string;
  dailyApplyCap: string;
  dryRun: boolean;
};

/** Errors by field path (`retentionDays`, `llm.weight`, `sources.<name>.baseUrl`). */
export type SettingsErrors = Record<string, string>;

export const DEFAULT_LLM: LlmForm = {
  enabled: true,
  baseUrl: "http://localhost:11434/v1",
  model: "",
  apiKeyEnv: "",
  weight: "0.3",
  timeoutSecs: "30",
  rerankTop: "10",
  dailyCallCap: "50",
  dailyTokenBudget: "",
};

/** `JOBHUNTER_<NAME>_URL`, the variable that overrides a source's base URL. */
export function envVarFor(source: string): string {
  return `JOBHUNTER_${source.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_URL`;
}

/** The error key of a source's address field: `sources.<name>.baseUrl`. */
export function sourceUrlError(source: string): string {
  return `sources.${source}.baseUrl`;
}

export function toForm(dto: SettingsDto): SettingsForm {
  return {
    sources: dto.sources.map((s) => ({ ...s, baseUrlText: s.baseUrl ?? "" })),
    llmConfigured: dto.llm !== null,
    llm: dto.llm
      ? {
          enabled: dto.llm.enabled,
          baseUrl: dto.llm.baseUrl,
          model: dto.llm.model,
          apiKeyEnv: dto.llm.apiKeyEnv ?? "",
          weight: String(dto.llm.weight),
          timeoutSecs: String(dto.llm.timeoutSecs),
          rerankTop: String(dto.llm.rerankTop),
          dailyCallCap: String(dto.llm.dailyCallCap),
          dailyTokenBudget: dto.llm.dailyTokenBudget === null ? "" : String(dto.llm.dailyTokenBudget),
        }
      : { ...DEFAULT_LLM },
    retentionDays: String(dto.retentionDays),
    dailyApplyCap: String(dto.dailyApplyCap),
    dryRun: dto.dryRun,
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

function integer(text: string): number | null {
  const t = text.trim();
  return /^-?\d+$/.test(t) ? Number(t) : null;
}

/**
 * The DTO to save, or the errors by field. `nameOf` gives a source's plain name ("Remote OK")
 * for its address error.
 */
export function validate(
  form: SettingsForm,
  nameOf: (source: string) => string = (source) => source,
): { dto: SettingsDto | null; errors: SettingsErrors } {
  const errors: SettingsErrors = {};

  const sources: SourceSetting[] = form.sources.map(({ baseUrlText, ...s }) => {
    const text = baseUrlText.trim();
    if (s.usesBaseUrl && text !== "" && !isHttpUrl(text)) {
      errors[sourceUrlError(s.name)] =
        `Address for ${nameOf(s.name)}: must be a web address starting with http:// or https://`;
    }
    return { ...s, baseUrl: s.usesBaseUrl && text !== "" ? text : null };
  });

  const retentionDays = integer(form.retentionDays);
  if (retentionDays === null || retentionDays < 1) {
    errors.retentionDays = "retentionDays: must be at least 1 (a whole number of days)";
  } else if (retentionDays > 3650) {
    errors.retentionDays = "retentionDays: must be at most 3650 (ten years)";
  }
  const dailyApplyCap = integer(form.dailyApplyCap);
  if (dailyApplyCap === null || dailyApplyCap < 0) {
    errors.dailyApplyCap = "dailyApplyCap: must be a whole number, 0 or more";
  } else if (dailyApplyCap > 1000) {
    errors.dailyApplyCap = "dailyApplyCap: must be at most 1000";
  }

  let llm: LlmSettings | null = null;
  if (form.llmConfigured) {
    const l = form.llm;
    if (!isHttpUrl(l.baseUrl.trim())) errors["llm.baseUrl"] = "llm.baseUrl: must be an http(s) URL";
    if (l.model.trim() === "") errors["llm.model"] = "llm.model: required (e.g. llama3.1:8b)";
    const env = l.apiKeyEnv.trim();
    if (env !== "" && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(env)) {
      errors["llm.apiKeyEnv"] = "llm.apiKeyEnv: an environment variable name (letters, digits and _)";
    }
    const weight = Number(l.weight.trim());
    if (l.weight.trim() === "" || !Number.isFinite(weight) || weight < 0 || weight > 1) {
      errors["llm.weight"] = "llm.weight: must be between 0 and 1";
    }
    const timeoutSecs = integer(l.timeoutSecs);
    if (timeoutSecs === null || timeoutSecs < 1) errors["llm.timeoutSecs"] = "llm.timeoutSecs: must be at least 1";
    const rerankTop = integer(l.rerankTop);
    if (rerankTop === null || rerankTop < 1) errors["llm.rerankTop"] = "llm.rerankTop: must be at least 1";
    const dailyCallCap = integer(l.dailyCallCap);
    if (dailyCallCap === null || dailyCallCap < 1 || dailyCallCap > 10000) {
      errors["llm.dailyCallCap"] = "llm.dailyCallCap: must be a whole number between 1 and 10000";
    }
    const budgetText = l.dailyTokenBudget.trim();
    const dailyTokenBudget = budgetText === "" ? null : integer(budgetText);
    if (budgetText !== "" && (dailyTokenBudget === null || dailyTokenBudget < 1 || dailyTokenBudget > 4294967295)) {
      errors["llm.dailyTokenBudget"] = "llm.dailyTokenBudget: a whole number of at least 1, or empty for no budget";
    }
    llm = {
      enabled: l.enabled,
      baseUrl: l.baseUrl.trim(),
      model: l.model.trim(),
      apiKeyEnv: env === "" ? null : env,
      weight,
      timeoutSecs: timeoutSecs ?? 0,
      rerankTop: rerankTop ?? 0,
      dailyCallCap: dailyCallCap ?? 0,
      dailyTokenBudget,
    };
  }

  if (Object.keys(errors).length > 0) return { dto: null, errors };
  return {
    errors,
    dto: {
      sources,
      llm,
      retentionDays: retentionDays ?? 0,
      dailyApplyCap: dailyApplyCap ?? 0,
      dryRun: form.dryRun,
      // Read-only (the keyring and today's use say); saveSettings ignores them.
      llmApiKeyStored: false,
      llmCallsToday: 0,
      llmTokensToday: 0,
    },
  };
}
