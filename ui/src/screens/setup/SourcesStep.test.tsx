import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { SourceInfo } from "../../bindings";
import { deploymentDto, setupStatus } from "../../test/fixtures";
import { argsOf, fail, mockCommands, type Handlers } from "../../test/ipc";
import { renderWithQueries } from "../../test/queries";
import { SourcesStep } from "./SourcesStep";
import { STEPS } from "./steps";
import { sourceName, whereInWords } from "./sources";

const CATALOGUE: SourceInfo[] = [
  { spec: "remoteok", name: "Remote OK", description: "Remote jobs in tech.", needs_company: false, countries: [] },
  { spec: "arbeitnow", name: "Arbeitnow", description: "Jobs in Germany.", needs_company: false, countries: ["DE"] },
  { spec: "greenhouse", name: "Greenhouse", description: "A company's Greenhouse board.", needs_company: true, countries: [] },
];

function mock(overrides: Handlers = {}) {
  return mockCommands({
    list_sources: () => CATALOGUE,
    list_deployments: () => [
      deploymentDto({ id: "m", flowName: "maintenance", parameters: {} }),
      deploymentDto({ id: "h", flowName: "daily_job_hunt", parameters: { sources: ["remoteok", "lever:acme"] } }),
    ],
    resolve_source: () => ({ spec: "greenhouse:ferrous", name: "Ferrous Systems", kind: "greenhouse", open_jobs: 12 }),
    save_hunt_sources: () => deploymentDto(),
    setup_status: () => setupStatus({ sources: true }),
    ...overrides,
  });
}

function renderStep() {
  const goTo = vi.fn();
  renderWithQueries(<SourcesStep step={STEPS[2]} focus={false} status={setupStatus()} goTo={goTo} />);
  return goTo;
}

describe("Where to search", () => {
  it("lists the job sites as a checklist, pre-filled from the daily hunt", async () => {
    mock();
    renderStep();
    const sites = await screen.findByRole("group", { name: "Job sites" });
    const boxes = within(sites).getAllByRole("checkbox");
    expect(boxes.map((b) => b.getAttribute("id"))).toEqual(["source-remoteok", "source-arbeitnow"]);
    expect(screen.getByLabelText("Remote OK")).toBeChecked();
    expect(screen.getByLabelText("Remote OK")).toHaveAccessibleDescription(/Remote jobs in tech\. Where: Worldwide and remote\./);
    expect(screen.getByLabelText("Arbeitnow")).not.toBeChecked();
    expect(screen.getByLabelText("Arbeitnow")).toHaveAccessibleDescription(/Where: Germany\./);
    // A company needs its board: not a checkbox, but a chip of the companies added.
    expect(screen.queryByLabelText("Greenhouse")).not.toBeInTheDocument();
    expect(screen.getByRole("list", { name: "Companies you added" })).toHaveTextContent("acme (Lever)");
  });

  it("adds a found company and saves the chosen places with the user's time zone", async () => {
    vi.spyOn(Intl.DateTimeFormat.prototype, "resolvedOptions").mockReturnValue({
      ...new Intl.DateTimeFormat("en").resolvedOptions(),
      timeZone: "Europe/Berlin",
    });
    const calls = mock();
    renderStep();
    await userEvent.click(await screen.findByLabelText("Arbeitnow"));
    await userEvent.type(
      screen.getByLabelText("Address of the company's careers page"),
      "https://boards.greenhouse.io/ferrous",
    );
    await userEvent.click(screen.getByRole("button", { name: "Find" }));
    expect(await screen.findByText(/Found:/)).toHaveTextContent("Found: Ferrous Systems (12 open jobs)");
    await userEvent.click(screen.getByRole("button", { name: "Add" }));
    const companies = screen.getByRole("list", { name: "Companies you added" });
    expect(within(companies).getByText("Ferrous Systems")).toBeInTheDocument();
    // Removing a chip takes the company out again.
    await userEvent.click(screen.getByRole("button", { name: "Remove acme (Lever)" }));
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Saved: the daily hunt searches 3 places.")).toBeInTheDocument();
    expect(argsOf(calls, "resolve_source")).toEqual([{ url: "https://boards.greenhouse.io/ferrous" }]);
    expect(argsOf(calls, "save_hunt_sources")).toEqual([
      { sources: ["remoteok", "arbeitnow", "greenhouse:ferrous"], timezone: "Europe/Berlin" },
    ]);
  });

  it("says what went wrong when nothing is found at the address", async () => {
    mock({
      resolve_source: (a) => {
        throw fail("not_found", `No job board or job postings found at ${String(a.url)}.`);
      },
    });
    renderStep();
    await userEvent.type(await screen.findByLabelText("Address of the company's careers page"), "https://example.org");
    await userEvent.click(screen.getByRole("button", { name: "Find" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("No job board or job postings found at https://example.org.");
    expect(screen.queryByRole("button", { name: "Add" })).not.toBeInTheDocument();
    expect(screen.getByLabelText("Address of the company's careers page")).toHaveAttribute("aria-invalid", "true");
  });

  it("can't save with nothing chosen, and says why", async () => {
    mock({ list_deployments: () => [] });
    renderStep();
    await screen.findByRole("group", { name: "Job sites" });
    const save = screen.getByRole("button", { name: "Save" });
    expect(save).toBeDisabled();
    expect(save).toHaveAccessibleDescription("Choose at least one job site or company to save.");
  });

  it("names sources in plain words", () => {
    expect(sourceName("remoteok", CATALOGUE, {})).toBe("Remote OK");
    expect(sourceName("greenhouse:acme", CATALOGUE, {})).toBe("acme (Greenhouse)");
    expect(sourceName("greenhouse:acme", CATALOGUE, { "greenhouse:acme": "Acme Inc" })).toBe("Acme Inc");
    expect(whereInWords(["DE", "AT"])).toBe("Germany, Austria");
    expect(whereInWords([])).toBe("Worldwide and remote");
  });
});
