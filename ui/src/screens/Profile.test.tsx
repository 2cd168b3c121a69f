import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { renderWithQueries } from "../test/queries";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { JsonValue, ProfileDto, ProfileWarning } from "../bindings";
import { parseRoute } from "../lib/router";
import Profile from "./Profile";
import { fail, mockCommands } from "../test/ipc";

const DOCUMENT = {
  basics: { name: "Ada Lovelace", email: "ada@example.org", label: "Backend engineer", location: { city: "Berlin" } },
  work: [{ name: "Analytical Engines", position: "Engineer" }],
  skills: [
    { name: "Rust", level: "Expert", keywords: ["tokio", "sqlx"] },
    { name: "SQL", keywords: [] },
  ],
  languages: [{ language: "English", fluency: "Native" }],
  preferences: {
    keywords: ["rust", "backend"],
    locations: ["Berlin"],
    remote_ok: true,
    min_salary: 70000,
    salary_currency: "EUR",
    excluded_companies: [],
    excluded_title_words: ["intern"],
    must_have_skills: ["rust"],
  },
};

function profile(document: JsonValue = DOCUMENT, warnings: ProfileWarning[] = []): ProfileDto {
  return {
    id: "p1",
    name: "Ada Lovelace",
    isDefault: true,
    createdAt: "2026-11-20T09:00:00Z",
    updatedAt: "2026-11-21T09:00:00Z",
    document,
    warnings,
  };
}

function mock(current: ProfileDto | null, onImport: (text: string) => ProfileDto = (t) => profile(JSON.parse(t))) {
  return mockCommands({
    get_profile: () => current,
    import_profile: (a) => onImport(a.jsonText as string),
    llm_configured: () => false,
  });
}

const route = parseRoute("#/profile");

