/**
 * The CV review's model: a `draftCv` JSON Resume draft read into editable sections, and the
 * JSON Resume built back from the sections the user accepted (with their edits).
 */
import type { JsonValue, ProfileWarning } from "../../../bindings";
import { obj, str, type Obj } from "../../profile/summary";

export type SectionKey = "basics" | "work" | "education" | "skills" | "languages";

export const SECTIONS: { key: SectionKey; title: string }[] = [
  { key: "basics", title: "Basics" },
  { key: "work", title: "Experience" },
  { key: "education", title: "Education" },
  { key: "skills", title: "Skills" },
  { key: "languages", title: "Languages" },
];

/** Where a section stands: not looked at yet, accepted ("Use this section") or skipped. */
export type Decision = "pending" | "accepted" | "skipped";

export type Basics = { name: string; label: string; email: string; phone: string; city: string; url: string };

export type WorkEntry = {
  include: boolean;
  name: string;
  position: string;
  startDate: string;
  endDate: string;
  highlights: string[];
  /** The draft's entry as read (its other keys are kept). */
  original: Obj;
};

export type EducationEntry = {
  include: boolean;
  institution: string;
  studyType: string;
  area: string;
  startDate: string;
  endDate: string;
  original: Obj;
};

export type ReviewForm = {
  basics: Basics;
  /** The draft's basics as read (profiles, summary, the rest of the location are kept). */
  basicsOriginal: Obj;
  work: WorkEntry[];
  education: EducationEntry[];
  /** Skill names, comma-separated. */
  skills: string;
  /** The draft's skills by lower-cased name (their keywords are kept). */
  skillsOriginal: Record<string, Obj>;
  /** "Language (level)", one a line. */
  languages: string;
};

const text = (v: JsonValue | undefined): string => str(v)?.trim() ?? "";

function list(v: JsonValue | undefined): Obj[] {
  return Array.isArray(v) ? v.map(obj) : [];
}

export function emptyWork(): WorkEntry {
  return { include: true, name: "", position: "", startDate: "", endDate: "", highlights: [], original: {} };
}

export function emptyEducation(): EducationEntry {
  return { include: true, institution: "", studyType: "", area: "", startDate: "", endDate: "", original: {} };
}

/** An empty form, for writing a CV by hand. */
export function emptyForm(): ReviewForm {
  return {
    basics: { name: "", label: "", email: "", phone: "", city: "", url: "" },
    basicsOriginal: {},
    work: [],
    education: [],
    skills: "",
    skillsOriginal: {},
    languages: "",
  };
}

/** The draft (`CvDraftDto.resume`) as a form. */
export function formFromDraft(resume: JsonValue): ReviewForm {
  const doc = obj(resume);
  const basics = obj(doc.basics);
  const skills = list(doc.skills).filter((s) => text(s.name) !== "");
  return {
    basics: {
      name: text(basics.name),
      label: text(basics.label),
      email: text(basics.email),
      phone: text(basics.phone),
      city: text(obj(basics.location).city),
      url: text(basics.url),
    },
    basicsOriginal: basics,
    work: list(doc.work).map((w) => ({
      include: true,
      name: text(w.name) || text(w.company),
      position: text(w.position),
      startDate: text(w.startDate),
      endDate: text(w.endDate),
      highlights: Array.isArray(w.highlights) ? w.highlights.map(text).filter((h) => h !== "") : [],
      original: w,
    })),
    education: list(doc.education).map((e) => ({
      include: true,
      institution: text(e.institution),
      studyType: text(e.studyType),
      area: text(e.area),
      startDate: text(e.startDate),
      endDate: text(e.endDate),
      original: e,
    })),
    skills: skills.map((s) => text(s.name)).join(", "),
    skillsOriginal: Object.fromEntries(skills.map((s) => [text(s.name).toLowerCase(), s])),
    languages: list(doc.languages)
      .filter((l) => text(l.language) !== "")
      .map((l) => (text(l.fluency) ? `${text(l.language)} (${text(l.fluency)})` : text(l.language)))
      .join("\n"),
  };
}

/** `base` with `values` set, blank values removed (a blank field means "not given"). */
function withValues(base: Obj, values: Record<string, string>): Obj {
  const out: Obj = { ...base };
  for (const [key, value] of Object.entries(values)) {
    const v = value.trim();
    if (v === "") delete out[key];
    else out[key] = v;
  }
  return out;
}

