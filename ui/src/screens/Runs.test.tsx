import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { emit } from "@tauri-apps/api/event";
import { afterEach, describe, expect, it } from "vitest";
import type { FlowRunDetail, FlowRunSummary, RunEvent } from "../bindings";
import { useRoute } from "../lib/router";
import Runs from "./Runs";
import { at, runDetail, runSummary, taskRun } from "./runs/fixtures";
import { RUNS_PAGE_SIZE } from "./runs/RunList";
import { flowDto } from "../test/fixtures";
import { fail, mockCommands, type Call, type Handlers } from "../test/ipc";
import { renderWithQueries } from "../test/queries";

function Routed() {
  return <Runs route={useRoute()} />;
}

function open(hash: string) {
  window.location.hash = hash;
  return renderWithQueries(<Routed />);
}

afterEach(() => {
  window.location.hash = "";
});

function mockRuns(handlers: Handlers, events = false): Call[] {
  return mockCommands(
    {
      list_flows: () => [flowDto("daily_job_hunt"), flowDto("maintenance")],
      list_run_tags: () => ["maintenance", "production", "scheduled"],
      ...handlers,
    },
    { events },
  );
}

const queries = (calls: Call[]) => calls.filter((c) => c.cmd === "search_flow_runs").map((c) => c.args.query);

