/**
 * The profile's search preferences (`document.preferences`, see crates/jobs/src/profile/mod.rs:
 * snake_case keys, unknown keys refused) and the form that edits them.
 */
import type { JsonValue } from "../../bindings";

/** Where the user wants to work; every choice accepts fully remote jobs. */
export type WorkplacePreference = "remote_only" | "hybrid_ok" | "onsite_ok";

export const WORKPLACE_CHOICES: readonly (readonly [WorkplacePreference, string])[] = [
  ["remote_only", "Remote only"],
  ["hybrid_ok", "Remote or hybrid"],
  ["onsite_ok", "Any, incl. on site"],
];

/** The period a salary is paid for (crates/jobs/src/posting.rs `SalaryInterval`). */
export type SalaryInterval = "hour" | "day" | "week" | "month" | "year";

const SALARY_INTERVALS: readonly SalaryInterval[] = ["hour", "day", "week", "month", "year"];

/** The periods the form offers (a stored day or week is shown too, see `intervalChoices`). */
export const SALARY_INTERVAL_LABELS: Record<SalaryInterval, string> = {
  year: "Per year",
  month: "Per month",
  week: "Per week",
  day: "Per day",
  hour: "Per hour",
};

/** The periods to offer: year, month and hour, plus `current` when it is another one. */
export function intervalChoices(current: SalaryInterval): SalaryInterval[] {
  const choices: SalaryInterval[] = ["year", "month", "hour"];
  return choices.includes(current) ? choices : [...choices, current];
}

export type Preferences = {
  keywords: string[];
  locations: string[];
  /** Older key, still written: true (every workplace choice accepts remote jobs). */
  remote_ok: boolean;
  /** Absent in older documents: anything, on site included. */
  workplace: WorkplacePreference | null;
  work_countries: string[];
  min_salary: number | null;
  salary_currency: string | null;
  /** The period `min_salary` is for; absent means a year. */
  salary_interval: SalaryInterval | null;
  languages: string[];
  excluded_companies: string[];
  excluded_title_words: string[];
  excluded_seniority: string[];
  must_have_skills: string[];
};

/** The form's state: lists as one item per line (or comma-separated), numbers as typed. */
export type PreferencesForm = {
  keywords: string;
  locations: string;
  workplace: WorkplacePreference;
  work_countries: string;
  min_salary: string;
  salary_currency: string;
  salary_interval: SalaryInterval;
  languages: string;
  excluded_companies: string;
  excluded_title_words: string;
  excluded_seniority: string;
  must_have_skills: string;
};

export const LIST_FIELDS = [
  ["keywords", "Keywords", "Search terms, one per line (e.g. rust, backend)."],
  ["locations", "Locations", "Cities or regions, one per line."],
  ["must_have_skills", "Must-have skills", "Jobs missing any of these score lower."],
  ["excluded_companies", "Excluded companies", "Never show jobs from these companies."],
  ["excluded_title_words", "Excluded title words", "Skip titles containing these words (e.g. senior, intern)."],
] as const;

/** A preference edited as a list, one item per line. */
export type ListField = (typeof LIST_FIELDS)[number][0];

/** Preferences edited as one line, items separated by commas: key, label, hint, placeholder. */
export const COMMA_FIELDS = [
  ["work_countries", "Countries where you may work", "Separate with commas; names or codes (e.g. DE, Austria).", "DE, Austria"],
  ["languages", "Languages you work in", "Separate with commas.", "English, German"],
  [
    "excluded_seniority",
    "Leave out seniority levels",
    "Jobs with these words in the title rank lower. Separate with commas.",
    "intern, junior, head of",
  ],
] as const;

/** A preference edited as one comma-separated line. */
export type CommaField = (typeof COMMA_FIELDS)[number][0];

function asObject(value: JsonValue | undefined): Record<string, JsonValue | undefined> {
  return value && typeof value === "object" && !Array.isArray(value) ? value : {};
}

function asList(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function asWorkplace(value: JsonValue | undefined): WorkplacePreference | null {
  return WORKPLACE_CHOICES.find(([w]) => w === value)?.[0] ?? null;
}

function asInterval(value: JsonValue | undefined): SalaryInterval | null {
  return SALARY_INTERVALS.find((i) => i === value) ?? null;
}

/** The preferences stored in a profile document (missing keys: their defaults). */
export function readPreferences(document: JsonValue): Preferences {
  const p = asObject(asObject(document).preferences);
  return {
    keywords: asList(p.keywords),
    locations: asList(p.locations),
    remote_ok: p.remote_ok === true,
    workplace: asWorkplace(p.workplace),
    work_countries: asList(p.work_countries),
    min_salary: typeof p.min_salary === "number" ? p.min_salary : null,
    salary_currency: typeof p.salary_currency === "string" ? p.salary_currency : null,
    salary_interval: asInterval(p.salary_interval),
    languages: asList(p.languages),
    excluded_companies: asList(p.excluded_companies),
    excluded_title_words: asList(p.excluded_title_words),
    excluded_seniority: asList(p.excluded_seniority),
    must_have_skills: asList(p.must_have_skills),
  };
}

export function toForm(p: Preferences): PreferencesForm {
  return {
    keywords: p.keywords.join("\n"),
    locations: p.locations.join("\n"),
    // Older documents (no `workplace`) meant anything, whatever `remote_ok` said.
    workplace: p.workplace ?? "onsite_ok",
    work_countries: p.work_countries.join(", "),
    min_salary: p.min_salary === null ? "" : String(p.min_salary),
    salary_currency: p.salary_currency ?? "",
    salary_interval: p.salary_interval ?? "year",
    languages: p.languages.join(", "),
    excluded_companies: p.excluded_companies.join("\n"),
    excluded_title_words: p.excluded_title_words.join("\n"),
    excluded_seniority: p.excluded_seniority.join(", "),
    must_have_skills: p.must_have_skills.join("\n"),
  };
}

function lines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

function commaList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

/** The form as preferences, or the errors by field (messages name the field). */
export function fromForm(
  form: PreferencesForm,
): { ok: true; value: Preferences } | { ok: false; errors: Partial<Record<keyof PreferencesForm, string>> } {
  const errors: Partial<Record<keyof PreferencesForm, string>> = {};
  let min_salary: number | null = null;
  const salary = form.min_salary.trim();
  if (salary !== "") {
    const n = Number(salary);
    if (!Number.isFinite(n) || n < 0) errors.min_salary = "min_salary: must be a positive number";
    else min_salary = n;
  }
  const currency = form.salary_currency.trim();
  if (currency !== "" && !/^[A-Za-z]{3}$/.test(currency)) {
    errors.salary_currency = "salary_currency: a three-letter code such as EUR";
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      keywords: lines(form.keywords),
      locations: lines(form.locations),
      remote_ok: true,
      workplace: form.workplace,
      work_countries: commaList(form.work_countries),
      min_salary,
      salary_currency: currency === "" ? null : currency.toUpperCase(),
      salary_interval: min_salary === null ? null : form.salary_interval,
      languages: commaList(form.languages),
      excluded_companies: lines(form.excluded_companies),
      excluded_title_words: lines(form.excluded_title_words),
      excluded_seniority: commaList(form.excluded_seniority),
      must_have_skills: lines(form.must_have_skills),
    },
  };
}

/** `document` with its preferences replaced (the rest of the resume untouched). */
export function withPreferences(document: JsonValue, preferences: Preferences): JsonValue {
  return { ...asObject(document), preferences };
}
