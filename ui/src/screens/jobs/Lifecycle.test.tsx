/** Closed, reposted and old postings: the list's one switch and badges, the job page's hints. */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { JobQuery } from "../../bindings";
import { jobDto, jobRow } from "../../test/fixtures";
import { mockCommands } from "../../test/ipc";
import { renderWithQueries } from "../../test/queries";
import { formatDate } from "./format";
import { lifecycleBadges, lifecycleHints } from "./lifecycle";
import { JobsHarness, lastQuery, onePage } from "./testing";

afterEach(() => {
  window.location.hash = "";
});

describe("closed and old postings in the list", () => {
  it("hides them by default and shows them, with badges, behind one switch", async () => {
    window.location.hash = "#/jobs";
    const calls = mockCommands({
      list_jobs: (args) => {
        const q = (args as { query: JobQuery }).query;
        const open = jobRow({ id: "open", title: "Open job" });
        if (q.openOnly) return onePage([open]);
        return onePage([
          open,
          jobRow({ id: "closed", title: "Closed job", closed_at: "2026-12-01T08:00:00Z" }),
          jobRow({ id: "old", title: "Old job", old: true }),
          jobRow({ id: "again", title: "Reposted job", reposted_from: "closed" }),
        ]);
      },
    });
    renderWithQueries(<JobsHarness />);
    expect(await screen.findAllByTestId("job-row")).toHaveLength(1);
    expect(lastQuery(calls)).toMatchObject({ openOnly: true, hideOld: true });

    const toggle = screen.getByRole("checkbox", { name: "Show closed and old postings" });
    expect(toggle).not.toBeChecked();
    await userEvent.click(toggle);
    await waitFor(() => expect(screen.getAllByTestId("job-row")).toHaveLength(4));
    expect(lastQuery(calls)).toMatchObject({ openOnly: null, hideOld: null });
    expect(window.location.hash).toBe("#/jobs?all=1");
    const rows = screen.getAllByTestId("job-row");
    expect(within(rows[0]).queryByText(/Closed|Old|Reposted/)).toBeNull();
    expect(within(rows[1]).getByText("Closed")).toBeInTheDocument();
    expect(within(rows[2]).getByText("Old")).toBeInTheDocument();
    expect(within(rows[3]).getByText("Reposted")).toBeInTheDocument();
  });
});

describe("the job page's hints", () => {
  it("says when a repost was first seen and closed, and links the earlier posting", async () => {
    window.location.hash = "#/jobs/job-2";
    mockCommands({
      get_job: () =>
        job({
          id: "job-2",
          repostedFrom: "job-1",
          earlierPosting: {
            id: "job-1",
            postedAt: null,
            firstSeen: "2026-09-01T08:00:00Z",
            closedAt: "2026-10-15T08:00:00Z",
          },
          old: true,
          openDays: 61,
        }),
      list_documents: () => [],
      get_job_application: () => null,
      mark_jobs_seen: () => 0,
    });
    renderWithQueries(<JobsHarness />);
    const note = await screen.findByTestId("posting-lifecycle");
    expect(note).toHaveTextContent(
      `Reposted — first seen ${formatDate("2026-09-01T08:00:00Z")}, closed ${formatDate("2026-10-15T08:00:00Z")}.`,
    );
    expect(note).toHaveTextContent("Old posting: open for 61 days.");
    expect(within(note).getByRole("link", { name: "See the earlier posting" })).toHaveAttribute(
      "href",
      "#/jobs/job-1",
    );
  });

  it("says nothing for an open, recent posting", async () => {
    window.location.hash = "#/jobs/job-1";
    mockCommands({
      get_job: () => job(),
      list_documents: () => [],
      get_job_application: () => null,
      mark_jobs_seen: () => 0,
    });
    renderWithQueries(<JobsHarness />);
    await screen.findByTestId("job-title");
    expect(screen.queryByTestId("posting-lifecycle")).toBeNull();
  });

  it("words each state plainly", () => {
    const closed = lifecycleHints(job({ closedAt: "2026-12-01T08:00:00Z", old: true, openDays: 70 }));
    expect(closed).toEqual([
      `Closed on ${formatDate("2026-12-01T08:00:00Z")}: the job site no longer lists this posting.`,
    ]);
    expect(lifecycleHints(job({ old: true, openDays: 1 }))).toEqual(["Old posting: open for 1 day."]);
    expect(lifecycleHints(job({ repostedFrom: "x" }))).toEqual(["Reposted: the same job was listed before."]);
    expect(lifecycleBadges({ closed_at: "2026-12-01T08:00:00Z", reposted_from: null, old: true })).toEqual([
      "Closed",
    ]);
  });
});

const job = jobDto;