describe("Runs list", () => {
  it("renders the runs of search_flow_runs with links to each run", async () => {
    const calls = mockRuns({
      search_flow_runs: () => [
        runSummary({ id: "a", flowName: "maintenance", trigger: "cli", durationMs: 2345, tags: ["scheduled", "maintenance"] }),
        runSummary({
          id: "b",
          flowName: "discover_jobs",
          trigger: "schedule",
          stateType: "FAILED",
          stateName: "TimedOut",
          durationMs: 125_000,
          error: "timed out after 120 s",
        }),
        runSummary({ id: "c", stateType: "SCHEDULED", stateName: "Late", startedAt: null, finishedAt: null, durationMs: null }),
      ],
    });
    open("#/runs");
    const table = await screen.findByRole("table");
    expect(queries(calls)).toEqual([
      { flowName: null, stateType: null, deploymentId: null, tag: null, since: null, until: null, limit: RUNS_PAGE_SIZE, offset: 0 },
    ]);
    expect(within(table).getAllByRole("columnheader").map((th) => th.textContent)).toEqual([
      "Flow",
      "State",
      "Tags",
      "Started",
      "Duration",
    ]);
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(3);
    // Flows by their titles; a flow the app no longer has by its name.
    expect(await within(rows[0]).findByRole("link", { name: "Maintenance" })).toHaveAttribute("href", "#/runs/a");
    expect(within(rows[1]).getByRole("link", { name: "discover_jobs" })).toBeInTheDocument();
    expect(within(rows[0]).getByRole("button", { name: "scheduled" })).toBeInTheDocument();
    expect(rows[0]).toHaveTextContent("Completed");
    expect(rows[0]).toHaveTextContent("2.3 s");
    expect(within(rows[1]).getByText("TimedOut")).toHaveAttribute("title", "timed out after 120 s");
    expect(rows[1]).toHaveTextContent("2 min 05 s");
    // No tags, not started, no duration.
    expect(within(rows[2]).getAllByText("—")).toHaveLength(3);
    // A short page: no next page.
    expect(screen.getByRole("button", { name: "Next →" })).toBeDisabled();
  });

  it("passes the filters and the page as the FlowRunQuery", async () => {
    const calls = mockRuns({
      search_flow_runs: (a) => {
        const q = a.query as { offset: number };
        return Array.from({ length: q.offset === 0 ? RUNS_PAGE_SIZE : 3 }, (_, i) =>
          runSummary({ id: `r${q.offset + i}` }),
        );
      },
    });
    open("#/runs");
    await screen.findByRole("table");
    await screen.findByRole("option", { name: "Maintenance" });

    await userEvent.selectOptions(screen.getByLabelText("Flow"), "maintenance");
    await userEvent.selectOptions(screen.getByLabelText("State"), "FAILED");
    fireEvent.change(screen.getByLabelText("Since"), { target: { value: "2026-11-20" } });
    await waitFor(() => expect(screen.getByLabelText("Since")).toHaveValue("2026-11-20"));
    fireEvent.change(screen.getByLabelText("Until"), { target: { value: "2026-11-25" } });
    await screen.findByRole("table");
    expect(window.location.hash).toBe("#/runs?flow=maintenance&state=FAILED&since=2026-11-20&until=2026-11-25");
    expect(queries(calls).at(-1)).toEqual({
      flowName: "maintenance",
      stateType: "FAILED",
      deploymentId: null,
      tag: null,
      since: new Date(2026, 10, 20).toISOString(),
      until: new Date(2026, 10, 26).toISOString(),
      limit: RUNS_PAGE_SIZE,
      offset: 0,
    });

    // A full page: the next one is asked for with the same filters.
    await userEvent.click(await screen.findByRole("button", { name: "Next →" }));
    await screen.findByText(/51–53/); // a short last page shows its own rows
    expect(queries(calls).at(-1)).toMatchObject({ flowName: "maintenance", stateType: "FAILED", offset: RUNS_PAGE_SIZE });
    await waitFor(() => expect(screen.getAllByRole("link", { name: "Daily job hunt" })).toHaveLength(3));
    expect(screen.getByRole("button", { name: "Next →" })).toBeDisabled();
  });

  it("shows progress while loading and reloads on Refresh", async () => {
    let release: (runs: FlowRunSummary[]) => void = () => {};
    let n = 0;
    mockRuns({
      search_flow_runs: () => {
        n += 1;
        if (n === 1) return new Promise<FlowRunSummary[]>((resolve) => (release = resolve));
        if (n === 2) return new Promise<FlowRunSummary[]>((resolve) => (release = resolve));
        return [];
      },
    });
    open("#/runs");
    expect(await screen.findByRole("status")).toHaveTextContent("Loading runs…");
    release([]);
    expect(await screen.findByText(/No runs yet/)).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Refresh" }));
    expect(screen.getByRole("button", { name: "Refresh" })).toBeDisabled();
    release([runSummary({ id: "later", flowName: "maintenance" })]);
    expect(await screen.findByRole("link", { name: "Maintenance" })).toHaveAttribute("href", "#/runs/later");
    expect(n).toBe(2);
  });

  it("filters by tag from the list of tags and from a run's tag", async () => {
    const calls = mockRuns({
      search_flow_runs: () => [runSummary({ id: "a", tags: ["scheduled", "production"] })],
    });
    open("#/runs");
    await screen.findByRole("table");
    await screen.findByRole("option", { name: "production" });
    await userEvent.selectOptions(screen.getByLabelText("Tag"), "production");
    await waitFor(() => expect(queries(calls).at(-1)).toMatchObject({ tag: "production", offset: 0 }));
    expect(window.location.hash).toBe("#/runs?tag=production");

    // A run's own tag filters by it too; Clear filters drops it.
    await userEvent.click(await screen.findByRole("button", { name: "scheduled" }));
    await waitFor(() => expect(queries(calls).at(-1)).toMatchObject({ tag: "scheduled" }));
    expect(screen.getByLabelText("Tag")).toHaveValue("scheduled");
    await userEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(queries(calls).at(-1)).toMatchObject({ tag: null }));
  });

  it("names the field when the date range is reversed and does not query", async () => {
    const calls = mockRuns({ search_flow_runs: () => [] });
    open("#/runs?since=2026-11-25&until=2026-11-20");
    expect(await screen.findByText("until: must be on or after since")).toBeInTheDocument();
    expect(queries(calls)).toEqual([]);
  });

  it("shows the empty state and the command error's message", async () => {
    mockRuns({ search_flow_runs: () => [] });
    open("#/runs");
    expect(await screen.findByText(/No runs yet/)).toBeInTheDocument();
  });

  it("shows a command error and Tauri's plain string rejections", async () => {
    mockRuns({
      search_flow_runs: () => {
        throw fail("database", "database is locked");
      },
      list_flows: () => {
        throw "Command list_flows not allowed by ACL";
      },
    });
    open("#/runs");
    const alerts = await screen.findAllByRole("alert");
    const text = alerts.map((a) => a.textContent).join(" | ");
    expect(text).toContain("Could not load runs. database is locked");
    expect(alerts.map((a) => a.querySelector(".error-code")?.textContent)).toContain("database");
    expect(text).toContain("Command list_flows not allowed by ACL");
  });
});

function running(): FlowRunDetail {
  return runDetail({
    parameters: { keywords: ["rust"] },
    run: runSummary({ id: "run-1", stateType: "RUNNING", stateName: "Running", finishedAt: null, durationMs: null, startedAt: new Date(Date.now() - 30_000).toISOString(), tags: ["scheduled", "production"] }),
    taskRuns: [
      taskRun({ id: "t1", taskName: "scrape_remoteok", status: "failed", callId: "c1", startedAt: new Date(Date.now() - 29_000).toISOString(), finishedAt: new Date(Date.now() - 25_000).toISOString(), durationMs: 4000, errorMessage: "HTTP 503", errorKind: "transient" }),
      taskRun({ id: "t2", taskName: "scrape_remoteok", status: "running", callId: "c1", attempt: 2, startedAt: new Date(Date.now() - 20_000).toISOString(), finishedAt: null, durationMs: null }),
    ],
    logs: [
      { id: "1", flowRunId: "run-1", taskRunId: "t1", ts: at(1), level: "WARN", target: "x", message: "retrying after HTTP 503" },
      { id: "2", flowRunId: "run-1", taskRunId: "t2", ts: at(2), level: "INFO", target: "x", message: "fetching page 2" },
    ],
  });
}

