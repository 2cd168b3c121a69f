import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DocumentContent, DocumentRecord, JobDto, JobPage, JobQuery, JobRow } from "../bindings";
import { useRoute } from "../lib/router";
import Jobs from "./Jobs";
import { JOBS_PAGE_SIZE, jobsCount } from "./jobs/JobList";
import type { MatchView } from "./jobs/matchTypes";
import { jobDto, jobRow } from "../test/fixtures";
import { fail, mockCommands, type Call, type Handlers } from "../test/ipc";
import { renderWithQueries } from "../test/queries";

function Harness() {
  const route = useRoute();
  return <Jobs route={route} />;
}

function jobPage(
  items: JobRow[],
  total = items.length,
  cursors: { nextCursor?: string | null; prevCursor?: string | null } = {},
): JobPage {
  const nextCursor = cursors.nextCursor ?? null;
  return {
    items,
    total,
    totalExact: total < 1000,
    limit: JOBS_PAGE_SIZE,
    hasMore: nextCursor !== null,
    nextCursor,
    prevCursor: cursors.prevCursor ?? null,
  };
}

/** The job page's match: its six parts, the gap and the deductions. */
const MATCH: MatchView = {
  score: 0.82,
  matched_skills: ["rust", "sql"],
  missing_skills: ["kubernetes"],
  unmet_must_haves: ["kafka"],
  components: {
    skills: { score: 0.67, reason: "2 of 3 required skills" },
    role: { score: 1, reason: "Backend engineering, like your target roles" },
    seniority: { score: 0.8, reason: "Asks for senior; you have 6 years" },
    place: { score: 1, reason: "Remote in the EU; you may work in Germany" },
    salary: { score: 0.9, reason: "Pays EUR 70,000–90,000 a year, above your minimum" },
    language: { score: 1, reason: "In English, which you speak" },
  },
  penalties: [{ reason: "missing must-have skill 'kubernetes'", amount: 0.1 }],
  llm: { model: "llama3", score: 0.9, reason: "strong systems fit", deterministic_score: 0.8, weight: 0.3 },
};

function job(overrides: Partial<JobDto> = {}): JobDto {
  return jobDto({
    location: "Berlin",
    locations: ["Berlin"],
    workplace: "remote",
    remote: true,
    employmentType: "full_time",
    salary: { min: 70000, max: 90000, currency: "EUR", interval: "year", source: "posting" },
    yearlySalaryMax: 90000,
    url: "https://boards.example.com/acme/1",
    postedAt: "2026-11-20T10:00:00Z",
    foundOn: [
      {
        source: "greenhouse:acme",
        source_job_id: "gh-1",
        url: "https://boards.example.com/acme/1",
        first_seen: "2026-11-21T10:00:00Z",
      },
      { source: "remoteok", source_job_id: "ro-9", url: null },
    ],
    description: "We build engines.\nIn Rust.\n\nYou will ship things.",
    tags: ["backend"],
    skills: ["rust", "sql"],
    language: "en",
    match: MATCH,
    openDays: 16,
    ...overrides,
  });
}

function doc(overrides: Partial<DocumentRecord> = {}): DocumentRecord {
  return {
    id: "doc-pdf",
    job_id: "job-1",
    kind: "cv",
    format: "pdf",
    path: "/data/docs/cv.pdf",
    approved: false,
    approved_at: null,
    created_at: "2026-11-26T09:00:00Z",
    ...overrides,
  };
}

/** The value (`dd`) of the job page's fact `label`. */
function fact(label: string): HTMLElement {
  const dt = screen.getByText(label, { selector: "dt" });
  return dt.nextElementSibling as HTMLElement;
}

function queries(calls: Call[]): JobQuery[] {
  return calls.filter((c) => c.cmd === "list_jobs").map((c) => c.args.query as JobQuery);
}

const DEFAULT_QUERY: JobQuery = {
  search: null,
  minScore: null,
  source: null,
  remoteOnly: null,
  unseenOnly: null,
  foundIn: null,
  openOnly: true,
  hideOld: true,
  sort: "score",
  limit: JOBS_PAGE_SIZE,
  after: null,
  before: null,
};

/** The job page's commands: `handlers`, with no application for the job unless they say. */
function mockDetail(handlers: Handlers): Call[] {
  return mockCommands({ get_job_application: () => null, ...handlers });
}

