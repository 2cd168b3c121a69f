import { screen, waitFor, within } from "@testing-library/react";
import { renderWithQueries } from "../../test/queries";
import userEvent from "@testing-library/user-event";
import { Buffer } from "node:buffer";
import { describe, expect, it, vi } from "vitest";
import type { CvDraftDto } from "../../bindings";
import { profileDto } from "../../test/fixtures";
import { argsOf, fail, mockCommands, type Handlers } from "../../test/ipc";
import { CvFileImport, MAX_CV_BYTES } from "./CvFileImport";

const TEXT = "Ada Lovelace\n<b>Programmer</b> <script>alert(1)</script>\nada@example.org";

const DRAFT: CvDraftDto = {
  resume: {
    basics: {
      name: "Ada Lovelace",
      label: "Programmer",
      email: "ada@example.org",
      url: "https://ada.example.org",
      location: { city: "London", countryCode: "GB" },
      profiles: [{ network: "GitHub", username: "ada" }],
    },
    work: [
      {
        name: "Analytical Engines",
        position: "Programmer",
        startDate: "1842-01",
        endDate: "1843-09",
        highlights: ["Wrote the first program", "Notes on the engine"],
      },
      { name: "Babbage & Co", position: "Assistant" },
    ],
    education: [{ institution: "Home", studyType: "Tuition", area: "Mathematics" }],
    skills: [{ name: "Mathematics", keywords: ["analysis"] }, { name: "Poetry" }],
    languages: [{ language: "English", fluency: "Native" }],
  },
  warnings: [
    { field: "basics.phone", message: "not found" },
    { field: "work[1].startDate", message: "not found" },
    { field: "meta.pages", message: "only the first 40 pages were read" },
  ],
  text: TEXT,
  kind: "text",
};

function mock(overrides: Handlers = {}) {
  return mockCommands({
    draft_cv: () => DRAFT,
    llm_configured: () => false,
    get_profile: () => profileDto(),
    import_profile: (a) => profileDto({ document: JSON.parse(String(a.jsonText)) }),
    ...overrides,
  });
}

async function pick(file: File) {
  await userEvent.upload(screen.getByLabelText("Your CV file"), file);
}

const section = (name: string) => screen.getByRole("region", { name });

