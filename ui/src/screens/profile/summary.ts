/** Reading the bits of a stored JSON Resume the profile screen shows. */
import type { JsonValue } from "../../bindings";

export type Obj = Record<string, JsonValue | undefined>;

/** An object, or `{}` for anything else. */
export function obj(v: JsonValue | undefined): Obj {
  return v && typeof v === "object" && !Array.isArray(v) ? v : {};
}

/** A non-blank string, else null. */
export function str(v: JsonValue | undefined): string | null {
  return typeof v === "string" && v.trim() !== "" ? v : null;
}

export type ResumeSummary = {
  name: string | null;
  label: string | null;
  email: string | null;
  phone: string | null;
  url: string | null;
  location: string | null;
  summary: string | null;
  skills: { name: string; level: string | null; keywords: string[] }[];
  workCount: number;
  educationCount: number;
  languages: string[];
};

export function summarize(document: JsonValue): ResumeSummary {
  const doc = obj(document);
  const basics = obj(doc.basics);
  const loc = obj(basics.location);
  // A city that is its own region (Berlin, Hamburg, Vienna) is named once.
  const city = str(loc.city);
  const region = str(loc.region);
  const sameAsCity = city && region && city.trim().toLowerCase() === region.trim().toLowerCase();
  const location = [city, sameAsCity ? null : region, str(loc.countryCode)]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(", ");
  const skills = Array.isArray(doc.skills)
    ? doc.skills.map((s) => {
        const o = obj(s);
        return {
          name: str(o.name) ?? "",
          level: str(o.level),
          keywords: Array.isArray(o.keywords) ? o.keywords.filter((k): k is string => typeof k === "string") : [],
        };
      })
    : [];
  const languages = Array.isArray(doc.languages)
    ? doc.languages
        .map((l) => {
          const o = obj(l);
          const language = str(o.language);
          const fluency = str(o.fluency);
          return language ? (fluency ? `${language} (${fluency})` : language) : null;
        })
        .filter((l): l is string => l !== null)
    : [];
  return {
    name: str(basics.name),
    label: str(basics.label),
    email: str(basics.email),
    phone: str(basics.phone),
    url: str(basics.url),
    location: location === "" ? null : location,
    summary: str(basics.summary),
    skills,
    workCount: Array.isArray(doc.work) ? doc.work.length : 0,
    educationCount: Array.isArray(doc.education) ? doc.education.length : 0,
    languages,
  };
}