const PDF_BASE64 = btoa("%PDF-1.4 fake");

beforeEach(() => {
  window.location.hash = "#/jobs";
  let n = 0;
  URL.createObjectURL = vi.fn(() => `blob:mock-${++n}`);
  URL.revokeObjectURL = vi.fn();
});

describe("Jobs list", () => {
  it("lists a page of jobs as links with score, sources, salary, remote and date", async () => {
    const calls = mockCommands({
      list_sources: () => [
        { spec: "remoteok", name: "Remote OK", description: "", needs_company: false, countries: [] },
        { spec: "greenhouse", name: "Greenhouse company boards", description: "", needs_company: true, countries: [] },
      ],
      list_jobs: () =>
        jobPage(
          [
            jobRow(),
            jobRow({ id: "job-2", title: "Data Engineer", company: "Beta", score: null, workplace: null, remote: null, salary: null, posted_at: null }),
            jobRow({ id: "job-3", title: "Backend Engineer", workplace: "hybrid", remote: false }),
          ],
          3,
        ),
    });
    renderWithQueries(<Harness />);
    const rows = await screen.findAllByTestId("job-row");
    expect(queries(calls)).toEqual([DEFAULT_QUERY]);
    expect(rows).toHaveLength(3);
    expect(rows[2]).toHaveTextContent("Hybrid");
    expect(rows[0]).toHaveAttribute("href", "#/jobs/job-1");
    expect(rows[0]).toHaveTextContent("82 %");
    expect(rows[0]).toHaveTextContent("Rust Engineer");
    expect(rows[0]).toHaveTextContent("Acme");
    // the job sites by name, not by their codes
    expect(rows[0]).toHaveTextContent("acme (Greenhouse), Remote OK");
    expect(rows[0]).toHaveTextContent("EUR 70,000–90,000 / year");
    expect(rows[0]).toHaveTextContent("Remote");
    expect(rows[1]).toHaveAttribute("href", "#/jobs/job-2");
    expect(within(rows[1]).getAllByText("—").length).toBeGreaterThanOrEqual(3);
    expect(rows[1]).toHaveTextContent("seen");
    expect(screen.getByText("3 jobs")).toBeInTheDocument();
  });

  it("reads the filters from the route query", async () => {
    window.location.hash = "#/jobs?q=rust&minScore=60&source=remoteok&remote=1&sort=newest";
    const calls = mockCommands({ list_jobs: () => jobPage([jobRow()]) });
    renderWithQueries(<Harness />);
    await screen.findAllByTestId("job-row");
    expect(queries(calls)).toEqual([
      { ...DEFAULT_QUERY, search: "rust", minScore: 0.6, source: "remoteok", remoteOnly: true, sort: "newest" },
    ]);
    expect(screen.getByLabelText("Search")).toHaveValue("rust");
    expect(screen.getByLabelText("Min score (%)")).toHaveValue(60);
    expect(screen.getByLabelText("Remote only")).toBeChecked();
    expect(screen.getByLabelText("Sort")).toHaveValue("newest");
  });

  it("sends search (debounced), min score, remote only and sort to list_jobs and keeps them in the route", async () => {
    const calls = mockCommands({ list_jobs: () => jobPage([jobRow()]) });
    renderWithQueries(<Harness />);
    await screen.findAllByTestId("job-row");

    await userEvent.type(screen.getByLabelText("Search"), "rust dev");
    await waitFor(() => expect(queries(calls).at(-1)).toEqual({ ...DEFAULT_QUERY, search: "rust dev" }));
    expect(queries(calls).filter((q) => q.search !== null)).toHaveLength(1);

    await userEvent.click(screen.getByLabelText("Remote only"));
    await waitFor(() =>
      expect(queries(calls).at(-1)).toEqual({ ...DEFAULT_QUERY, search: "rust dev", remoteOnly: true }),
    );

    await userEvent.selectOptions(screen.getByLabelText("Sort"), "Newest");
    await waitFor(() =>
      expect(queries(calls).at(-1)).toEqual({ ...DEFAULT_QUERY, search: "rust dev", remoteOnly: true, sort: "newest" }),
    );

    await userEvent.type(screen.getByLabelText("Min score (%)"), "75");
    await waitFor(() =>
      expect(queries(calls).at(-1)).toEqual({
        ...DEFAULT_QUERY,
        search: "rust dev",
        remoteOnly: true,
        sort: "newest",
        minScore: 0.75,
      }),
    );
    expect(window.location.hash).toBe("#/jobs?q=rust+dev&remote=1&sort=newest&minScore=75");
  });

  it("flags an out-of-range min score inline and does not query with it", async () => {
    const calls = mockCommands({ list_jobs: () => jobPage([jobRow()]) });
    renderWithQueries(<Harness />);
    await screen.findAllByTestId("job-row");
    fireEvent.change(screen.getByLabelText("Min score (%)"), { target: { value: "150" } });
    expect(await screen.findByText("min score: must be a number from 0 to 100 (%)")).toBeInTheDocument();
    expect(screen.getByLabelText("Min score (%)")).toHaveAttribute("aria-invalid", "true");
    await new Promise((r) => setTimeout(r, 400));
    expect(queries(calls)).toEqual([DEFAULT_QUERY]);
  });

  it("pages on the server by markers: Next and Previous ask for the page beside this one", async () => {
    const calls = mockCommands({
      list_jobs: (args) => {
        const q = args.query as JobQuery;
        const second = q.after === "n:50:2026";
        const start = second ? 50 : 0;
        const rows = Array.from({ length: second ? 20 : JOBS_PAGE_SIZE }, (_, i) =>
          jobRow({ id: `job-${start + i}`, title: `Job ${start + i}` }),
        );
        return second
          ? jobPage(rows, 70, { prevCursor: "n:49:2026" })
          : jobPage(rows, 70, { nextCursor: "n:50:2026" });
      },
    });
    renderWithQueries(<Harness />);
    expect(await screen.findAllByTestId("job-row")).toHaveLength(JOBS_PAGE_SIZE);
    expect(screen.getByText("70 jobs")).toBeInTheDocument();
    expect(jobsCount({ total: 1000, totalExact: false })).toBe("1,000+ jobs");
    expect(jobsCount({ total: 1, totalExact: true })).toBe("1 job");
    expect(screen.getByRole("button", { name: "← Previous" })).toBeDisabled();
    await userEvent.click(screen.getByRole("button", { name: "Next →" }));
    await waitFor(() => expect(screen.getAllByTestId("job-row")).toHaveLength(20));
    expect(queries(calls).at(-1)).toEqual({ ...DEFAULT_QUERY, after: "n:50:2026" });
    expect(window.location.hash).toBe("#/jobs?after=n%3A50%3A2026");
    expect(screen.getByText("Job 50")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Next →" })).toBeDisabled();

    await userEvent.click(screen.getByRole("button", { name: "← Previous" }));
    await waitFor(() => expect(queries(calls).at(-1)).toEqual({ ...DEFAULT_QUERY, before: "n:49:2026" }));
    expect(window.location.hash).toBe("#/jobs?before=n%3A49%3A2026");

    // A filter change starts again at the first page.
    await userEvent.click(screen.getByLabelText("Remote only"));
    await waitFor(() => expect(queries(calls).at(-1)).toEqual({ ...DEFAULT_QUERY, remoteOnly: true }));
    expect(window.location.hash).toBe("#/jobs?remote=1");
  });

  it("tells a search it cannot take at the search box", async () => {
    mockCommands({
      list_jobs: (args) => {
        if ((args.query as JobQuery).search) throw fail("invalid_input", "search: type a word to search for (letters or digits)");
        return jobPage([jobRow()]);
      },
    });
    renderWithQueries(<Harness />);
    await screen.findAllByTestId("job-row");
    await userEvent.type(screen.getByLabelText("Search"), "***");
    expect(await screen.findByText("search: type a word to search for (letters or digits)")).toBeInTheDocument();
    expect(screen.getByLabelText("Search")).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("shows the command error's message", async () => {
    mockCommands({
      list_jobs: () => {
        throw fail("invalid_input", "min_score: 7 is not between 0 and 1");
      },
    });
    renderWithQueries(<Harness />);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not load jobs. min_score: 7 is not between 0 and 1");
  });
});

describe("Job detail", () => {
  it("shows the job, its match explanation, provenance and description", async () => {
    window.location.hash = "#/jobs/job-1";
    const calls = mockDetail({ get_job: () => job(), list_documents: () => [] });
    renderWithQueries(<Harness />);
    expect(await screen.findByTestId("job-title")).toHaveTextContent("Rust Engineer");
    expect(calls).toEqual(
      expect.arrayContaining([
        { cmd: "get_job", args: { id: "job-1" } },
        { cmd: "list_documents", args: { jobId: "job-1" } },
      ]),
    );
    expect(screen.getByText("EUR 70,000–90,000 per year")).toBeInTheDocument();
    expect(screen.getByTestId("match-score")).toHaveTextContent("82 %");

    // The parts as labelled bars with their percentage and reason, the gap as chips.
    const parts = screen.getByRole("list", { name: "What the score is made of" });
    expect(within(parts).getAllByRole("meter").map((m) => m.getAttribute("aria-label"))).toEqual([
      "Skills",
      "Role",
      "Seniority",
      "Place",
      "Salary",
      "Language",
    ]);
    expect(screen.getByRole("meter", { name: "Skills" })).toHaveAttribute("aria-valuenow", "67");
    expect(screen.getByTestId("match-part-seniority")).toHaveTextContent("Seniority80 %Asks for senior; you have 6 years");
    const chips = (name: string) =>
      within(screen.getByRole("list", { name })).getAllByRole("listitem").map((li) => li.textContent);
    expect(chips("You have")).toEqual(["rust", "sql"]);
    expect(chips("The job asks for, you don't list")).toEqual(["kubernetes"]);
    expect(chips("Your must-haves it doesn't mention")).toEqual(["kafka"]);
    const penalties = screen.getByRole("list", { name: "What lowered the score" });
    expect(penalties).toHaveTextContent("missing must-have skill 'kubernetes'");
    expect(penalties).toHaveTextContent("−10 %");
    const llm = screen.getByTestId("llm-note");
    expect(llm).toHaveTextContent("llama3 scored 90 %: strong systems fit");
    expect(llm).toHaveTextContent("weight: 0.3");

    // Found on: each site in words, none of the stored keys
    const foundOn = screen.getByRole("list", { name: "Found on" });
    const sites = within(foundOn).getAllByRole("listitem").map((li) => li.textContent);
    expect(sites[0]).toMatch(/^acme \(Greenhouse\) · seen Nov 21, 2026 · number gh-1 there Open it there ↗$/);
    expect(sites[1]).toBe("remoteok · number ro-9 there");
    expect(foundOn).not.toHaveTextContent("source_job_id");

    const paragraphs = screen.getByTestId("job-description").querySelectorAll("p");
    expect([...paragraphs].map((p) => p.textContent)).toEqual(["We build engines.\nIn Rust.", "You will ship things."]);
    expect(await screen.findByText("No documents for this job yet.")).toBeInTheDocument();
  });

  it("shows an older match without its parts and says how to get them", async () => {
    window.location.hash = "#/jobs/job-1";
    // A match stored before the breakdown existed: no parts, no must-haves.
    const older = { score: 0.4, matched_skills: ["rust"], missing_skills: [], penalties: [] };
    mockDetail({ get_job: () => job({ match: older as unknown as MatchView }), list_documents: () => [] });
    renderWithQueries(<Harness />);
    expect(await screen.findByTestId("match-score")).toHaveTextContent("40 %");
    expect(screen.queryAllByRole("meter")).toHaveLength(0);
    expect(screen.getByTestId("match-no-parts")).toHaveTextContent("Open a new hunt to see the full breakdown.");
    expect(screen.getByRole("list", { name: "You have" })).toHaveTextContent("rust");
    expect(screen.queryByText("Your must-haves it doesn't mention")).not.toBeInTheDocument();
  });

  it("shows the workplace, every location and the salary's words as the posting wrote them", async () => {
    window.location.hash = "#/jobs/job-1";
    mockDetail({
      get_job: () =>
        job({
          workplace: "hybrid",
          remote: false,
          location: "New York, NY",
          locations: ["New York, NY", "San Francisco, CA", "Remote - US"],
          salary: { min: 139200, max: 235200, currency: "USD", interval: "year" },
          salaryText: "United States Salary Range $139,200—$235,200 USD",
        }),
      list_documents: () => [],
    });
    renderWithQueries(<Harness />);
    await screen.findByTestId("job-title");
    expect(fact("Workplace")).toHaveTextContent(/^Hybrid$/);
    expect(screen.queryByText("Remote", { selector: "dt" })).not.toBeInTheDocument();
    expect(fact("Location")).toHaveTextContent(/^New York, NY · San Francisco, CA · Remote - US$/);
    expect(fact("Salary")).toHaveTextContent("USD 139,200–235,200 per year");
    expect(screen.getByTestId("salary-source")).toHaveTextContent(
      "From the posting: “United States Salary Range $139,200—$235,200 USD”",
    );
    expect(screen.queryByTestId("posting-warnings")).not.toBeInTheDocument();
  });

  it("reads the workplace from remote only when the posting does not say, and falls back to the location", async () => {
    window.location.hash = "#/jobs/job-1";
    mockDetail({
      get_job: () => job({ workplace: null, remote: true, locations: [], location: "Lisbon" }),
      list_documents: () => [],
    });
    renderWithQueries(<Harness />);
    await screen.findByTestId("job-title");
    expect(fact("Workplace")).toHaveTextContent(/^Remote$/);
    expect(fact("Location")).toHaveTextContent(/^Lisbon$/);
    expect(screen.queryByTestId("salary-source")).not.toBeInTheDocument();
  });

  it("shows what the board's adapter did not understand, as plain text", async () => {
    window.location.hash = "#/jobs/job-1";
    mockDetail({
      get_job: () =>
        job({
          workplace: "onsite",
          remote: false,
          salary: null,
          salaryText: "Pay per task <b>bold</b>",
          warnings: [
            { field: "salary", message: "no figure in 'Pay per task'" },
            { field: "company", message: "the board gives no company name; the board's name 'spotify' is shown instead" },
          ],
        }),
      list_documents: () => [],
    });
    renderWithQueries(<Harness />);
    await screen.findByTestId("job-title");
    expect(fact("Workplace")).toHaveTextContent(/^On site$/);
    expect(screen.getByTestId("salary-source")).toHaveTextContent("From the posting: “Pay per task <b>bold</b>”");
    expect(screen.getByTestId("salary-source").querySelector("b")).toBeNull();
    const panel = screen.getByRole("region", { name: "Not understood in this posting" });
    expect(within(panel).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "salary: no figure in 'Pay per task'",
      "company: the board gives no company name; the board's name 'spotify' is shown instead",
    ]);
  });

  it("opens the posting through open_external, never window.open", async () => {
    window.location.hash = "#/jobs/job-1";
    const open = vi.spyOn(window, "open").mockImplementation(() => null);
    const calls = mockDetail({ get_job: () => job(), list_documents: () => [], open_external: () => null });
    renderWithQueries(<Harness />);
    await userEvent.click(await screen.findByRole("button", { name: "Open posting ↗" }));
    await waitFor(() =>
      expect(calls.filter((c) => c.cmd === "open_external")).toEqual([
        { cmd: "open_external", args: { url: "https://boards.example.com/acme/1" } },
      ]),
    );
    expect(open).not.toHaveBeenCalled();
  });

  it("offers no posting link for a URL that is not http(s)", async () => {
    window.location.hash = "#/jobs/job-1";
    mockDetail({
      get_job: () => job({ url: "javascript:alert(1)", applyUrl: "file:///etc/passwd" }),
      list_documents: () => [],
    });
    renderWithQueries(<Harness />);
    await screen.findByTestId("job-title");
    expect(screen.queryByRole("button", { name: /Open posting/ })).not.toBeInTheDocument();
  });

  it("shows a failed open_external's message", async () => {
    window.location.hash = "#/jobs/job-1";
    mockDetail({
      get_job: () => job(),
      list_documents: () => [],
      open_external: () => {
        throw fail("invalid_input", "url: only http and https can be opened");
      },
    });
    renderWithQueries(<Harness />);
    await userEvent.click(await screen.findByRole("button", { name: "Open posting ↗" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("url: only http and https can be opened");
  });

  it("generates a CV, reloads the documents and previews the PDF", async () => {
    window.location.hash = "#/jobs/job-1";
    const written = [doc(), doc({ id: "doc-md", format: "md", path: "/data/docs/cv.md" })];
    let generated = false;
    const calls = mockDetail({
      get_job: () => job(),
      list_documents: () => (generated ? written : []),
      generate_document: () => {
        generated = true;
        return written;
      },
      read_document: (args): DocumentContent =>
        args.id === "doc-pdf"
          ? { format: "pdf", mime: "application/pdf", base64: PDF_BASE64, text: null }
          : { format: "md", mime: "text/markdown", base64: null, text: "# Jane Doe\n\nRust engineer" },
    });
    renderWithQueries(<Harness />);
    await screen.findByText("No documents for this job yet.");

    await userEvent.click(screen.getByRole("button", { name: "Generate CV" }));
    const iframe = await screen.findByTestId("pdf-preview");
    expect(calls.filter((c) => c.cmd === "generate_document")).toEqual([
      { cmd: "generate_document", args: { jobId: "job-1", kind: "cv" } },
    ]);
    expect(calls.filter((c) => c.cmd === "list_documents")).toHaveLength(2);
    expect(calls.filter((c) => c.cmd === "read_document")).toEqual([{ cmd: "read_document", args: { id: "doc-pdf" } }]);
    expect(iframe).toHaveAttribute("src", "blob:mock-1");
    expect(iframe).toHaveAttribute("title", "CV preview");
    const blob = vi.mocked(URL.createObjectURL).mock.calls[0][0] as Blob;
    expect(blob.type).toBe("application/pdf");
    expect(blob.size).toBe("%PDF-1.4 fake".length);

    const pdf = screen.getByTestId("document-pdf");
    expect(pdf).toHaveTextContent("CV");
    expect(pdf).toHaveTextContent("Not approved");
    const md = screen.getByTestId("document-md");

    // Previewing the Markdown frees the PDF's blob URL and shows the text.
    await userEvent.click(within(md).getByRole("button", { name: "Preview" }));
    expect(await screen.findByTestId("markdown-preview")).toHaveTextContent("# Jane Doe Rust engineer");
    expect(URL.revokeObjectURL).toHaveBeenCalledWith("blob:mock-1");
    expect(screen.queryByTestId("pdf-preview")).not.toBeInTheDocument();
  });

  it("revokes the preview's blob URL when the screen goes away", async () => {
    window.location.hash = "#/jobs/job-1";
    mockDetail({
      get_job: () => job(),
      list_documents: () => [doc()],
      read_document: () => ({ format: "pdf", mime: "application/pdf", base64: PDF_BASE64, text: null }),
    });
    const { unmount } = renderWithQueries(<Harness />);
    const item = await screen.findByTestId("document-pdf");
    await userEvent.click(within(item).getByRole("button", { name: "Preview" }));
    await screen.findByTestId("pdf-preview");
    unmount();
    expect(URL.revokeObjectURL).toHaveBeenCalledWith("blob:mock-1");
  });

  it("approves a document", async () => {
    window.location.hash = "#/jobs/job-1";
    let approved = false;
    const calls = mockDetail({
      get_job: () => job(),
      list_documents: () => [doc({ approved, approved_at: approved ? "2026-11-26T10:00:00Z" : null })],
      approve_document: () => {
        approved = true;
        return doc({ approved: true });
      },
    });
    renderWithQueries(<Harness />);
    const item = await screen.findByTestId("document-pdf");
    await userEvent.click(within(item).getByRole("button", { name: "Approve" }));
    await waitFor(() => expect(screen.getByTestId("document-pdf")).toHaveTextContent("Approved"));
    expect(calls.filter((c) => c.cmd === "approve_document")).toEqual([
      { cmd: "approve_document", args: { id: "doc-pdf" } },
    ]);
    expect(within(screen.getByTestId("document-pdf")).queryByRole("button", { name: "Approve" })).toBeNull();
  });

  it("shows a failed generation's message", async () => {
    window.location.hash = "#/jobs/job-1";
    mockDetail({
      get_job: () => job(),
      list_documents: () => [],
      generate_document: () => {
        throw fail("invalid_input", "profile: import a profile first");
      },
    });
    renderWithQueries(<Harness />);
    await screen.findByText("No documents for this job yet.");
    await userEvent.click(screen.getByRole("button", { name: "Generate cover letter" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not generate the document. profile: import a profile first");
    expect(screen.getByRole("button", { name: "Generate cover letter" })).toBeEnabled();
  });

  it("shows a missing job's error", async () => {
    window.location.hash = "#/jobs/nope";
    mockDetail({
      get_job: () => {
        throw fail("not_found", "job nope not found");
      },
      list_documents: () => [],
    });
    renderWithQueries(<Harness />);
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not load the job. job nope not found");
    await act(async () => {});
  });
});