describe("Run detail", () => {
  it("shows the run, its task run timeline, logs and parameters; Cancel cancels it", async () => {
    const calls = mockRuns({ get_flow_run: () => running(), cancel_flow_run: () => "cancelling" });
    open("#/runs/run-1");
    expect(await screen.findByTestId("run-state")).toHaveTextContent(/^Running$/);
    expect(await screen.findByRole("heading", { name: /Daily job hunt/ })).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "get_flow_run")?.args).toEqual({ id: "run-1" });

    const rows = screen.getAllByTestId("timeline-row");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveAttribute("href", "#/audit/t1");
    expect(rows[0]).toHaveTextContent("attempt 1");
    expect(rows[0].getAttribute("title")).toContain("Error (transient): HTTP 503");
    expect(rows[1]).toHaveAttribute("href", "#/audit/t2");
    expect(rows[1]).toHaveTextContent("attempt 2");
    expect(rows[1]).toHaveClass("is-running");

    const log = screen.getByRole("log");
    expect(within(log).getAllByRole("row").map((r) => r.textContent)).toEqual([
      expect.stringContaining("retrying after HTTP 503"),
      expect.stringContaining("fetching page 2"),
    ]);
    expect(screen.getByLabelText("Parameters", { selector: "pre" })).toHaveTextContent('"rust"');
    expect(within(screen.getByRole("list", { name: "Tags" })).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "scheduled",
      "production",
    ]);
    expect(screen.queryByRole("button", { name: "Restart from failure" })).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(calls.find((c) => c.cmd === "cancel_flow_run")?.args).toEqual({ id: "run-1" });
    expect(await screen.findByText(/Cancelling: its tasks were told to stop/)).toBeInTheDocument();
  });

  it("restarts a failed run from its failure and opens the new run", async () => {
    const failed = runDetail({
      run: runSummary({ id: "run-9", stateType: "FAILED", stateName: "Failed", error: "scrape: every source failed" }),
      result: null,
    });
    const calls = mockRuns({ get_flow_run: (a) => (a.id === "run-9" ? failed : runDetail({ run: runSummary({ id: "run-10", stateType: "PENDING", stateName: "Pending", startedAt: null, finishedAt: null }) })), restart_flow_run: () => "run-10" });
    open("#/runs/run-9");
    expect(await screen.findByTestId("run-state")).toHaveTextContent("Failed");
    expect(screen.getByText("scrape: every source failed")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Cancel" })).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Restart from failure" }));
    expect(calls.find((c) => c.cmd === "restart_flow_run")?.args).toEqual({ id: "run-9" });
    expect(window.location.hash).toBe("#/runs/run-10");
    expect(await screen.findByText("Pending")).toBeInTheDocument();
  });

  it("shows why a restart was refused", async () => {
    mockRuns({
      get_flow_run: () => runDetail({ run: runSummary({ id: "run-9", stateType: "CRASHED", stateName: "Crashed" }) }),
      restart_flow_run: () => {
        throw fail("invalid_input", "the flow is no longer registered");
      },
    });
    open("#/runs/run-9");
    await userEvent.click(await screen.findByRole("button", { name: "Restart from failure" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not restart. the flow is no longer registered");
    expect(window.location.hash).toBe("#/runs/run-9");
  });

  it("shows a get_flow_run error", async () => {
    mockRuns({
      get_flow_run: () => {
        throw fail("not_found", "no flow run nope");
      },
    });
    open("#/runs/nope");
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not load the run. no flow run nope");
  });

  it("reloads live on this run's events", async () => {
    let detail: FlowRunDetail = running();
    const calls = mockRuns({ get_flow_run: () => detail }, true);
    open("#/runs/run-1");
    expect(await screen.findByTestId("run-state")).toHaveTextContent("Running");
    const loads = () => calls.filter((c) => c.cmd === "get_flow_run").length;
    expect(loads()).toBe(1);

    const other: RunEvent = { kind: "log", flowRunId: "other", taskrunId: null, level: "INFO", message: "x" };
    await emit("run-event", other);
    detail = { ...detail, run: { ...detail.run, stateType: "COMPLETED", stateName: "Completed", finishedAt: new Date().toISOString(), durationMs: 31_000 } as FlowRunSummary };
    const mine: RunEvent = { kind: "flowRunState", flowRunId: "run-1", flowName: "daily_job_hunt", deploymentId: null, stateType: "COMPLETED", stateName: "Completed", error: null };
    await emit("run-event", mine);
    await screen.findByText("Completed", undefined, { timeout: 2000 });
    expect(screen.getByTestId("run-state")).toHaveTextContent(/^Completed$/);
    expect(loads()).toBe(2);
    expect(screen.queryByRole("button", { name: "Cancel" })).not.toBeInTheDocument();
  });
});
