import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { sourceHealth } from "../../test/fixtures";
import { argsOf, fail, mockCommands } from "../../test/ipc";
import { renderWithQueries } from "../../test/queries";
import { parseRoute } from "../../lib/router";
import Sources from "./Sources";

const route = parseRoute("#/sources");

const paused = sourceHealth({
  spec: "greenhouse:acme",
  name: "Greenhouse board 'acme'",
  state: "paused",
  consecutive_failures: 3,
  failing_since: "2026-12-04T07:00:00.000000Z",
  last_error: "GET https://boards-api.greenhouse.io/v1/boards/acme/jobs: 404 Not Found <b>x</b>",
  last_error_kind: "not_found",
  jobs_last_run: 0,
  new_last_run: 0,
  paused_until: "2026-12-07T07:00:00.000000Z",
  pause_reason: "Greenhouse board 'acme' answered 404 (not found) three times in a row",
  yield: [
    { at: "2026-12-03T07:00:00.000000Z", outcome: "ok", found: 2, new: 2 },
    { at: "2026-12-04T07:00:00.000000Z", outcome: "not_found", found: 0, new: 0 },
  ],
});

describe("Sources", () => {
  it("says in words how each site is doing, with its yield chart", async () => {
    mockCommands({ source_health: () => [paused, sourceHealth()] });
    renderWithQueries(<Sources route={route} />);
    const acme = await screen.findByTestId("source-health-greenhouse-acme");
    expect(within(acme).getByRole("heading", { name: "Greenhouse board 'acme'" })).toBeInTheDocument();
    expect(acme).toHaveTextContent(/Paused until .*: the board answered “not found” – check the company name/);
    expect(acme).toHaveTextContent("Last search: 0 jobs found, 0 new.");
    // The site's own words are text, never markup.
    expect(within(acme).getByText(/404 Not Found <b>x<\/b>/)).toBeInTheDocument();
    expect(within(acme).getAllByTestId("yield-bar")).toHaveLength(1);
    expect(within(acme).getAllByTestId("yield-failed")).toHaveLength(1);

    const globex = screen.getByTestId("source-health-lever-globex");
    expect(globex).toHaveTextContent("Working");
    expect(globex).toHaveTextContent("Last search: 4 jobs found, 1 new.");
    expect(within(globex).getByRole("img", { name: /Jobs found by Lever board 'globex' in the last 2 searches/ })).toBeInTheDocument();
    expect(within(globex).queryByRole("button", { name: "Retry now" })).toBeNull();
    expect(screen.getByRole("status")).toHaveTextContent("1 of 2 job sites need attention.");
    for (const text of ["flow", "run id", "JSON", "not_found"]) expect(document.body).not.toHaveTextContent(text);
  });

  it("retries a paused site now and shows it again as failing, not paused", async () => {
    let retried = false;
    const calls = mockCommands({
      source_health: () => [retried ? { ...paused, state: "failing", paused_until: null } : paused],
      retry_source: () => {
        retried = true;
        return { ...paused, state: "failing", paused_until: null };
      },
    });
    renderWithQueries(<Sources route={route} />);
    fireEvent.click(await screen.findByRole("button", { name: "Retry now" }));
    await waitFor(() => expect(argsOf(calls, "retry_source")).toEqual([{ spec: "greenhouse:acme" }]));
    expect(await screen.findByText(/Failing since .*: the board answered “not found”/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Retry now" })).toBeNull();
  });

  it("says when no search has asked a site yet, and shows a failure to load", async () => {
    mockCommands({ source_health: () => [] });
    const { unmount } = renderWithQueries(<Sources route={route} />);
    expect(await screen.findByText(/No search has asked a job site yet/)).toBeInTheDocument();
    unmount();
    mockCommands({
      source_health: () => {
        throw fail("database", "database is locked");
      },
    });
    renderWithQueries(<Sources route={route} />);
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not load the job sites.");
  });
});