describe("Profile", () => {
  it("shows the stored profile", async () => {
    mock(profile());
    renderWithQueries(<Profile route={route} />);
    const summary = await screen.findByTestId("profile-summary");
    expect(summary).toHaveTextContent("Ada Lovelace");
    expect(summary).toHaveTextContent("Backend engineer");
    expect(summary).toHaveTextContent("ada@example.org");
    expect(summary).toHaveTextContent("Berlin");
    expect(summary).toHaveTextContent("English (Native)");
    const skills = within(summary).getByRole("list", { name: "Skills" });
    expect(within(skills).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "Rust · Expert tokio, sqlx",
      "SQL",
    ]);
    // The preferences editor is filled from document.preferences.
    expect(screen.getByLabelText("Keywords")).toHaveValue("rust\nbackend");
    // An older document (`remote_ok`, no `workplace`): anything, on site included.
    const workplace = screen.getByRole("group", { name: "Where you want to work" });
    expect(within(workplace).getByLabelText("Any, incl. on site")).toBeChecked();
    expect(within(workplace).getByLabelText("Remote only")).not.toBeChecked();
    expect(screen.getByLabelText("Minimum salary")).toHaveValue("70000");
    expect(screen.getByLabelText("Salary period")).toHaveValue("year");
    expect(screen.getByLabelText("Countries where you may work")).toHaveValue("");
    expect(screen.getByLabelText("Languages you work in")).toHaveValue("");
    expect(screen.getByLabelText("Leave out seniority levels")).toHaveAttribute("placeholder", "intern, junior, head of");
  });

  it("fills the form from the newer preference keys", async () => {
    mock(
      profile({
        ...DOCUMENT,
        preferences: {
          ...DOCUMENT.preferences,
          workplace: "hybrid_ok",
          work_countries: ["DE", "Austria"],
          min_salary: 45,
          salary_interval: "day",
          languages: ["English", "German"],
          excluded_seniority: ["intern", "head of"],
        },
      }),
    );
    renderWithQueries(<Profile route={route} />);
    expect(await screen.findByLabelText("Remote or hybrid")).toBeChecked();
    expect(screen.getByLabelText("Countries where you may work")).toHaveValue("DE, Austria");
    expect(screen.getByLabelText("Languages you work in")).toHaveValue("English, German");
    expect(screen.getByLabelText("Leave out seniority levels")).toHaveValue("intern, head of");
    // A stored period the form does not offer by default is still shown.
    const period = screen.getByLabelText("Salary period");
    expect(period).toHaveValue("day");
    expect(within(period).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "Per year",
      "Per month",
      "Per hour",
      "Per day",
    ]);
  });

  it("shows the empty state without a profile", async () => {
    mock(null);
    renderWithQueries(<Profile route={route} />);
    expect(await screen.findByText(/No profile yet/)).toBeInTheDocument();
    expect(screen.queryByLabelText("Keywords")).not.toBeInTheDocument();
  });

  it("imports pasted JSON and says it was saved", async () => {
    const calls = mock(null);
    renderWithQueries(<Profile route={route} />);
    await screen.findByText(/No profile yet/);
    const text = JSON.stringify({ basics: { name: "Grace Hopper" } });
    fireEvent.change(screen.getByLabelText("Paste the JSON"), { target: { value: text } });
    await userEvent.click(screen.getByRole("button", { name: "Import profile" }));

    expect(await screen.findByText(/Profile saved/)).toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === "import_profile")).toEqual([
      { cmd: "import_profile", args: { jsonText: text } },
    ]);
    expect(screen.getByTestId("profile-summary")).toHaveTextContent("Grace Hopper");
  });

  it("shows the import's notes until the next import", async () => {
    const notes: ProfileWarning[] = [
      { field: "work[0].company", message: "read as work[0].name (the older JSON Resume key)" },
      { field: "meta.theme", message: "kept, not part of the JSON Resume schema" },
    ];
    let imports = 0;
    mock(null, (t) => profile(JSON.parse(t), ++imports === 1 ? notes : []));
    renderWithQueries(<Profile route={route} />);
    await screen.findByText(/No profile yet/);
    const text = JSON.stringify({ basics: { name: "Grace Hopper" }, work: [{ company: "Navy" }] });
    fireEvent.change(screen.getByLabelText("Paste the JSON"), { target: { value: text } });
    await userEvent.click(screen.getByRole("button", { name: "Import profile" }));

    expect(await screen.findByText("Imported, with notes")).toBeInTheDocument();
    const list = screen.getByRole("list", { name: "Import notes" });
    expect(within(list).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "work[0].company — read as work[0].name (the older JSON Resume key)",
      "meta.theme — kept, not part of the JSON Resume schema",
    ]);
    // Editing the text keeps the notes; the next import (without notes) clears them.
    fireEvent.change(screen.getByLabelText("Paste the JSON"), { target: { value: "{\"basics\":{}}" } });
    expect(screen.getByText("Imported, with notes")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Import profile" }));
    await screen.findByText(/Profile saved/);
    expect(screen.queryByText("Imported, with notes")).not.toBeInTheDocument();
  });

  it("shows no notes after an import without warnings", async () => {
    mock(null);
    renderWithQueries(<Profile route={route} />);
    await screen.findByText(/No profile yet/);
    fireEvent.change(screen.getByLabelText("Paste the JSON"), { target: { value: "{\"basics\":{}}" } });
    await userEvent.click(screen.getByRole("button", { name: "Import profile" }));
    await screen.findByText(/Profile saved/);
    expect(screen.queryByText("Imported, with notes")).not.toBeInTheDocument();
  });

  it("lists the resume's other sections, only those with entries", async () => {
    mock(
      profile({
        ...DOCUMENT,
        volunteer: [
          {
            organization: "Code Club",
            position: "Mentor",
            startDate: "2019-01",
            summary: "Taught <script>alert(1)</script> kids to program.",
          },
        ],
        interests: [{ name: "Chess", keywords: ["openings", "endgames"] }],
        awards: [],
        projects: [{ name: "Difference Engine", highlights: ["Built it", "Ran it"] }],
      }),
    );
    renderWithQueries(<Profile route={route} />);
    const summary = await screen.findByTestId("profile-summary");
    const volunteer = within(summary).getByRole("list", { name: "Volunteering" });
    expect(within(volunteer).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "Mentor · Code Club · 2019-01 – presentTaught <script>alert(1)</script> kids to program.",
    ]);
    expect(volunteer.querySelector("script")).toBeNull();
    expect(within(summary).getByRole("list", { name: "Interests" })).toHaveTextContent("Chessopenings, endgames");
    expect(within(summary).getByRole("list", { name: "Projects" })).toHaveTextContent("Difference EngineBuilt it; Ran it");
    expect(within(summary).queryByRole("list", { name: "Awards" })).not.toBeInTheDocument();
    expect(within(summary).queryByRole("list", { name: "References" })).not.toBeInTheDocument();
  });

  it("shows the server's error naming the field", async () => {
    mock(null, () => {
      throw fail("invalid_input", "work[1].startDate: not a date: \"last spring\"");
    });
    renderWithQueries(<Profile route={route} />);
    await screen.findByText(/No profile yet/);
    fireEvent.change(screen.getByLabelText("Paste the JSON"), { target: { value: "{\"basics\":{}}" } });
    await userEvent.click(screen.getByRole("button", { name: "Import profile" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("work[1].startDate: not a date");
    expect(screen.queryByText(/Profile saved/)).not.toBeInTheDocument();
  });

  it("asks for JSON before importing nothing", async () => {
    const calls = mock(null);
    renderWithQueries(<Profile route={route} />);
    await screen.findByText(/No profile yet/);
    await userEvent.click(screen.getByRole("button", { name: "Import profile" }));
    expect(screen.getByText("Résumé: paste the résumé's text first")).toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "import_profile")).toBe(false);
  });

  it("reads a CV file through the setup's review and keeps the stored preferences", async () => {
    const calls = mockCommands({
      get_profile: () => profile(),
      llm_configured: () => false,
      draft_cv: () => ({
        resume: { basics: { name: "Grace Hopper", email: "grace@example.org" } },
        warnings: [],
        text: "Grace Hopper",
        kind: "docx",
      }),
      import_profile: (a) => profile(JSON.parse(String(a.jsonText))),
    });
    const { container } = renderWithQueries(<Profile route={route} />);
    await screen.findByTestId("profile-summary");
    // One way in for CV files: no second file picker.
    expect(container.querySelectorAll('input[type="file"]')).toHaveLength(1);
    const file = new File(["PK"], "cv.docx");
    await userEvent.upload(screen.getByLabelText("Your CV file"), file);
    await screen.findByRole("heading", { name: "Check what we read from cv.docx" });
    await userEvent.click(screen.getByRole("button", { name: "Use this section: Basics" }));
    await userEvent.click(screen.getByRole("button", { name: "Save my profile" }));
    await waitFor(() => expect(screen.getByTestId("profile-summary")).toHaveTextContent("Grace Hopper"));
    const sent = JSON.parse(calls.find((c) => c.cmd === "import_profile")?.args.jsonText as string);
    expect(sent).toEqual({
      basics: { name: "Grace Hopper", email: "grace@example.org" },
      preferences: DOCUMENT.preferences,
    });
    expect(calls.find((c) => c.cmd === "draft_cv")?.args).toEqual({ fileName: "cv.docx", contentBase64: "UEs=", useLlm: false });
  });

  it("saves edited preferences into the document", async () => {
    const calls = mock(profile());
    renderWithQueries(<Profile route={route} />);
    const keywords = await screen.findByLabelText("Keywords");
    await userEvent.clear(keywords);
    await userEvent.type(keywords, "rust{enter}  tauri {enter}");
    await userEvent.click(screen.getByLabelText("Remote only"));
    await userEvent.type(screen.getByLabelText("Countries where you may work"), " DE, Austria ,, ");
    await userEvent.type(screen.getByLabelText("Languages you work in"), "English,German");
    await userEvent.type(screen.getByLabelText("Leave out seniority levels"), "intern, head of");
    await userEvent.clear(screen.getByLabelText("Minimum salary"));
    await userEvent.type(screen.getByLabelText("Minimum salary"), "6000");
    await userEvent.selectOptions(screen.getByLabelText("Salary period"), "Per month");
    await userEvent.click(screen.getByRole("button", { name: "Save preferences" }));

    expect(await screen.findByText("Preferences saved.")).toBeInTheDocument();
    const imports = calls.filter((c) => c.cmd === "import_profile");
    expect(imports).toHaveLength(1);
    const sent = JSON.parse(imports[0].args.jsonText as string);
    expect(sent.basics).toEqual(DOCUMENT.basics);
    expect(sent.skills).toEqual(DOCUMENT.skills);
    expect(sent.preferences).toEqual({
      ...DOCUMENT.preferences,
      keywords: ["rust", "tauri"],
      remote_ok: true,
      workplace: "remote_only",
      work_countries: ["DE", "Austria"],
      min_salary: 6000,
      salary_interval: "month",
      languages: ["English", "German"],
      excluded_seniority: ["intern", "head of"],
    });
  });

  it("saves an older document's preferences with the newer keys, meaning the same", async () => {
    const calls = mock(profile());
    renderWithQueries(<Profile route={route} />);
    await screen.findByLabelText("Keywords");
    await userEvent.click(screen.getByRole("button", { name: "Save preferences" }));
    await screen.findByText("Preferences saved.");
    const sent = JSON.parse(calls.find((c) => c.cmd === "import_profile")?.args.jsonText as string);
    expect(sent.preferences).toEqual({
      ...DOCUMENT.preferences,
      workplace: "onsite_ok",
      work_countries: [],
      salary_interval: "year",
      languages: [],
      excluded_seniority: [],
    });
  });

  it("validates the minimum salary inline", async () => {
    const calls = mock(profile());
    renderWithQueries(<Profile route={route} />);
    const salary = await screen.findByLabelText("Minimum salary");
    await userEvent.clear(salary);
    await userEvent.type(salary, "-5");
    await userEvent.click(screen.getByRole("button", { name: "Save preferences" }));
    expect(screen.getByText("min_salary: must be a positive number")).toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "import_profile")).toBe(false);
  });
});
