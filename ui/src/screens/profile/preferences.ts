/**
 * The profile's search preferences (`document.preferences`, see crates/jobs/src/profile.rs:
 * snake_case keys, unknown keys refused) and the form that edits them.
 */
import type { JsonValue } from "../../bindings";

export type Preferences = {
  keywords: string[];
  locations: string[];
  remote_ok: boolean;
  min_salary: number | null;
  salary_currency: string | null;
  excluded_companies: string[];
  excluded_title_words: string[];
  must_have_skills: string[];
};

/** The form's state: lists as one item per line, numbers as typed. */
export type PreferencesForm = {
  keywords: string;
  locations: string;
  remote_ok: boolean;
  min_salary: string;
  salary_currency: string;
  excluded_companies: string;
  excluded_title_words: string;
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

function asObject(value: JsonValue | undefined): Record<string, JsonValue | undefined> {
  return value && typeof value === "object" && !Array.isArray(value) ? value : {};
}

function asList(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** The preferences stored in a profile document (missing keys: their defaults). */
export function readPreferences(document: JsonValue): Preferences {
  const p = asObject(asObject(document).preferences);
  return {
    keywords: asList(p.keywords),
    locations: asList(p.locations),
    remote_ok: p.remote_ok === true,
    min_salary: typeof p.min_salary === "number" ? p.min_salary : null,
    salary_currency: typeof p.salary_currency === "string" ? p.salary_currency : null,
    excluded_companies: asList(p.excluded_companies),
    excluded_title_words: asList(p.excluded_title_words),
    must_have_skills: asList(p.must_have_skills),
  };
}

export function toForm(p: Preferences): PreferencesForm {
  return {
    keywords: p.keywords.join("\n"),
    locations: p.locations.join("\n"),
    remote_ok: p.remote_ok,
    min_salary: p.min_salary === null ? "" : String(p.min_salary),
    salary_currency: p.salary_currency ?? "",
    excluded_companies: p.excluded_companies.join("\n"),
    excluded_title_words: p.excluded_title_words.join("\n"),
    must_have_skills: p.must_have_skills.join("\n"),
  };
}

function lines(text: string): string[] {
  return text
    .split("\n")
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
      remote_ok: form.remote_ok,
      min_salary,
      salary_currency: currency === "" ? null : currency.toUpperCase(),
      excluded_companies: lines(form.excluded_companies),
      excluded_title_words: lines(form.excluded_title_words),
      must_have_skills: lines(form.must_have_skills),
    },
  };
}

/** `document` with its preferences replaced (the rest of the resume untouched). */
export function withPreferences(document: JsonValue, preferences: Preferences): JsonValue {
  return { ...asObject(document), preferences };
}
