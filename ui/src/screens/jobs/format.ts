/** Display helpers of the jobs screens. Pure functions. */
import type { JsonValue, Workplace } from "../../bindings";

/** A 0..1 score as "82 %"; "—" when unmatched. */
export function formatScore(score: number | null | undefined): string {
  if (score === null || score === undefined || !Number.isFinite(score)) return "—";
  return `${Math.round(score * 100)} %`;
}

/** A score deduction (0..1) as "−10 %". */
export function formatPenalty(amount: number): string {
  if (!Number.isFinite(amount)) return "—";
  return `−${Math.round(Math.abs(amount) * 1000) / 10} %`;
}

/** An RFC 3339 time as a date in the user's locale; "—" when absent or unparsable. */
export function formatDate(rfc3339: string | null | undefined): string {
  if (!rfc3339) return "—";
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return "—";
  return date.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

export function formatRemote(remote: boolean | null | undefined): string {
  if (remote === true) return "Remote";
  if (remote === false) return "On-site";
  return "—";
}

const WORKPLACE_LABELS: Record<Workplace, string> = { onsite: "On site", hybrid: "Hybrid", remote: "Remote" };

/**
 * Where the work happens: "Remote", "Hybrid" or "On site" from `workplace`; when the posting does
 * not say (null), only a fully remote job (`remote` true) still reads "Remote", else "—".
 */
export function formatWorkplace(workplace: Workplace | null | undefined, remote: boolean | null | undefined): string {
  if (workplace) return WORKPLACE_LABELS[workplace] ?? "—";
  return remote === true ? formatRemote(remote) : "—";
}

/** Every location ("Berlin · Munich · Remote"), else the primary one, else "—". */
export function formatLocations(locations: readonly string[] | null | undefined, location: string | null | undefined): string {
  const all = (locations ?? []).map((l) => l.trim()).filter(Boolean);
  if (all.length) return [...new Set(all)].join(" · ");
  return location?.trim() ? location : "—";
}

/** Only web addresses are opened in the browser (no `file:`, `javascript:`, ...). */
export function isHttpUrl(url: string | null | undefined): url is string {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:";
  } catch {
    return false;
  }
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A stored salary (`{ min, max, currency, interval }`) as "EUR 60,000–80,000 per year". */
export function formatSalary(salary: JsonValue | null | undefined): string {
  if (salary === null || salary === undefined) return "—";
  if (typeof salary === "string") return salary || "—";
  if (!isObject(salary)) return JSON.stringify(salary);
  const number = (v: JsonValue | undefined) =>
    typeof v === "number" && Number.isFinite(v) ? v.toLocaleString(undefined, { maximumFractionDigits: 2 }) : null;
  const min = number(salary.min);
  const max = number(salary.max);
  const range = min && max ? (min === max ? min : `${min}–${max}`) : min ? `from ${min}` : max ? `up to ${max}` : null;
  if (!range) return "—";
  const currency = typeof salary.currency === "string" && salary.currency ? `${salary.currency} ` : "";
  const period = salary.interval ?? salary.period;
  const per = typeof period === "string" && period ? ` per ${period}` : "";
  return `${currency}${range}${per}`;
}

/** Plain text split into paragraphs at blank lines (single line breaks stay inside). */
export function paragraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n+/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** A JSON value as one line of text for a key: value list. */
export function valueText(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** "cv" -> "CV", "cover_letter" -> "Cover letter". */
export function documentKindLabel(kind: string): string {
  if (kind === "cv") return "CV";
  if (kind === "cover_letter") return "Cover letter";
  const text = kind.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Base64 (as `readDocument` returns a PDF) to a Blob of type `mime`. */
export function base64ToBlob(base64: string, mime: string): Blob {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: mime });
}

export { isObject };
