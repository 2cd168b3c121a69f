/**
 * The JSON Resume sections the profile screen lists read-only (volunteer, awards, certificates,
 * publications, interests, references, projects), each entry as one or two lines of plain text.
 */
import type { JsonValue } from "../../bindings";
import { obj, str, type Obj } from "./summary";

export type SectionEntry = { title: string; detail: string | null };
export type ResumeSection = { key: string; title: string; entries: SectionEntry[] };

/** "a · b" of the parts that are set. */
function joined(...parts: (string | null)[]): string {
  return parts.filter((p): p is string => p !== null).join(" · ");
}

/** "2019-01 – 2020-06", "2019-01 – present", "until 2020-06"; null without dates. */
function period(start: string | null, end: string | null): string | null {
  if (start) return `${start} – ${end ?? "present"}`;
  return end ? `until ${end}` : null;
}

function strings(v: JsonValue | undefined): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === "string" && s.trim() !== "") : [];
}

type Reader = (o: Obj) => SectionEntry;

const READERS: [key: string, title: string, read: Reader][] = [
  [
    "projects",
    "Projects",
    (o) => ({
      title: joined(str(o.name), period(str(o.startDate), str(o.endDate))),
      detail: str(o.description) ?? (strings(o.highlights).join("; ") || str(o.url)),
    }),
  ],
  [
    "volunteer",
    "Volunteering",
    (o) => ({
      title: joined(str(o.position), str(o.organization), period(str(o.startDate), str(o.endDate))),
      detail: str(o.summary),
    }),
  ],
  [
    "awards",
    "Awards",
    (o) => ({ title: joined(str(o.title), str(o.awarder), str(o.date)), detail: str(o.summary) }),
  ],
  [
    "certificates",
    "Certificates",
    (o) => ({ title: joined(str(o.name), str(o.issuer), str(o.date)), detail: str(o.url) }),
  ],
  [
    "publications",
    "Publications",
    (o) => ({
      title: joined(str(o.name), str(o.publisher), str(o.releaseDate)),
      detail: str(o.summary) ?? str(o.url),
    }),
  ],
  [
    "interests",
    "Interests",
    (o) => ({ title: str(o.name) ?? "", detail: strings(o.keywords).join(", ") || null }),
  ],
  [
    "references",
    "References",
    (o) => ({ title: str(o.name) ?? "", detail: str(o.reference) }),
  ],
];

/** The sections present in `document` with at least one entry that has something to show. */
export function resumeSections(document: JsonValue): ResumeSection[] {
  const doc = obj(document);
  return READERS.flatMap(([key, title, read]) => {
    const items = doc[key];
    if (!Array.isArray(items)) return [];
    const entries = items
      .map((item): SectionEntry => (typeof item === "string" ? { title: item.trim(), detail: null } : read(obj(item))))
      .filter((e) => e.title !== "" || e.detail !== null)
      .map((e) => (e.title === "" ? { ...e, title: "(untitled)" } : e));
    return entries.length ? [{ key, title, entries }] : [];
  });
}
