import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { HuntSummary } from "../../bindings";
import { mockCommands } from "../../test/ipc";
import { renderWithQueries } from "../../test/queries";
import { HuntSummaryCard, summaryText } from "./HuntSummary";

function summary(overrides: Partial<HuntSummary> = {}): HuntSummary {
  return {
    flowRunId: "run-1",
    flowName: "daily_job_hunt",
    stateType: "COMPLETED",
    startedAt: "2026-12-06T07:00:00Z",
    finishedAt: "2026-12-06T07:04:00Z",
    jobsFound: 42,
    newJobs: 12,
    strongMatches: 3,
    strongMatchFrom: 0.85,
    failedSites: [
      {
        source: "greenhouse:broken",
        name: "Greenhouse board 'broken'",
        error: "greenhouse:broken: malformed payload: expected value",
        kind: "malformed",
        fellBackTo: "remoteok",
        fellBackToName: "Remote OK",
      },
    ],
    problem: null,
    ...overrides,
  };
}

describe("HuntSummaryCard", () => {
  it("says what the last hunt found and links to its new jobs and to the job sites", async () => {
    mockCommands({ latest_hunt_summary: () => summary(), unseen_jobs_count: () => 7 });
    renderWithQueries(<HuntSummaryCard />);
    expect(await screen.findByTestId("hunt-summary-text")).toHaveTextContent(
      "42 jobs found, 12 new, 3 strong matches; 1 site failed.",
    );
    const card = screen.getByTestId("hunt-summary");
    expect(within(card).getByRole("link", { name: "See the 12 new jobs" })).toHaveAttribute("href", "#/jobs?hunt=run-1");
    expect(within(card).getByRole("link", { name: "Check your job sites in Settings" })).toHaveAttribute(
      "href",
      "#/settings",
    );
    expect(within(card).getByRole("group", { name: "Job sites that failed" })).toHaveTextContent(
      "Greenhouse board 'broken': the site changed the way it lists jobs, so they could not be read (searched Remote OK instead)",
    );
    expect(card).not.toHaveTextContent("payload");
    expect(card).toHaveTextContent("Strong match: a score of 85% or more.");
    const unseen = await screen.findByTestId("new-since-last-looked");
    expect(unseen).toHaveTextContent("7 new jobs since you last looked.");
    expect(within(unseen).getByRole("link", { name: "Show them" })).toHaveAttribute("href", "#/jobs?new=1");
  });

  it("before any hunt, and with nothing new", async () => {
    mockCommands({ latest_hunt_summary: () => null, unseen_jobs_count: () => 0 });
    renderWithQueries(<HuntSummaryCard />);
    expect(await screen.findByText("No hunt has finished yet.")).toBeInTheDocument();
    expect(await screen.findByTestId("new-since-last-looked")).toHaveTextContent("No new jobs since you last looked.");
  });

  it("words every outcome", () => {
    expect(summaryText(summary({ failedSites: [] }))).toBe("42 jobs found, 12 new, 3 strong matches.");
    expect(summaryText(summary({ jobsFound: 1, newJobs: 1, strongMatches: 1, failedSites: [] }))).toBe(
      "1 job found, 1 new, 1 strong match.",
    );
    expect(summaryText(summary({ jobsFound: 0, newJobs: 0, strongMatches: 0 }))).toBe("No jobs found; 1 site failed.");
    expect(summaryText(summary({ stateType: "FAILED", jobsFound: 0, failedSites: [] }))).toBe("The hunt did not finish.");
    expect(summaryText(summary({ stateType: "CANCELLED", failedSites: [] }))).toBe(
      "The hunt was stopped after finding 42 jobs.",
    );
  });

  it("links a hunt that did not finish to what happened", async () => {
    mockCommands({
      latest_hunt_summary: () => summary({ stateType: "CRASHED", newJobs: 0, problem: "the app was closed" }),
      unseen_jobs_count: () => 0,
    });
    renderWithQueries(<HuntSummaryCard />);
    expect(await screen.findByRole("link", { name: "See what happened" })).toHaveAttribute("href", "#/runs/run-1");
    expect(screen.queryByRole("link", { name: /new job/ })).toBeNull();
  });
});
