import { describe, expect, it } from "vitest";
import {
  buildDocument,
  emptyForm,
  formFromDraft,
  parseLanguages,
  saveBlocker,
  skillNames,
  warningText,
  type Decision,
  type SectionKey,
} from "./draft";

const all = (d: Decision): Record<SectionKey, Decision> => ({
  basics: d,
  work: d,
  education: d,
  skills: d,
  languages: d,
});

const RESUME = {
  basics: {
    name: " Ada Lovelace ",
    email: "ada@example.org",
    location: { city: "London", countryCode: "GB" },
    profiles: [{ network: "GitHub", username: "ada" }],
  },
  work: [{ company: "Analytical Engines", position: "Programmer", highlights: ["Wrote it", " "], summary: "s" }],
  education: [{ institution: "Home", area: "Mathematics" }],
  skills: [{ name: "Mathematics", keywords: ["analysis"] }, { name: "" }],
  languages: [{ language: "English", fluency: "Native" }, { language: "French" }],
};

describe("the CV review's model", () => {
  it("reads a draft into the form", () => {
    const form = formFromDraft(RESUME);
    expect(form.basics).toEqual({
      name: "Ada Lovelace",
      label: "",
      email: "ada@example.org",
      phone: "",
      city: "London",
      url: "",
    });
    expect(form.work[0]).toMatchObject({ include: true, name: "Analytical Engines", highlights: ["Wrote it"] });
    expect(form.skills).toBe("Mathematics");
    expect(form.languages).toBe("English (Native)\nFrench");
  });

  it("builds a JSON Resume from the accepted sections, keeping what was not edited", () => {
    const form = formFromDraft(RESUME);
    form.basics.city = "";
    form.skills = "Mathematics, Rust, rust";
    const doc = buildDocument(form, { ...all("accepted"), education: "skipped" }, { keywords: ["x"] });
    expect(doc).toEqual({
      basics: {
        name: "Ada Lovelace",
        email: "ada@example.org",
        location: { countryCode: "GB" },
        profiles: [{ network: "GitHub", username: "ada" }],
      },
      work: [{ name: "Analytical Engines", position: "Programmer", highlights: ["Wrote it"], summary: "s" }],
      skills: [{ name: "Mathematics", keywords: ["analysis"] }, { name: "Rust" }],
      languages: [{ language: "English", fluency: "Native" }, { language: "French" }],
      preferences: { keywords: ["x"] },
    });
  });

  it("keeps only the name of Basics when Basics is not accepted", () => {
    const doc = buildDocument(formFromDraft(RESUME), all("pending"));
    expect(doc).toEqual({ basics: { name: "Ada Lovelace" } });
  });

  it("needs a name to save", () => {
    expect(saveBlocker(emptyForm(), all("accepted"))).toBe("Fill in your name (in Basics) to save.");
    const form = formFromDraft(RESUME);
    expect(saveBlocker(form, all("pending"))).toBeNull();
    expect(saveBlocker(form, { ...all("accepted"), basics: "skipped" })).toMatch(/use the Basics section/);
  });

  it("parses skills and languages as typed", () => {
    expect(skillNames(" Rust ,, SQL, rust ")).toEqual(["Rust", "SQL"]);
    expect(parseLanguages("English (native)\n\n  German  \nSwiss German (B2)")).toEqual([
      { language: "English", fluency: "native" },
      { language: "German" },
      { language: "Swiss German", fluency: "B2" },
    ]);
  });

  it("says the draft's warnings in plain words", () => {
    expect(warningText({ field: "basics.email", message: "not found" })).toBe("We could not find your email address.");
    expect(warningText({ field: "basics.name", message: "not found" })).toBe("We could not find your name.");
    expect(warningText({ field: "basics.phone", message: "not found" })).toBe("We could not find your phone number.");
    expect(warningText({ field: "work[1].startDate", message: "no date" })).toBe(
      "We could not find when your second position started.",
    );
    expect(warningText({ field: "meta.theme", message: "ignored" })).toBe("meta.theme: ignored");
  });
});
