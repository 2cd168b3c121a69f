import { describe, expect, it } from "vitest";
import { T0, at, runSummary as run, taskRun as task } from "./fixtures";
import { canRestart, isTerminal, layoutTimeline } from "./timeline";

describe("layoutTimeline", () => {
  it("places bars relative to the run's start, sized by duration", () => {
    const tl = layoutTimeline(run(), [
      task({ id: "a", startedAt: at(0), finishedAt: at(25) }),
      task({ id: "b", callId: "c2", startedAt: at(50), finishedAt: at(100) }),
    ], T0 + 500_000);
    expect(tl.totalMs).toBe(100_000);
    expect(tl.bars.map((b) => [b.offset, b.width, b.attemptLabel])).toEqual([
      [0, 25, null],
      [50, 50, null],
    ]);
  });

  it("grows running bars to now while the run is not over, and labels retries", () => {
    const r = run({ stateType: "RUNNING", stateName: "Running", finishedAt: null, durationMs: null });
    const tasks = [
      task({ id: "a", status: "failed", startedAt: at(0), finishedAt: at(10) }),
      task({ id: "b", attempt: 2, status: "running", startedAt: at(20), finishedAt: null, durationMs: null }),
    ];
    const tl = layoutTimeline(r, tasks, T0 + 40_000);
    expect(tl.totalMs).toBe(40_000);
    expect(tl.bars[1]).toMatchObject({ offset: 50, width: 50, running: true, elapsedMs: 20_000, attemptLabel: "attempt 2" });
    expect(tl.bars[0].attemptLabel).toBe("attempt 1");
    const later = layoutTimeline(r, tasks, T0 + 80_000);
    expect(later.bars[1].width).toBe(75);
  });

  it("keeps instant tasks visible and stops bars of a finished run", () => {
    const r = run({ stateType: "CRASHED", stateName: "Crashed" });
    const tl = layoutTimeline(r, [
      task({ startedAt: at(10), finishedAt: at(10), durationMs: 0 }),
      task({ id: "x", callId: "c9", status: "running", startedAt: at(50), finishedAt: null, durationMs: null }),
    ], T0 + 1_000_000);
    expect(tl.totalMs).toBe(100_000);
    expect(tl.bars[0].width).toBe(0.5);
    expect(tl.bars[1].running).toBe(false);
  });
});

describe("states", () => {
  it("knows terminal and restartable states", () => {
    expect(isTerminal("RUNNING")).toBe(false);
    expect(isTerminal("CRASHED")).toBe(true);
    expect(canRestart("FAILED")).toBe(true);
    expect(canRestart("COMPLETED")).toBe(false);
  });
});
