import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it } from "vitest";
import type { FlowRunSummary } from "../bindings";
import RecentRuns, { RECENT_RUNS_LIMIT } from "./RecentRuns";

function run(overrides: Partial<FlowRunSummary>): FlowRunSummary {
  return {
    id: "run-1",
    flowName: "maintenance",
    trigger: "cli",
    stateType: "COMPLETED",
    stateName: "Completed",
    createdAt: "2026-11-26T09:00:00Z",
    startedAt: "2026-11-26T09:00:01Z",
    finishedAt: "2026-11-26T09:00:03Z",
    durationMs: 2345,
    error: null,
    ...overrides,
  };
}

describe("RecentRuns", () => {
  it("renders the runs returned by list_flow_runs", async () => {
    const calls: Array<{ cmd: string; args: unknown }> = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === "list_flow_runs") {
        return [
          run({ id: "a", flowName: "maintenance", durationMs: 2345 }),
          run({
            id: "b",
            flowName: "discover_jobs",
            trigger: "schedule",
            stateType: "FAILED",
            stateName: "TimedOut",
            durationMs: 125_000,
            error: "timed out after 120 s",
          }),
          run({
            id: "c",
            flowName: "daily_digest",
            stateType: "SCHEDULED",
            stateName: "Late",
            startedAt: null,
            finishedAt: null,
            durationMs: null,
          }),
        ];
      }
      throw new Error(`unexpected command ${cmd}`);
    });

    render(<RecentRuns />);

    const table = await screen.findByRole("table");
    expect(calls).toEqual([{ cmd: "list_flow_runs", args: { limit: RECENT_RUNS_LIMIT } }]);

    const headers = within(table)
      .getAllByRole("columnheader")
      .map((th) => th.textContent);
    expect(headers).toEqual(["Flow", "State", "Started", "Duration"]);

    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent("maintenance");
    expect(rows[0]).toHaveTextContent("Completed");
    expect(rows[0]).toHaveTextContent("2.3 s");
    expect(rows[1]).toHaveTextContent("discover_jobs");
    expect(within(rows[1]).getByText("TimedOut")).toHaveAttribute("title", "timed out after 120 s");
    expect(rows[1]).toHaveTextContent("2 min 05 s");
    expect(rows[2]).toHaveTextContent("Late");
    expect(within(rows[2]).getAllByText("—")).toHaveLength(2);
  });

  it("shows the empty state when there are no runs", async () => {
    mockIPC(() => []);
    render(<RecentRuns />);
    expect(await screen.findByText(/No runs yet/)).toHaveTextContent(
      "No runs yet — run jobhunter flows run maintenance",
    );
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
  });

  it("shows the command error's message", async () => {
    mockIPC(() => {
      // A command error reaches the UI as the serialized `{ code, message }`.
      throw { code: "storage", message: "database is locked" };
    });
    render(<RecentRuns />);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not load runs.");
    expect(alert).toHaveTextContent("database is locked");
    expect(alert).toHaveTextContent("storage");
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
  });

  it("shows Tauri's own rejections, which are plain strings", async () => {
    mockIPC(() => {
      throw "Command list_flow_runs not allowed by ACL";
    });
    render(<RecentRuns />);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not load runs. Command list_flow_runs not allowed by ACL");
  });

  it("shows a loading state, then reloads on Refresh", async () => {
    let release: (runs: FlowRunSummary[]) => void = () => {};
    let calls = 0;
    mockIPC(() => {
      calls += 1;
      if (calls === 1) return [];
      return new Promise<FlowRunSummary[]>((resolve) => {
        release = resolve;
      });
    });

    render(<RecentRuns />);
    await screen.findByText(/No runs yet/);

    await userEvent.click(screen.getByRole("button", { name: "Refresh" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Loading runs…");
    expect(screen.getByRole("button", { name: "Refresh" })).toBeDisabled();

    release([run({ id: "later", flowName: "maintenance" })]);
    expect(await screen.findByRole("table")).toHaveTextContent("maintenance");
    expect(calls).toBe(2);
  });
});
