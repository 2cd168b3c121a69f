import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { emit } from "@tauri-apps/api/event";
import { afterEach, describe, expect, it } from "vitest";
import type { DeploymentDto, JobPage, JobRow, RunEvent, RunHealthDay, SetupStatus } from "../bindings";
import { parseRoute } from "../lib/router";
import { deploymentDto, jobRow, setupStatus } from "../test/fixtures";
import { fail, mockCommands, type Call, type Handlers } from "../test/ipc";
import { renderWithQueries } from "../test/queries";
import Dashboard, { HIGH_MATCHES_QUERY, highMatchScore, relativeTime, upcomingRuns } from "./Dashboard";

const HOUR = 3_600_000;

function days(n: number): RunHealthDay[] {
  return Array.from({ length: n }, (_, i) => ({
    date: `2026-11-${String(10 + i).padStart(2, "0")}`,
    completed: i,
    failed: i === 1 ? 2 : 0,
    crashed: i === 2 ? 1 : 0,
    cancelled: 0,
  }));
}

function deployment(overrides: Partial<DeploymentDto>): DeploymentDto {
  return deploymentDto({ id: "d", name: "d", flowName: "maintenance", parameters: {}, schedules: [], nextRuns: [], ...overrides });
}

function job(overrides: Partial<JobRow>): JobRow {
  return jobRow({ id: "j", title: "Engineer", location: null, salary: null, posted_at: null, sources: ["remoteok"], score: 0.9, ...overrides });
}

const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();

const HUNT_PARAMS = { keywords: ["rust"], sources: ["remoteok"], match_threshold: 0.85 };

function deployments(): DeploymentDto[] {
  return [
    deployment({ id: "m", name: "nightly maintenance", flowName: "maintenance", nextRuns: [inHours(10), inHours(34)] }),
    deployment({ id: "h", name: "morning hunt", flowName: "daily_job_hunt", parameters: HUNT_PARAMS, nextRuns: [inHours(3)] }),
    deployment({ id: "p", name: "paused hunt", flowName: "daily_job_hunt", paused: true, nextRuns: [inHours(1)] }),
  ];
}

const PAGE: JobPage = {
  items: [job({ id: "j1", title: "Rust Engineer", company: "Ferrous", score: 0.93 }), job({ id: "j2", title: "Platform Dev", score: 0.8 })],
  total: 2,
  totalExact: true,
  limit: 5,
  hasMore: false,
  nextCursor: null,
  prevCursor: null,
};

const SETUP_DONE: SetupStatus = {
  cv: true,
  lookingFor: true,
  sources: true,
  schedule: true,
  firstHunt: true,
  dismissed: false,
  done: true,
};

function mockDashboard(overrides: Handlers = {}, events = false): Call[] {
  return mockCommands(
    {
      run_health: (a) => days(Number(a.days)),
      list_deployments: () => deployments(),
      list_jobs: () => PAGE,
      hunt_now: () => ({ kind: "started", flowRunId: "hunt-run-1", deploymentName: "mornings" }),
      hunt_readiness: () => ({ ready: true, need: null, reason: null }),
      setup_status: () => SETUP_DONE,
      latest_hunt_summary: () => null,
      unseen_jobs_count: () => 0,
      ...overrides,
    },
    { events },
  );
}

afterEach(() => {
  window.location.hash = "";
});