describe("CvFileImport", () => {
  it("offers PDF, Word, text and JSON files", () => {
    mock();
    renderWithQueries(<CvFileImport onImported={() => {}} />);
    const accept = screen.getByLabelText("Your CV file").getAttribute("accept") ?? "";
    for (const ext of [".pdf", ".docx", ".txt", ".md", ".json"]) expect(accept).toContain(ext);
  });

  it("sends the file's name and base64 content, then shows the review beside the text read", async () => {
    let answer: (d: CvDraftDto) => void = () => {};
    const calls = mock({ draft_cv: () => new Promise<CvDraftDto>((resolve) => (answer = resolve)) });
    renderWithQueries(<CvFileImport onImported={() => {}} />);
    await pick(new File(["Ada Lovelace\nProgrammer"], "cv.txt", { type: "text/plain" }));
    expect(await screen.findByText("Reading your CV…")).toBeInTheDocument();
    answer(DRAFT);
    expect(await screen.findByRole("heading", { name: "Check what we read from cv.txt" })).toBeInTheDocument();
    expect(argsOf(calls, "draft_cv")).toEqual([
      {
        fileName: "cv.txt",
        contentBase64: Buffer.from("Ada Lovelace\nProgrammer").toString("base64"),
        useLlm: false,
      },
    ]);
    expect(screen.queryByText("Reading your CV…")).not.toBeInTheDocument();
    const warnings = screen.getByRole("list", { name: "What we could not find" });
    expect(within(warnings).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "We could not find your phone number.",
      "We could not find when your second position started.",
      "meta.pages: only the first 40 pages were read",
    ]);
    const basics = section("Basics");
    expect(basics).toHaveTextContent("Ada Lovelace");
    expect(basics).toHaveTextContent("https://ada.example.org");
    const work = section("Experience");
    expect(within(work).getByRole("group", { name: "Position 1" })).toHaveTextContent(
      "Programmer at Analytical Engines · 1842-01 – 1843-09",
    );
    expect(within(work).getByRole("list", { name: "Highlights of position 1" })).toHaveTextContent(
      "Wrote the first program",
    );
  });

  it("offers no language model when none is configured", async () => {
    const calls = mock();
    renderWithQueries(<CvFileImport onImported={() => {}} />);
    await waitFor(() => expect(argsOf(calls, "llm_configured")).toHaveLength(1));
    expect(screen.queryByRole("checkbox", { name: /language model/ })).not.toBeInTheDocument();
  });

  it("offers the configured language model, off by default, and sends the choice", async () => {
    const calls = mock({ llm_configured: () => true });
    renderWithQueries(<CvFileImport onImported={() => {}} />);
    const box = await screen.findByRole("checkbox", {
      name: "Also read it with your language model (the text of your CV is sent to it)",
    });
    expect(box).not.toBeChecked();
    await pick(new File(["Ada"], "cv.txt", { type: "text/plain" }));
    await screen.findByRole("heading", { name: "Check what we read from cv.txt" });
    expect(argsOf(calls, "draft_cv")).toEqual([{ fileName: "cv.txt", contentBase64: "QWRh", useLlm: false }]);
  });

  it("reads with the language model when asked, and shows what it says", async () => {
    const calls = mock({
      llm_configured: () => true,
      draft_cv: () => ({
        ...DRAFT,
        warnings: [{ field: "llm", message: "read with the language model m1; check every section" }],
      }),
    });
    renderWithQueries(<CvFileImport onImported={() => {}} />);
    await userEvent.click(await screen.findByRole("checkbox", { name: /Also read it with your language model/ }));
    await pick(new File(["Ada"], "cv.txt", { type: "text/plain" }));
    await screen.findByRole("heading", { name: "Check what we read from cv.txt" });
    expect(argsOf(calls, "draft_cv")).toEqual([{ fileName: "cv.txt", contentBase64: "QWRh", useLlm: true }]);
    expect(screen.getByText(/read with the language model m1; check every section/)).toBeInTheDocument();
  });

  it("shows the original text as plain text, never as markup", async () => {
    mock();
    renderWithQueries(<CvFileImport onImported={() => {}} />);
    await pick(new File(["x"], "cv.md"));
    const original = await screen.findByTestId("cv-original-text");
    expect(original.textContent).toBe(TEXT);
    expect(original.querySelector("b")).toBeNull();
    expect(original.querySelector("script")).toBeNull();
    expect(original).toHaveAttribute("tabindex", "0");
  });

  it("refuses a file over 20 MB without sending it", async () => {
    const calls = mock();
    renderWithQueries(<CvFileImport onImported={() => {}} />);
    const big = new File(["%PDF"], "big.pdf", { type: "application/pdf" });
    Object.defineProperty(big, "size", { value: MAX_CV_BYTES + 1 });
    await pick(big);
    expect(await screen.findByText(/big\.pdf is too big \(20\.0 MB\): the largest CV file the app reads is 20 MB/)).toBeInTheDocument();
    expect(screen.getByLabelText("Your CV file")).toHaveAttribute("aria-invalid", "true");
    expect(argsOf(calls, "draft_cv")).toEqual([]);
  });

  it("refuses a file it can't read without sending it", async () => {
    const calls = mock();
    renderWithQueries(<CvFileImport onImported={() => {}} />);
    await userEvent.upload(screen.getByLabelText("Your CV file"), new File(["x"], "cv.odt"), { applyAccept: false });
    expect(await screen.findByText(/cv\.odt can't be read: pick a PDF/)).toBeInTheDocument();
    expect(argsOf(calls, "draft_cv")).toEqual([]);
  });

  it("shows the command's error plainly", async () => {
    mock({
      draft_cv: () => {
        throw fail("invalid_input", "file: cv.pdf has no text to read (a scanned image?)");
      },
    });
    renderWithQueries(<CvFileImport onImported={() => {}} />);
    await pick(new File(["%PDF"], "cv.pdf", { type: "application/pdf" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Your CV was not read: file: cv.pdf has no text to read (a scanned image?)");
    expect(screen.queryByRole("heading", { name: /Check what we read/ })).not.toBeInTheDocument();
  });

  it("saves only the accepted sections, with their edits, keeping the stored preferences", async () => {
    const onImported = vi.fn();
    const calls = mock({
      import_profile: (a) =>
        profileDto({
          document: JSON.parse(String(a.jsonText)),
          warnings: [{ field: "basics.url", message: "kept as written" }],
        }),
    });
    renderWithQueries(<CvFileImport onImported={onImported} />);
    await pick(new File(["x"], "cv.pdf", { type: "application/pdf" }));
    await screen.findByRole("heading", { name: /Check what we read/ });

    // Basics: edit the headline, then use it.
    await userEvent.click(screen.getByRole("button", { name: "Edit: Basics" }));
    const headline = within(section("Basics")).getByLabelText("Headline");
    await userEvent.clear(headline);
    await userEvent.type(headline, "Analyst");
    await userEvent.click(screen.getByRole("button", { name: "Use this section: Basics" }));
    expect(within(section("Basics")).getByText("Will be saved")).toBeInTheDocument();

    // Experience: leave the second position out.
    await userEvent.click(within(screen.getByRole("group", { name: "Position 2" })).getByLabelText("Include"));
    await userEvent.click(screen.getByRole("button", { name: "Use this section: Experience" }));

    // Education: skipped.
    await userEvent.click(screen.getByRole("button", { name: "Skip: Education" }));
    expect(within(section("Education")).getByText("This section will not be saved.")).toBeInTheDocument();

    // Skills: edited.
    await userEvent.click(screen.getByRole("button", { name: "Edit: Skills" }));
    const skills = screen.getByLabelText("Your skills");
    expect(skills).toHaveValue("Mathematics, Poetry");
    await userEvent.clear(skills);
    await userEvent.type(skills, "Mathematics, Rust");
    await userEvent.click(screen.getByRole("button", { name: "Use this section: Skills" }));

    // Languages: not checked, so left out.
    expect(screen.getByTestId("cv-review-unchecked")).toHaveTextContent("Not checked yet, so left out: Languages.");

    await userEvent.click(screen.getByRole("button", { name: "Save my profile" }));
    await waitFor(() => expect(onImported).toHaveBeenCalledTimes(1));
    const saved = JSON.parse(String(argsOf(calls, "import_profile")[0].jsonText));
    expect(saved).toEqual({
      basics: {
        name: "Ada Lovelace",
        label: "Analyst",
        email: "ada@example.org",
        url: "https://ada.example.org",
        location: { city: "London", countryCode: "GB" },
        profiles: [{ network: "GitHub", username: "ada" }],
      },
      work: [
        {
          name: "Analytical Engines",
          position: "Programmer",
          startDate: "1842-01",
          endDate: "1843-09",
          highlights: ["Wrote the first program", "Notes on the engine"],
        },
      ],
      skills: [{ name: "Mathematics", keywords: ["analysis"] }, { name: "Rust" }],
      preferences: { keywords: ["Backend developer"] },
    });
    // Back to the picker, with the import's notes.
    expect(screen.getByLabelText("Your CV file")).toBeInTheDocument();
    expect(screen.getByRole("list", { name: "Import notes" })).toHaveTextContent("kept as written");
  });

  it("saves without preferences when there is no stored profile", async () => {
    const calls = mock({ get_profile: () => null });
    renderWithQueries(<CvFileImport onImported={() => {}} />);
    await pick(new File(["x"], "cv.json", { type: "application/json" }));
    await userEvent.click(await screen.findByRole("button", { name: "Save my profile" }));
    await waitFor(() => expect(argsOf(calls, "import_profile")).toHaveLength(1));
    const saved = JSON.parse(String(argsOf(calls, "import_profile")[0].jsonText));
    expect(saved).toEqual({ basics: { name: "Ada Lovelace" } });
  });

  it("disables Save, saying why, until the name is filled in", async () => {
    const calls = mock({ draft_cv: () => ({ ...DRAFT, resume: { basics: { email: "ada@example.org" } } }) });
    renderWithQueries(<CvFileImport onImported={() => {}} />);
    await pick(new File(["x"], "cv.docx"));
    const save = await screen.findByRole("button", { name: "Save my profile" });
    expect(save).toBeDisabled();
    expect(save).toHaveAccessibleDescription("Fill in your name (in Basics) to save.");
    // Without a name, Basics opens for editing.
    await userEvent.type(within(section("Basics")).getByLabelText("Your name"), "Ada");
    expect(save).toBeEnabled();
    await userEvent.click(screen.getByRole("button", { name: "Skip: Basics" }));
    expect(save).toBeDisabled();
    expect(save).toHaveAccessibleDescription("Your name is needed: use the Basics section to save.");
    expect(argsOf(calls, "import_profile")).toEqual([]);
  });

  it("offers the same form, empty, to write the CV by hand", async () => {
    const onImported = vi.fn();
    const calls = mock({ get_profile: () => null });
    renderWithQueries(<CvFileImport onImported={onImported} />);
    await userEvent.click(screen.getByRole("button", { name: "No CV file? Write it yourself instead" }));
    expect(screen.getByRole("heading", { name: "Write your CV" })).toBeInTheDocument();
    expect(screen.queryByTestId("cv-original-text")).not.toBeInTheDocument();
    const save = screen.getByRole("button", { name: "Save my profile" });
    expect(save).toBeDisabled();
    await userEvent.type(screen.getByLabelText("Your name"), "Grace Hopper");
    await userEvent.click(screen.getByRole("button", { name: "Add a position" }));
    const position = screen.getByRole("group", { name: "Position 1" });
    await userEvent.type(within(position).getByLabelText("Employer"), "US Navy");
    await userEvent.type(within(position).getByLabelText("Start"), "1943");
    await userEvent.type(screen.getByLabelText("Languages you speak"), "English (native)");
    await userEvent.click(save);
    await waitFor(() => expect(onImported).toHaveBeenCalledTimes(1));
    expect(JSON.parse(String(argsOf(calls, "import_profile")[0].jsonText))).toEqual({
      basics: { name: "Grace Hopper" },
      work: [{ name: "US Navy", startDate: "1943" }],
      education: [],
      skills: [],
      languages: [{ language: "English", fluency: "native" }],
    });
  });

  it("can be left with Cancel, back to the file picker", async () => {
    mock();
    renderWithQueries(<CvFileImport onImported={() => {}} />);
    await pick(new File(["x"], "cv.txt"));
    await userEvent.click(await screen.findByRole("button", { name: "Cancel" }));
    expect(screen.getByLabelText("Your CV file")).toBeInTheDocument();
  });
});
