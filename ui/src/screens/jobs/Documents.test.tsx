/** A job's documents outside the app: the file's place, Save PDF as…, Show in folder, Copy. */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DocumentRecord } from "../../bindings";
import { argsOf, fail, mockCommands } from "../../test/ipc";
import { renderWithQueries } from "../../test/queries";
import Documents from "./Documents";

const dialog = vi.hoisted(() => ({ save: vi.fn() }));
vi.mock("@tauri-apps/plugin-dialog", () => dialog);

function doc(overrides: Partial<DocumentRecord> = {}): DocumentRecord {
  return {
    id: "cv-pdf",
    job_id: "job-1",
    kind: "cv",
    format: "pdf",
    path: "/home/me/.local/share/jobhunter/documents/cv-acme.pdf",
    approved: true,
    approved_at: "2026-11-26T10:00:00Z",
    created_at: "2026-11-26T09:00:00Z",
    ...overrides,
  };
}

const LETTER = doc({ id: "letter-md", kind: "cover_letter", format: "md", path: "/docs/letter.md", approved: false });

beforeEach(() => {
  dialog.save.mockReset();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("Documents", () => {
  it("shows where the PDF is and saves a copy where the user chooses", async () => {
    dialog.save.mockResolvedValue("/home/me/Desktop/My CV.pdf");
    const calls = mockCommands({ list_documents: () => [doc()], save_document_as: (a) => String(a.path) });
    renderWithQueries(<Documents jobId="job-1" />);
    const row = await screen.findByTestId("document-pdf");
    expect(within(row).getByTestId("document-path")).toHaveTextContent(
      "/home/me/.local/share/jobhunter/documents/cv-acme.pdf",
    );
    await userEvent.click(within(row).getByRole("button", { name: "Save PDF as…" }));
    expect(await within(row).findByRole("status")).toHaveTextContent("Saved to /home/me/Desktop/My CV.pdf");
    expect(dialog.save).toHaveBeenCalledWith({
      defaultPath: "cv-acme.pdf",
      filters: [{ name: "PDF", extensions: ["pdf"] }],
    });
    expect(argsOf(calls, "save_document_as")).toEqual([{ id: "cv-pdf", path: "/home/me/Desktop/My CV.pdf" }]);
  });

  it("does nothing when the save dialog is cancelled", async () => {
    dialog.save.mockResolvedValue(null);
    const calls = mockCommands({ list_documents: () => [doc()] });
    renderWithQueries(<Documents jobId="job-1" />);
    await userEvent.click(await screen.findByRole("button", { name: "Save PDF as…" }));
    await waitFor(() => expect(dialog.save).toHaveBeenCalled());
    expect(argsOf(calls, "save_document_as")).toEqual([]);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("shows the file in its folder, and says why it could not", async () => {
    let gone = false;
    const calls = mockCommands({
      list_documents: () => [doc()],
      show_document_in_folder: () => {
        if (gone) throw fail("not_found", "/docs/cv.pdf: the file is gone");
        return null;
      },
    });
    renderWithQueries(<Documents jobId="job-1" />);
    const button = await screen.findByRole("button", { name: "Show in folder" });
    await userEvent.click(button);
    await waitFor(() => expect(argsOf(calls, "show_document_in_folder")).toEqual([{ id: "cv-pdf" }]));
    gone = true;
    await userEvent.click(button);
    expect(await screen.findByRole("alert")).toHaveTextContent("the file is gone");
  });

  it("copies the cover letter's text to the clipboard", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    const calls = mockCommands({
      list_documents: () => [doc(), LETTER],
      read_document: () => ({ format: "md", mime: "text/markdown", base64: null, text: "Dear Acme,\n\nHello." }),
    });
    renderWithQueries(<Documents jobId="job-1" />);
    const row = await screen.findByTestId("document-md");
    expect(within(screen.getByTestId("document-pdf")).queryByRole("button", { name: /Copy/ })).toBeNull();
    expect(within(row).queryByRole("button", { name: "Save PDF as…" })).toBeNull();
    await userEvent.click(within(row).getByRole("button", { name: "Copy cover letter text" }));
    expect(await within(row).findByRole("status")).toHaveTextContent("Cover letter text copied.");
    expect(writeText).toHaveBeenCalledWith("Dear Acme,\n\nHello.");
    expect(argsOf(calls, "read_document")).toEqual([{ id: "letter-md" }]);
  });
});