describe("Dashboard", () => {
  it("shows the Getting started checklist while the setup is neither done nor skipped", async () => {
    mockDashboard({ setup_status: () => setupStatus({ cv: true, sources: true }) });
    renderWithQueries(<Dashboard route={parseRoute("#/")} />);
    const list = await screen.findByTestId("getting-started");
    const items = within(list).getAllByRole("listitem");
    expect(items.map((li) => li.textContent)).toEqual([
      "Your CV✓ done",
      "What you're looking fornot yet",
      "Where to search✓ done",
      "When to huntnot yet",
      "Run your first huntnot yet",
    ]);
    expect(within(list).getByRole("link", { name: "When to hunt" })).toHaveAttribute("href", "#/setup?step=4");
    expect(screen.getByRole("link", { name: "Open the setup" })).toHaveAttribute("href", "#/setup");
  });

  it.each([
    ["done", setupStatus({ cv: true, lookingFor: true, sources: true, schedule: true, firstHunt: true, done: true })],
    ["skipped", setupStatus({ dismissed: true })],
  ])("hides the Getting started checklist once the setup is %s", async (_, status) => {
    const calls = mockDashboard({ setup_status: () => status });
    renderWithQueries(<Dashboard route={parseRoute("#/")} />);
    await screen.findByTestId("next-runs");
    await waitFor(() => expect(calls.some((c) => c.cmd === "setup_status")).toBe(true));
    expect(screen.queryByTestId("getting-started")).not.toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Getting started" })).not.toBeInTheDocument();
  });

  it("renders run health, next runs and high matches from the commands", async () => {
    const calls = mockDashboard();
    renderWithQueries(<Dashboard route={parseRoute("#/")} />);

    const bars = await screen.findAllByTestId("health-bar");
    expect(bars).toHaveLength(7);
    expect(bars[1].getAttribute("aria-label")).toMatch(/1 completed, 2 failed, 0 crashed, 0 cancelled$/);
    expect(bars[1].querySelector("title")?.textContent).toBe(bars[1].getAttribute("aria-label"));
    expect(screen.getByText("24 finished runs in the last 7 days, 88% completed.")).toBeInTheDocument();
    const table = screen.getByRole("table");
    expect(within(table).getAllByRole("row")[3]).toHaveTextContent("2026-11-12" + "2010");

    const next = await screen.findByTestId("next-runs");
    const items = within(next).getAllByRole("listitem");
    // Soonest first, paused deployments left out.
    expect(items.map((li) => li.textContent)).toEqual([
      expect.stringContaining("morning hunt"),
      expect.stringContaining("nightly maintenance"),
      expect.stringContaining("nightly maintenance"),
    ]);
    expect(items[0]).toHaveTextContent("Daily job hunt");
    expect(items[0]).toHaveTextContent("in 3 h");
    expect(items[2]).toHaveTextContent("in 34 h");
    expect(screen.getByText("1 paused schedule not shown.")).toBeInTheDocument();

    const matches = await screen.findByTestId("high-matches");
    expect(within(matches).getByRole("link", { name: /Rust Engineer/ })).toHaveAttribute("href", "#/jobs/j1");
    expect(matches).toHaveTextContent("93%");
    expect(matches).toHaveTextContent("80%");
    // The hunt deployment's own threshold decides what a high match is.
    expect(calls.filter((c) => c.cmd === "list_jobs").at(-1)?.args).toEqual({
      query: {
        search: null,
        minScore: 0.85,
        source: null,
        remoteOnly: null,
        unseenOnly: null,
        foundIn: null,
        openOnly: true,
        hideOld: null,
        sort: "newest",
        limit: 5,
        after: null,
        before: null,
      },
    });
    expect(HIGH_MATCHES_QUERY.minScore).toBe(0.8);
    expect(calls.find((c) => c.cmd === "run_health")?.args).toEqual({ days: 7 });
    expect(screen.getByText(/Runs with the settings of your schedule “morning hunt”/)).toBeInTheDocument();
  });

  it("switches to 30 days", async () => {
    const calls = mockDashboard();
    renderWithQueries(<Dashboard route={parseRoute("#/")} />);
    await screen.findAllByTestId("health-bar");
    await userEvent.click(screen.getByRole("button", { name: "30 days" }));
    await waitFor(() => expect(screen.getAllByTestId("health-bar")).toHaveLength(30));
    expect(calls.filter((c) => c.cmd === "run_health").map((c) => c.args)).toEqual([{ days: 7 }, { days: 30 }]);
    expect(screen.getByRole("button", { name: "30 days" })).toHaveAttribute("aria-pressed", "true");
  });

  it("Run daily hunt asks the app to start the hunt and opens the run", async () => {
    const calls = mockDashboard();
    renderWithQueries(<Dashboard route={parseRoute("#/")} />);
    await screen.findByTestId("next-runs");
    await userEvent.click(screen.getByRole("button", { name: "Run daily hunt" }));
    await waitFor(() => expect(window.location.hash).toBe("#/runs/hunt-run-1"));
    expect(calls.filter((c) => c.cmd === "hunt_now")).toHaveLength(1);
    expect(calls.some((c) => c.cmd === "start_flow")).toBe(false);
  });

  it("Run daily hunt is disabled, saying why and where to fix it, while the hunt cannot start", async () => {
    const calls = mockDashboard({
      list_deployments: () => [],
      hunt_readiness: () => ({
        ready: false,
        need: "profile",
        reason: "Add your CV first: the hunt scores every job against it.",
      }),
    });
    renderWithQueries(<Dashboard route={parseRoute("#/")} />);
    expect(await screen.findByText(/No daily hunt scheduled yet/)).toBeInTheDocument();
    const need = await screen.findByTestId("hunt-need");
    expect(need).toHaveTextContent("Add your CV first: the hunt scores every job against it.");
    expect(within(need).getByRole("link", { name: "Add your CV" })).toHaveAttribute("href", "#/profile");
    const button = screen.getByRole("button", { name: "Run daily hunt" });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(/Add your CV first/);
    await userEvent.click(button);
    expect(calls.some((c) => c.cmd === "hunt_now")).toBe(false);
  });

  it("Run daily hunt says why nothing started when the start raced a change", async () => {
    mockDashboard({ list_deployments: () => [], hunt_now: () => ({ kind: "needsSources" }) });
    renderWithQueries(<Dashboard route={parseRoute("#/")} />);
    await screen.findByText(/No daily hunt scheduled yet/);
    await userEvent.click(screen.getByRole("button", { name: "Run daily hunt" }));
    const need = await screen.findByTestId("hunt-need");
    expect(need).toHaveTextContent(/needs at least one job source/);
    expect(within(need).getByRole("link", { name: "Choose where to search" })).toHaveAttribute("href", "#/schedules");
    expect(window.location.hash).toBe("");
  });

  it("Run daily hunt shows the app's error", async () => {
    mockDashboard({
      hunt_now: () => {
        throw fail("database", "database is locked");
      },
    });
    renderWithQueries(<Dashboard route={parseRoute("#/")} />);
    await screen.findByTestId("next-runs");
    await userEvent.click(screen.getByRole("button", { name: "Run daily hunt" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not start the hunt. database is locked");
    expect(window.location.hash).toBe("");
  });

  it("shows each section's error", async () => {
    mockDashboard({
      run_health: () => {
        throw fail("database", "database is locked");
      },
      list_jobs: () => {
        throw fail("database", "no such table: jobs");
      },
    });
    renderWithQueries(<Dashboard route={parseRoute("#/")} />);
    await waitFor(() => expect(screen.getAllByRole("alert")).toHaveLength(2));
    const text = screen.getAllByRole("alert").map((a) => a.textContent).join(" | ");
    expect(text).toContain("Could not load run health. database is locked");
    expect(text).toContain("Could not load the jobs. no such table: jobs");
    expect(await screen.findByTestId("next-runs")).toBeInTheDocument();
  });

  it("refreshes when a flow run changes state", async () => {
    const calls = mockDashboard({}, true);
    renderWithQueries(<Dashboard route={parseRoute("#/")} />);
    await screen.findByTestId("high-matches");
    const count = (cmd: string) => calls.filter((c) => c.cmd === cmd).length;
    expect(count("run_health")).toBe(1);
    const event: RunEvent = {
      kind: "flowRunState",
      flowRunId: "x",
      flowName: "daily_job_hunt",
      deploymentId: null,
      stateType: "COMPLETED",
      stateName: "Completed",
      error: null,
    };
    await emit("run-event", event);
    await waitFor(() => expect(count("run_health")).toBe(2), { timeout: 2500 });
    await waitFor(() => expect(count("list_jobs")).toBe(2));
    // A manual run leaves the schedules as they were.
    expect(count("list_deployments")).toBe(1);

    // A deployment's run: its next fire times moved on (the query cache refetches them).
    await emit("run-event", { ...event, flowRunId: "y", deploymentId: "h", stateType: "RUNNING", stateName: "Running" });
    await waitFor(() => expect(count("list_deployments")).toBe(2), { timeout: 2500 });
  });
});

describe("helpers", () => {
  it("formats relative times", () => {
    const now = Date.parse("2026-11-26T09:00:00Z");
    expect(relativeTime(now + 3 * HOUR, now)).toBe("in 3 h");
    expect(relativeTime(now + 12 * 60_000, now)).toBe("in 12 min");
    expect(relativeTime(now + 10_000, now)).toBe("now");
    expect(relativeTime(now + 72 * HOUR, now)).toBe("in 3 days");
    expect(relativeTime(now - 5 * 60_000, now)).toBe("5 min ago");
  });

  it("picks the soonest runs of deployments that are not paused", () => {
    const list = [
      deployment({ id: "a", nextRuns: ["2026-11-26T12:00:00Z", "2026-11-27T12:00:00Z"] }),
      deployment({ id: "b", nextRuns: ["2026-11-26T10:00:00+01:00"] }),
      deployment({ id: "c", paused: true, nextRuns: ["2026-11-26T08:00:00Z"] }),
    ];
    expect(upcomingRuns(list, 2).map((u) => [u.deployment.id, u.at])).toEqual([
      ["b", "2026-11-26T10:00:00+01:00"],
      ["a", "2026-11-26T12:00:00Z"],
    ]);
  });
});

describe("highMatchScore", () => {
  it("is the first hunt deployment's match_threshold, else 0.8", () => {
    expect(highMatchScore(null)).toBe(0.8);
    expect(highMatchScore([])).toBe(0.8);
    expect(highMatchScore(deployments())).toBe(0.85);
    expect(highMatchScore([deployment({ flowName: "daily_job_hunt", parameters: { match_threshold: 7 } })])).toBe(0.8);
    expect(highMatchScore([deployment({ flowName: "maintenance", parameters: { match_threshold: 0.5 } })])).toBe(0.8);
  });
});
