/** Seen and unseen jobs: the list's "New" badge and filters, the hunt chip, and opening a job. */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { jobDto, jobRow } from "../../test/fixtures";
import { argsOf, mockCommands } from "../../test/ipc";
import { renderWithQueries } from "../../test/queries";
import { JobsHarness, lastQuery, onePage } from "./testing";

afterEach(() => {
  window.location.hash = "";
});

describe("seen and unseen jobs", () => {
  it("shows unseen jobs in bold with a New badge, filters to them, and marks all seen", async () => {
    window.location.hash = "#/jobs";
    let unseen = true;
    const calls = mockCommands({
      list_jobs: () => onePage([jobRow({ id: "a", seen: !unseen }), jobRow({ id: "b", title: "Seen before", seen: true })]),
      mark_all_jobs_seen: () => {
        unseen = false;
        return 1;
      },
    });
    renderWithQueries(<JobsHarness />);
    const rows = await screen.findAllByTestId("job-row");
    expect(within(rows[0]).getByText("New")).toBeInTheDocument();
    expect(rows[0]).toHaveClass("jobs-unseen");
    expect(within(rows[1]).queryByText("New")).toBeNull();

    await userEvent.click(screen.getByRole("checkbox", { name: "Only new" }));
    await waitFor(() => expect(lastQuery(calls).unseenOnly).toBe(true));
    expect(window.location.hash).toBe("#/jobs?new=1");

    await userEvent.click(screen.getByRole("button", { name: "Mark all as seen" }));
    expect(argsOf(calls, "mark_all_jobs_seen")).toHaveLength(1);
    await waitFor(() => expect(screen.queryByText("New")).toBeNull());
  });

  it("opened from a hunt's summary, lists that hunt's new jobs under a chip that clears", async () => {
    window.location.hash = "#/jobs?hunt=run-1";
    const calls = mockCommands({
      list_jobs: () => onePage([jobRow({ seen: false })]),
      hunt_summary: () => ({
        flowRunId: "run-1",
        flowName: "daily_job_hunt",
        stateType: "COMPLETED",
        startedAt: "2026-12-06T07:00:00Z",
        finishedAt: "2026-12-06T07:04:00Z",
        jobsFound: 3,
        newJobs: 1,
        strongMatches: 0,
        strongMatchFrom: 0.8,
        failedSites: [],
        problem: null,
      }),
    });
    renderWithQueries(<JobsHarness />);
    const chip = await screen.findByTestId("hunt-filter");
    await waitFor(() => expect(chip).toHaveTextContent(/Showing jobs new in the hunt of .*2026/));
    expect(lastQuery(calls).foundIn).toBe("run-1");
    expect(argsOf(calls, "hunt_summary")).toEqual([{ id: "run-1" }]);
    await userEvent.click(within(chip).getByRole("button", { name: "Clear" }));
    await waitFor(() => expect(lastQuery(calls).foundIn).toBeNull());
    expect(window.location.hash).toBe("#/jobs");
    expect(screen.queryByTestId("hunt-filter")).toBeNull();
  });

  it("opening an unseen job marks it seen, once; a seen job is left alone", async () => {
    window.location.hash = "#/jobs/job-1";
    const job = (seen: boolean) => ({ ...JOB, seen });
    let seen = false;
    const calls = mockCommands({
      get_job: () => job(seen),
      list_documents: () => [],
      get_job_application: () => null,
      mark_jobs_seen: () => {
        seen = true;
        return 1;
      },
    });
    renderWithQueries(<JobsHarness />);
    await screen.findByTestId("job-title");
    await waitFor(() => expect(argsOf(calls, "mark_jobs_seen")).toEqual([{ ids: ["job-1"] }]));
  });
});

const JOB = jobDto({ seen: false, openDays: 15 });
