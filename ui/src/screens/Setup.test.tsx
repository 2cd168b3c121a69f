import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { parseRoute } from "../lib/router";
import { profileDto, setupStatus } from "../test/fixtures";
import type { ProfileDto } from "../bindings";
import { argsOf, fail, mockCommands, type Handlers } from "../test/ipc";
import { renderWithQueries } from "../test/queries";
import Setup from "./Setup";

function mock(overrides: Handlers = {}) {
  return mockCommands({
    setup_status: () => setupStatus({ cv: true, lookingFor: true }),
    set_setup_dismissed: (a) => setupStatus({ cv: true, lookingFor: true, dismissed: Boolean(a.dismissed) }),
    get_profile: () => profileDto(),
    import_profile: () => profileDto(),
    list_sources: () => [],
    list_deployments: () => [],
    hunt_readiness: () => ({ ready: true, need: null, reason: null }),
    llm_configured: () => false,
    ...overrides,
  });
}

afterEach(() => {
  window.location.hash = "";
});

describe("Setup", () => {
  it("shows which steps are done and opens the first one not done", async () => {
    mock();
    renderWithQueries(<Setup route={parseRoute("#/setup")} />);
    const steps = screen.getByRole("navigation", { name: "Setup steps" });
    await waitFor(() => expect(within(steps).getAllByText("Done")).toHaveLength(2));
    const buttons = within(steps).getAllByRole("button");
    expect(buttons).toHaveLength(5);
    expect(buttons[0]).toHaveTextContent("1. Your CVDone");
    expect(buttons[1]).toHaveTextContent("2. What you're looking forDone");
    expect(buttons[2]).toHaveTextContent("3. Where to searchNot done yet");
    expect(buttons[2]).toHaveAttribute("aria-current", "step");
    expect(buttons[0]).not.toHaveAttribute("aria-current");
    expect(await screen.findByRole("heading", { name: "Step 3 of 5: Where to search" })).toBeInTheDocument();
  });

  it("opens the step of ?step=N, and another one from the stepper with the focus on its heading", async () => {
    mock();
    const { rerender } = renderWithQueries(<Setup route={parseRoute("#/setup?step=4")} />);
    expect(screen.getByRole("heading", { name: "Step 4 of 5: When to hunt" })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: /^1\. Your CV/ }));
    expect(window.location.hash).toBe("#/setup?step=1");
    rerender(<Setup route={parseRoute(window.location.hash)} />);
    const heading = screen.getByRole("heading", { name: "Step 1 of 5: Your CV" });
    expect(heading).toHaveFocus();
    expect(screen.getByRole("button", { name: /^1\. Your CV/ })).toHaveAttribute("aria-current", "step");
  });

  it("Skip setup for now remembers it and goes to the Dashboard", async () => {
    window.location.hash = "#/setup";
    const calls = mock();
    renderWithQueries(<Setup route={parseRoute("#/setup")} />);
    await userEvent.click(screen.getByRole("button", { name: "Skip setup for now" }));
    await waitFor(() => expect(window.location.hash).toBe("#/"));
    expect(argsOf(calls, "set_setup_dismissed")).toEqual([{ dismissed: true }]);
  });

  it("step 1 reads a CV file, shows it for checking, saves it and refreshes the setup's progress", async () => {
    let stored: ProfileDto | null = null;
    const calls = mock({
      setup_status: () => setupStatus({ cv: stored !== null, lookingFor: true }),
      get_profile: () => stored,
      draft_cv: () => ({
        resume: { basics: { name: "Ada Lovelace" }, work: [{ name: "Analytical Engines" }, { name: "Babbage & Co" }] },
        warnings: [{ field: "basics.email", message: "not found" }],
        text: "Ada Lovelace",
        kind: "pdf",
      }),
      import_profile: (a) => {
        stored = profileDto({
          document: JSON.parse(String(a.jsonText)),
          warnings: [{ field: "work[0].company", message: "read as the employer's name" }],
        });
        return stored;
      },
    });
    renderWithQueries(<Setup route={parseRoute("#/setup?step=1")} />);
    const steps = screen.getByRole("navigation", { name: "Setup steps" });
    await waitFor(() => expect(within(steps).getAllByText("Done")).toHaveLength(1));
    expect(screen.getByText(/You can write it yourself\./)).toBeInTheDocument();
    const input = screen.getByLabelText("Your CV file");
    expect(input.getAttribute("accept")).toContain(".pdf");
    await userEvent.upload(input, new File(["%PDF"], "cv.pdf", { type: "application/pdf" }));
    expect(await screen.findByText("We could not find your email address.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Use this section: Experience" }));
    await userEvent.click(screen.getByRole("button", { name: "Save my profile" }));
    expect(await screen.findByTestId("cv-summary")).toHaveTextContent("Your CV: Ada Lovelace, 2 positions.");
    expect(screen.getByRole("list", { name: "Import notes" })).toHaveTextContent("read as the employer's name");
    expect(argsOf(calls, "draft_cv")).toEqual([{ fileName: "cv.pdf", contentBase64: "JVBERg==", useLlm: false }]);
    // The stepper reads the progress again: step 1 is done now.
    await waitFor(() => expect(within(steps).getAllByText("Done")).toHaveLength(2));
    expect(within(steps).getAllByRole("button")[0]).toHaveTextContent("1. Your CVDone");
  });

  it("step 1 takes a PDF: it is sent to be read, not refused", async () => {
    const calls = mock({
      get_profile: () => null,
      draft_cv: () => {
        throw fail("invalid_input", "file: cv.pdf has no text to read (a scanned image?)");
      },
    });
    renderWithQueries(<Setup route={parseRoute("#/setup?step=1")} />);
    const input = screen.getByLabelText("Your CV file");
    await userEvent.upload(input, new File(["%PDF"], "cv.pdf", { type: "application/pdf" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("cv.pdf has no text to read (a scanned image?)");
    expect(screen.queryByText(/can't be read/)).not.toBeInTheDocument();
    expect(argsOf(calls, "draft_cv")).toHaveLength(1);
  });

  it("step 2 edits what you're looking for in plain words and saves it with the CV", async () => {
    const calls = mock();
    renderWithQueries(<Setup route={parseRoute("#/setup?step=2")} />);
    expect(screen.getByText(/Each job title or phrase you list is one search/)).toBeInTheDocument();
    const titles = await screen.findByLabelText("Job titles or phrases to search for");
    expect(titles).toHaveValue("Backend developer");
    await userEvent.type(titles, "\nData analyst");
    // The same form as the profile's: where, which countries, pay per period, languages, levels.
    await userEvent.click(screen.getByLabelText("Remote or hybrid"));
    await userEvent.type(screen.getByLabelText("Countries where you may work"), "Germany, AT");
    await userEvent.type(screen.getByLabelText("Minimum salary"), "40");
    await userEvent.selectOptions(screen.getByLabelText("Salary period"), "Per hour");
    await userEvent.type(screen.getByLabelText("Languages you work in"), "German");
    await userEvent.type(screen.getByLabelText("Leave out seniority levels"), "junior");
    await userEvent.click(screen.getByRole("button", { name: "Save preferences" }));
    await screen.findByText("Preferences saved.");
    const saved = JSON.parse(String(argsOf(calls, "import_profile")[0].jsonText));
    expect(saved.preferences).toMatchObject({
      keywords: ["Backend developer", "Data analyst"],
      workplace: "hybrid_ok",
      work_countries: ["Germany", "AT"],
      min_salary: 40,
      salary_interval: "hour",
      languages: ["German"],
      excluded_seniority: ["junior"],
    });
  });
});
