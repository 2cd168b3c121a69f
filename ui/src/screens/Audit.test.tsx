import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import type {
  CallStatsDto,
  ReplayResult,
  TaskRunDetail,
  TaskRunPage,
  TaskRunQuery,
  TaskRunSummary,
} from "../bindings";
import { useRoute } from "../lib/router";
import Audit from "./Audit";
import { AUDIT_PAGE_SIZE } from "./audit/AuditList";
import { argsOf, fail, mockCommands, type Call } from "../test/ipc";
import { renderWithQueries } from "../test/queries";

const render = renderWithQueries;

function Harness() {
  const route = useRoute();
  return <Audit route={route} />;
}

function taskRun(overrides: Partial<TaskRunSummary> = {}): TaskRunSummary {
  return {
    id: "tr-1",
    operationName: "fetch_source",
    taskName: "fetch_source",
    status: "success",
    startedAt: "2026-11-26T09:00:00Z",
    finishedAt: "2026-11-26T09:00:02Z",
    durationMs: 2000,
    actor: "flow:discover_jobs",
    orchestrated: true,
    flowRunId: "flow-run-123456789",
    callId: "call-1",
    attempt: 1,
    errorMessage: null,
    errorKind: null,
    replayOf: null,
    ...overrides,
  };
}

function page(
  items: TaskRunSummary[],
  cursors: { nextCursor?: string | null; prevCursor?: string | null } = {},
): TaskRunPage {
  const nextCursor = cursors.nextCursor ?? null;
  return { items, offset: 0, limit: AUDIT_PAGE_SIZE, hasMore: nextCursor !== null, nextCursor, prevCursor: cursors.prevCursor ?? null };
}

const STATS: CallStatsDto[] = [
  {
    group: "fetch_source",
    calls: 40,
    attempts: 44,
    successes: 38,
    failures: 2,
    successRate: 0.95,
    avgDurationMs: 1500,
    totalDurationMs: 60_000,
    p95DurationMs: 125_000,
  },
  {
    group: "score_jobs",
    calls: 3,
    attempts: 3,
    successes: 3,
    failures: 0,
    successRate: 1,
    avgDurationMs: 300,
    totalDurationMs: 900,
    p95DurationMs: 450,
  },
];

const BY_ACTOR: CallStatsDto[] = [
  { ...STATS[0], group: "desktop", calls: 5 },
  { ...STATS[1], group: "scheduler", calls: 7 },
];

function detail(overrides: Partial<TaskRunDetail> = {}): TaskRunDetail {
  return {
    summary: taskRun({
      id: "tr-9",
      status: "failed",
      errorMessage: "HTTP 503 from board",
      errorKind: "transient",
      attempt: 3,
      replayOf: "tr-0",
    }),
    input: { source: "greenhouse:acme", pages: 2 },
    inputHash: "abc123",
    output: null,
    resultRefs: [
      { kind: "job", id: "job-42" },
      { kind: "document", id: "doc-7" },
    ],
    errorTraceback: "Traceback:\n  at fetch (board.rs:10)\n  at run (ops.rs:99)",
    tags: ["network", "board"],
    metadata: { host: "boards.example.com" },
    cacheKey: "fetch:acme",
    logs: [
      {
        id: "1",
        flowRunId: "flow-run-123456789",
        taskRunId: "tr-9",
        ts: "2026-11-26T09:00:01Z",
        level: "WARN",
        target: "ops",
        message: "retrying after 503",
      },
    ],
    ...overrides,
  };
}

function queries(calls: Call[]): TaskRunQuery[] {
  return calls.filter((c) => c.cmd === "list_task_runs").map((c) => c.args.query as TaskRunQuery);
}

const EMPTY_QUERY: TaskRunQuery = {
  flowRunId: null,
  status: null,
  operation: null,
  since: null,
  until: null,
  limit: AUDIT_PAGE_SIZE,
  offset: null,
  after: null,
  before: null,
};

beforeEach(() => {
  window.location.hash = "#/audit";
});