/** The skill names typed, comma-separated (blanks and repeats dropped). */
export function skillNames(skills: string): string[] {
  const seen = new Set<string>();
  return skills
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "" && !seen.has(s.toLowerCase()) && seen.add(s.toLowerCase()));
}

/** "English (native)" lines as JSON Resume languages. */
export function parseLanguages(lines: string): { language: string; fluency?: string }[] {
  return lines
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .map((l) => {
      const m = /^(.*?)\s*\(([^()]*)\)$/.exec(l);
      const language = m ? m[1].trim() : l;
      const fluency = m ? m[2].trim() : "";
      return fluency && language ? { language, fluency } : { language: language || l };
    });
}

/** Why the form can't be saved yet, or null when it can. */
export function saveBlocker(form: ReviewForm, decisions: Record<SectionKey, Decision>): string | null {
  if (decisions.basics === "skipped") return "Your name is needed: use the Basics section to save.";
  if (form.basics.name.trim() === "") return "Fill in your name (in Basics) to save.";
  return null;
}

/**
 * The JSON Resume of the accepted sections (Basics is always kept for the name, which the
 * profile requires), with `preferences` put back when the stored profile had some.
 */
export function buildDocument(
  form: ReviewForm,
  decisions: Record<SectionKey, Decision>,
  preferences?: JsonValue,
): Record<string, JsonValue> {
  const doc: Record<string, JsonValue> = {};
  const b = form.basics;
  const basicsAccepted = decisions.basics === "accepted";
  const basics = basicsAccepted
    ? withValues(form.basicsOriginal, { name: b.name, label: b.label, email: b.email, phone: b.phone, url: b.url })
    : withValues({}, { name: b.name });
  if (basicsAccepted) {
    const location = withValues(obj(form.basicsOriginal.location), { city: b.city });
    if (Object.keys(location).length > 0) basics.location = location;
    else delete basics.location;
  }
  doc.basics = basics;

  if (decisions.work === "accepted") {
    doc.work = form.work
      .filter((w) => w.include)
      .map((w) => {
        const entry = withValues(w.original, {
          name: w.name,
          position: w.position,
          startDate: w.startDate,
          endDate: w.endDate,
        });
        delete entry.company;
        if (w.highlights.length > 0) entry.highlights = w.highlights;
        else delete entry.highlights;
        return entry;
      });
  }
  if (decisions.education === "accepted") {
    doc.education = form.education
      .filter((e) => e.include)
      .map((e) =>
        withValues(e.original, {
          institution: e.institution,
          studyType: e.studyType,
          area: e.area,
          startDate: e.startDate,
          endDate: e.endDate,
        }),
      );
  }
  if (decisions.skills === "accepted") {
    doc.skills = skillNames(form.skills).map((name) => ({ ...form.skillsOriginal[name.toLowerCase()], name }));
  }
  if (decisions.languages === "accepted") {
    doc.languages = parseLanguages(form.languages);
  }
  if (preferences !== undefined && preferences !== null) doc.preferences = preferences;
  return doc;
}

const FRIENDLY: Record<string, string> = {
  "basics.name": "We could not find your name.",
  "basics.email": "We could not find your email address.",
  "basics.phone": "We could not find your phone number.",
  "basics.label": "We could not find a headline (your job title).",
  "basics.location": "We could not find where you live.",
  "basics.url": "We could not find a website.",
  work: "We could not find your work experience.",
  education: "We could not find your education.",
  skills: "We could not find a list of skills.",
  languages: "We could not find the languages you speak.",
};

/** A draft warning in plain words ("field: message" when there is no sentence for its field). */
export function warningText(w: ProfileWarning): string {
  const known = FRIENDLY[w.field];
  if (known) return known;
  const m = /^(work|education)\[(\d+)\]\.(startDate|endDate)$/.exec(w.field);
  if (m) {
    const which = m[1] === "work" ? "position" : "education entry";
    const verb = m[3] === "startDate" ? "started" : "ended";
    return `We could not find when your ${ordinal(Number(m[2]) + 1)} ${which} ${verb}.`;
  }
  return `${w.field}: ${w.message}`;
}

function ordinal(n: number): string {
  const words = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];
  return words[n - 1] ?? `${n}th`;
}
