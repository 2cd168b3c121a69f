/** "Where each line comes from" beside a CV's preview: lines, facts in words, text only. */
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DocumentRecord } from "../../bindings";
import { cvSources } from "../../test/fixtures";
import { argsOf, fail, mockCommands } from "../../test/ipc";
import { renderWithQueries } from "../../test/queries";
import Documents from "./Documents";
import { GroundingList } from "./GroundingList";

afterEach(() => {
  vi.restoreAllMocks();
});

function cv(overrides: Partial<DocumentRecord> = {}): DocumentRecord {
  return {
    id: "cv-md",
    job_id: "job-1",
    kind: "cv",
    format: "md",
    path: "/docs/cv-acme.md",
    approved: false,
    approved_at: null,
    created_at: "2026-11-26T09:00:00Z",
    ...overrides,
  };
}

describe("GroundingList", () => {
  it("lists each line of the CV with the profile fields it comes from, in words", async () => {
    const calls = mockCommands({ document_sources: () => cvSources() });
    renderWithQueries(<GroundingList docId="cv-md" />);
    const region = await screen.findByRole("region", { name: "Where each line comes from" });
    expect(await within(region).findByText("Your job at Analytical Engines, highlight 3")).toBeInTheDocument();
    expect(within(region).getByText("Your skills: Rust")).toBeInTheDocument();
    expect(within(region).getByRole("heading", { name: "Experience" })).toBeInTheDocument();
    // A line joining two facts shows each fact's own text.
    expect(within(region).getByText(": Analytical Engines")).toBeInTheDocument();
    expect(argsOf(calls, "document_sources")).toEqual([{ id: "cv-md" }]);
  });

  it("shows profile text as text, never as HTML", async () => {
    mockCommands({ document_sources: () => cvSources() });
    const { container } = renderWithQueries(<GroundingList docId="cv-md" />);
    expect(await screen.findByText("Wrote the first program <b>ever</b>.")).toBeInTheDocument();
    expect(container.querySelector("b")).toBeNull();
  });

  it("says when a CV was written before its sources were kept", async () => {
    mockCommands({ document_sources: () => null });
    renderWithQueries(<GroundingList docId="old-cv" />);
    expect(await screen.findByText(/Generate the CV again to see where each line comes from/)).toBeInTheDocument();
  });

  it("flags a fact the profile does not have", async () => {
    const sources = cvSources({
      lines: [{ section: "Experience", text: "CEO — Umbrella", facts: [{ field: "work[9].name", text: null, label: "Your job 10, employer" }] }],
    });
    mockCommands({ document_sources: () => sources });
    renderWithQueries(<GroundingList docId="cv-md" />);
    expect(await screen.findByText("(not found in your profile)", { exact: false })).toBeInTheDocument();
  });

  it("names the error when the sources cannot be read", async () => {
    mockCommands({
      document_sources: () => {
        throw fail("io", "/docs/cv-acme.sources.json: permission denied");
      },
    });
    renderWithQueries(<GroundingList docId="cv-md" />);
    expect(await screen.findByText("Could not load where the lines come from.")).toBeInTheDocument();
  });

  it("sits beside a CV's preview on the job page, not beside a cover letter's", async () => {
    const letter = cv({ id: "letter-md", kind: "cover_letter", path: "/docs/letter.md" });
    const calls = mockCommands({
      list_documents: () => [cv(), letter],
      read_document: () => ({ format: "md", mime: "text/markdown", base64: null, text: "# Ada Lovelace" }),
      document_sources: () => cvSources(),
    });
    renderWithQueries(<Documents jobId="job-1" />);
    const [cvRow, letterRow] = await screen.findAllByTestId("document-md");
    await userEvent.click(within(cvRow).getByRole("button", { name: "Preview" }));
    expect(await screen.findByText("Your name")).toBeInTheDocument();
    expect(screen.getByRole("region", { name: "CV preview" })).toBeInTheDocument();

    await userEvent.click(within(letterRow).getByRole("button", { name: "Preview" }));
    expect(await screen.findByRole("region", { name: "Cover letter preview" })).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Where each line comes from" })).toBeNull();
    expect(argsOf(calls, "document_sources")).toEqual([{ id: "cv-md" }]);
  });
});