describe("Audit list", () => {
  it("reads its filters from the route query and lists the page with the stats", async () => {
    window.location.hash = "#/audit?operation=fetch_source&flowRun=flow-run-123456789";
    const calls = mockCommands({
      list_task_runs: () =>
        page([
          taskRun(),
          taskRun({ id: "tr-2", status: "failed", errorMessage: "HTTP 503", attempt: 2, durationMs: 125_000 }),
        ]),
      operation_stats: () => STATS,
    });
    render(<Harness />);

    const rows = await screen.findAllByTestId("taskrun-row");
    expect(rows).toHaveLength(2);
    expect(queries(calls)).toEqual([
      { ...EMPTY_QUERY, operation: "fetch_source", flowRunId: "flow-run-123456789" },
    ]);
    expect(within(rows[0]).getByRole("link", { name: "fetch_source" })).toHaveAttribute("href", "#/audit/tr-1");
    expect(within(rows[0]).getByRole("link", { name: "flow-run…" })).toHaveAttribute(
      "href",
      "#/runs/flow-run-123456789",
    );
    expect(rows[1]).toHaveTextContent("failed");
    expect(rows[1]).toHaveTextContent("HTTP 503");
    expect(rows[1]).toHaveTextContent("2 min 05 s");

    expect(screen.getByLabelText("Operation")).toHaveValue("fetch_source");
    expect(screen.getByLabelText("Flow run id")).toHaveValue("flow-run-123456789");

    const stats = await screen.findByRole("table", { name: "Call statistics" });
    const statRows = within(stats).getAllByRole("row").slice(1);
    expect(statRows[0]).toHaveTextContent("fetch_source");
    expect(statRows[0]).toHaveTextContent("40");
    expect(statRows[0]).toHaveTextContent("1 min 00 s");
    expect(statRows[0]).toHaveTextContent("95.0 %");
    expect(statRows[0]).toHaveTextContent("1.5 s");
    expect(statRows[0]).toHaveTextContent("2 min 05 s");
    expect(statRows[1]).toHaveTextContent("100.0 %");
    expect(within(statRows[1]).getByRole("link", { name: "score_jobs" })).toHaveAttribute(
      "href",
      "#/audit?operation=score_jobs",
    );
  });

  it("sends the chosen operation, status and flow run to list_task_runs and keeps them in the route", async () => {
    const calls = mockCommands({
      list_task_runs: () => page([taskRun()]),
      operation_stats: () => STATS,
    });
    render(<Harness />);
    await screen.findAllByTestId("taskrun-row");
    await screen.findByRole("option", { name: "score_jobs" });

    await userEvent.selectOptions(screen.getByLabelText("Operation"), "score_jobs");
    await waitFor(() => expect(queries(calls).at(-1)).toEqual({ ...EMPTY_QUERY, operation: "score_jobs" }));

    await userEvent.selectOptions(screen.getByLabelText("Status"), "timed out");
    await waitFor(() =>
      expect(queries(calls).at(-1)).toEqual({ ...EMPTY_QUERY, operation: "score_jobs", status: "timed_out" }),
    );

    await userEvent.type(screen.getByLabelText("Flow run id"), "run-77");
    await waitFor(() =>
      expect(queries(calls).at(-1)).toEqual({
        ...EMPTY_QUERY,
        operation: "score_jobs",
        status: "timed_out",
        flowRunId: "run-77",
      }),
    );
    // Debounced: one query for the whole id, not one per keystroke.
    expect(queries(calls).filter((q) => q.flowRunId !== null)).toHaveLength(1);
    expect(window.location.hash).toBe("#/audit?operation=score_jobs&status=timed_out&flowRun=run-77");
  });

  it("filters by time as RFC 3339 and flags a range that ends before it starts", async () => {
    const calls = mockCommands({
      list_task_runs: () => page([taskRun()]),
      operation_stats: () => [],
    });
    render(<Harness />);
    await screen.findAllByTestId("taskrun-row");

    fireEvent.change(screen.getByLabelText("Since"), { target: { value: "2026-11-20T08:30" } });
    const since = new Date("2026-11-20T08:30").toISOString();
    await waitFor(() => expect(queries(calls).at(-1)).toEqual({ ...EMPTY_QUERY, since }));

    const before = queries(calls).length;
    fireEvent.change(screen.getByLabelText("Until"), { target: { value: "2026-11-19T08:30" } });
    expect(await screen.findByText("until: must be after since")).toBeInTheDocument();
    expect(screen.getByLabelText("Until")).toHaveAttribute("aria-invalid", "true");
    expect(queries(calls)).toHaveLength(before);

    fireEvent.change(screen.getByLabelText("Until"), { target: { value: "2026-11-21T08:30" } });
    const until = new Date("2026-11-21T08:30").toISOString();
    await waitFor(() => expect(queries(calls).at(-1)).toEqual({ ...EMPTY_QUERY, since, until }));
    expect(screen.queryByText("until: must be after since")).not.toBeInTheDocument();
  });

  it("pages on the server by markers: the task run ids at the page's edges", async () => {
    const calls = mockCommands({
      list_task_runs: (args) => {
        const q = args.query as TaskRunQuery;
        const second = q.after === "tr-99";
        const start = second ? 100 : 0;
        const items = Array.from({ length: second ? 3 : AUDIT_PAGE_SIZE }, (_, i) =>
          taskRun({ id: `tr-${start + i}`, operationName: `op-${start + i}` }),
        );
        return second ? page(items, { prevCursor: "tr-100" }) : page(items, { nextCursor: "tr-99" });
      },
      operation_stats: () => [],
    });
    render(<Harness />);
    expect(await screen.findAllByTestId("taskrun-row")).toHaveLength(AUDIT_PAGE_SIZE);
    expect(screen.getByRole("button", { name: "← Previous" })).toBeDisabled();

    await userEvent.click(screen.getByRole("button", { name: "Next →" }));
    await waitFor(() => expect(screen.getAllByTestId("taskrun-row")).toHaveLength(3));
    expect(queries(calls).at(-1)).toEqual({ ...EMPTY_QUERY, after: "tr-99" });
    expect(window.location.hash).toBe("#/audit?after=tr-99");
    expect(screen.getByText("op-100")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Next →" })).toBeDisabled();

    await userEvent.click(screen.getByRole("button", { name: "← Previous" }));
    await waitFor(() => expect(queries(calls).at(-1)).toEqual({ ...EMPTY_QUERY, before: "tr-100" }));
    expect(window.location.hash).toBe("#/audit?before=tr-100");
  });

  it("groups the statistics by who started the calls and filters flows' calls", async () => {
    const calls = mockCommands({
      list_task_runs: () => page([taskRun()]),
      operation_stats: (a) => ((a.query as { by: string }).by === "actor" ? BY_ACTOR : STATS),
    });
    render(<Harness />);
    await screen.findByRole("table", { name: "Call statistics" });
    expect(argsOf(calls, "operation_stats")[0]).toEqual({ query: { by: "operation", orchestrated: null, since: null } });

    await userEvent.selectOptions(screen.getByLabelText("Group by"), "Who started it");
    const table = await screen.findByRole("table", { name: "Call statistics" });
    await waitFor(() => expect(within(table).getByRole("columnheader", { name: "Who started it" })).toBeInTheDocument());
    await screen.findByText("You, in the app");
    expect(screen.getByText("A schedule")).toHaveAttribute("title", "scheduler");

    await userEvent.selectOptions(screen.getByLabelText("Calls"), "Made by flows");
    await waitFor(() =>
      expect(argsOf(calls, "operation_stats").at(-1)).toEqual({ query: { by: "actor", orchestrated: true, since: null } }),
    );
    await userEvent.selectOptions(screen.getByLabelText("Calls"), "Started directly");
    await waitFor(() =>
      expect(argsOf(calls, "operation_stats").at(-1)).toEqual({ query: { by: "actor", orchestrated: false, since: null } }),
    );
  });

  it("shows the command error's message", async () => {
    mockCommands({
      list_task_runs: () => {
        throw fail("database", "database is locked");
      },
      operation_stats: () => STATS,
    });
    render(<Harness />);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not load task runs. database is locked");
    expect(alert).toHaveTextContent("database");
  });
});

describe("Audit detail", () => {
  it("shows the summary, input, error with traceback, refs, tags, metadata and logs", async () => {
    window.location.hash = "#/audit/tr-9";
    const calls = mockCommands({ get_task_run: () => detail() });
    render(<Harness />);

    expect(await screen.findByTestId("taskrun-status")).toHaveTextContent("failed");
    expect(calls).toEqual([{ cmd: "get_task_run", args: { id: "tr-9" } }]);
    expect(screen.getByTestId("taskrun-error")).toHaveTextContent("HTTP 503 from board");
    expect(screen.getByLabelText("Traceback")).toHaveTextContent("at fetch (board.rs:10)");
    expect(screen.getByLabelText("Input")).toHaveTextContent('"source": "greenhouse:acme"');
    expect(screen.getByText("No output.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "job:job-42" })).toHaveAttribute("href", "#/jobs/job-42");
    expect(screen.getByText("document:doc-7")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "flow-run-123456789" })).toHaveAttribute(
      "href",
      "#/runs/flow-run-123456789",
    );
    expect(screen.getByRole("link", { name: "tr-0" })).toHaveAttribute("href", "#/audit/tr-0");
    expect(screen.getByText("network")).toBeInTheDocument();
    expect(screen.getByText("fetch:acme")).toBeInTheDocument();
    expect(screen.getByLabelText("Metadata")).toHaveTextContent("boards.example.com");
    expect(screen.getByLabelText("Log lines")).toHaveTextContent("retrying after 503");
  });

  it("replays as recorded", async () => {
    window.location.hash = "#/audit/tr-9";
    const result: ReplayResult = { taskrunId: "tr-10", status: "success", attempts: 1, output: { jobs: 12 }, error: null };
    const calls = mockCommands({ get_task_run: () => detail(), replay_task_run: () => result });
    render(<Harness />);
    await userEvent.click(await screen.findByRole("button", { name: "Replay" }));

    const outcome = await screen.findByTestId("replay-result");
    expect(calls.at(-1)).toEqual({ cmd: "replay_task_run", args: { id: "tr-9", inputJson: null } });
    expect(outcome).toHaveTextContent("success");
    expect(outcome).toHaveTextContent("after 1 attempt");
    expect(within(outcome).getByLabelText("Replay output")).toHaveTextContent('"jobs": 12');
    expect(within(outcome).getByRole("link", { name: "Open the new task run" })).toHaveAttribute(
      "href",
      "#/audit/tr-10",
    );
  });

  it("replays with edits: flags invalid JSON inline, then sends the edited input", async () => {
    window.location.hash = "#/audit/tr-9";
    const result: ReplayResult = {
      taskrunId: "tr-11",
      status: "failed",
      attempts: 3,
      output: null,
      error: "HTTP 404 from board",
    };
    const calls = mockCommands({ get_task_run: () => detail(), replay_task_run: () => result });
    render(<Harness />);
    await userEvent.click(await screen.findByRole("button", { name: "Replay with edits" }));

    const editor = screen.getByLabelText("Input (JSON)");
    expect(JSON.parse((editor as HTMLTextAreaElement).value)).toEqual({ source: "greenhouse:acme", pages: 2 });

    fireEvent.change(editor, { target: { value: '{"source": "greenhouse:acme",' } });
    await userEvent.click(screen.getByRole("button", { name: "Replay with this input" }));
    expect(await screen.findByText(/^input: not valid JSON: /)).toBeInTheDocument();
    expect(editor).toHaveAttribute("aria-invalid", "true");
    expect(calls.filter((c) => c.cmd === "replay_task_run")).toHaveLength(0);

    const edited = '{"source": "greenhouse:other", "pages": 1}';
    fireEvent.change(editor, { target: { value: edited } });
    expect(screen.queryByText(/not valid JSON/)).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Replay with this input" }));

    const outcome = await screen.findByTestId("replay-result");
    expect(calls.filter((c) => c.cmd === "replay_task_run")).toEqual([
      { cmd: "replay_task_run", args: { id: "tr-9", inputJson: edited } },
    ]);
    expect(outcome).toHaveTextContent("failed");
    expect(outcome).toHaveTextContent("after 3 attempts");
    expect(outcome).toHaveTextContent("HTTP 404 from board");
  });

  it("shows a failed replay call's message", async () => {
    window.location.hash = "#/audit/tr-9";
    mockCommands({
      get_task_run: () => detail(),
      replay_task_run: () => {
        throw fail("invalid_input", "operation fetch_source cannot be replayed");
      },
    });
    render(<Harness />);
    await userEvent.click(await screen.findByRole("button", { name: "Replay" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Replay failed. operation fetch_source cannot be replayed");
  });

  it("shows a missing task run's error", async () => {
    window.location.hash = "#/audit/nope";
    mockCommands({
      get_task_run: () => {
        throw fail("not_found", "task run nope not found");
      },
    });
    render(<Harness />);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("task run nope not found");
    expect(alert).toHaveTextContent("not_found");
  });

  it("follows a link to another task run", async () => {
    window.location.hash = "#/audit/tr-9";
    const calls = mockCommands({
      get_task_run: (args) =>
        args.id === "tr-0" ? detail({ summary: taskRun({ id: "tr-0", operationName: "older_op" }) }) : detail(),
    });
    render(<Harness />);
    await screen.findByTestId("taskrun-status");
    await act(async () => {
      window.location.hash = "#/audit/tr-0";
    });
    expect(await screen.findByRole("heading", { name: /older_op/ })).toBeInTheDocument();
    expect(calls.map((c) => c.args.id)).toEqual(["tr-9", "tr-0"]);
  });
});
