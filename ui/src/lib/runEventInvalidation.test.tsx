import { emit } from "@tauri-apps/api/event";
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { commands, type RunEvent } from "../bindings";
import { deploymentDto } from "../test/fixtures";
import { mockCommands } from "../test/ipc";
import { renderWithQueries } from "../test/queries";
import { runDetail } from "../screens/runs/fixtures";
import { call } from "./command";
import { useCommandQuery } from "./queries";
import { queryKeys } from "./queryKeys";
import { keysToInvalidate } from "./runEventInvalidation";

const state = (overrides: Partial<Extract<RunEvent, { kind: "flowRunState" }>> = {}): RunEvent => ({
  kind: "flowRunState",
  flowRunId: "r1",
  flowName: "daily_job_hunt",
  deploymentId: null,
  stateType: "RUNNING",
  stateName: "Running",
  error: null,
  ...overrides,
});

const finished = (operationName: string): RunEvent => ({
  kind: "taskRunFinished",
  taskrunId: "t1",
  flowRunId: "r1",
  taskName: operationName,
  operationName,
  attempt: 1,
  status: "success",
  durationMs: 12,
  error: null,
});

const log: RunEvent = { kind: "log", flowRunId: "r1", taskrunId: "t1", level: "info", message: "hello" };

describe("keysToInvalidate", () => {
  it("refreshes the runs on a state change, and what a finished run changed", () => {
    expect(keysToInvalidate(state())).toEqual([["flowRuns", "list"], ["flowRuns", "detail", "r1"]]);
    expect(keysToInvalidate(state({ deploymentId: "d1", stateType: "COMPLETED" }))).toEqual([
      queryKeys.flowRuns.lists(),
      queryKeys.flowRuns.detail("r1"),
      queryKeys.deployments.all,
      queryKeys.runHealth.all,
      queryKeys.jobs.all,
      queryKeys.setup.status(),
    ]);
    expect(keysToInvalidate(state({ stateType: "FAILED" }))).toContainEqual(queryKeys.runHealth.all);
    expect(keysToInvalidate(state({ stateType: "FAILED" }))).not.toContainEqual(queryKeys.jobs.all);
  });

  it("refreshes the audit and the run on task runs, and what their operation wrote", () => {
    expect(keysToInvalidate({ kind: "taskRunStarted", taskrunId: "t1", flowRunId: null, taskName: "x", operationName: "x", attempt: 1 })).toEqual([
      queryKeys.taskRuns.lists(),
    ]);
    const plain = keysToInvalidate(finished("fetch_source"));
    expect(plain).toEqual([
      queryKeys.taskRuns.lists(),
      queryKeys.taskRuns.detail("t1"),
      queryKeys.taskRuns.stats(),
      queryKeys.flowRuns.detail("r1"),
    ]);
    expect(keysToInvalidate(finished("apply_job"))).toContainEqual(queryKeys.applications.all);
    expect(keysToInvalidate(finished("generate_cv"))).toContainEqual(queryKeys.documents.all);
  });

  it("refreshes the run and the task run of a log line", () => {
    expect(keysToInvalidate(log)).toEqual([queryKeys.flowRuns.detail("r1"), queryKeys.taskRuns.detail("t1")]);
    expect(keysToInvalidate({ ...log, flowRunId: null, taskrunId: null })).toEqual([]);
  });
});

function RunAndSchedules({ id }: { id: string }) {
  const run = useCommandQuery(queryKeys.flowRuns.detail(id), () => call(commands.getFlowRun(id)));
  const deployments = useCommandQuery(queryKeys.deployments.list(), () => call(commands.listDeployments()));
  return (
    <p data-testid="state">
      {run.kind}:{run.data?.run.stateName ?? "-"} {deployments.kind}:{deployments.data?.length ?? "-"}
    </p>
  );
}

describe("useInvalidateOnRunEvents", () => {
  it("refetches the shown reads an event affects, once per burst", async () => {
    let stateName = "Running";
    const calls = mockCommands(
      {
        get_flow_run: () => {
          const detail = runDetail();
          return { ...detail, run: { ...detail.run, id: "r1", stateName } };
        },
        list_deployments: () => [deploymentDto()],
      },
      { events: true },
    );
    renderWithQueries(<RunAndSchedules id="r1" />);
    await waitFor(() => expect(screen.getByTestId("state")).toHaveTextContent("ready:Running ready:1"));
    const count = (cmd: string) => calls.filter((c) => c.cmd === cmd).length;
    expect([count("get_flow_run"), count("list_deployments")]).toEqual([1, 1]);

    stateName = "Completed";
    for (let i = 0; i < 20; i++) await emit("run-event", log);
    await emit("run-event", { ...log, flowRunId: "another run" });
    await waitFor(() => expect(screen.getByTestId("state")).toHaveTextContent("ready:Completed ready:1"));
    expect([count("get_flow_run"), count("list_deployments")]).toEqual([2, 1]);

    await emit("run-event", state({ deploymentId: "dep-1" }));
    await waitFor(() => expect(count("list_deployments")).toBe(2));
    expect(count("get_flow_run")).toBe(3);
  });
});
