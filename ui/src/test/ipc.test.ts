import { describe, expect, it } from "vitest";
import { commands } from "../bindings";
import { flowDto } from "./fixtures";
import { argsOf, fail, mockCommands, type CommandName, type SnakeCase } from "./ipc";

/** The runtime twin of `SnakeCase`. */
function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

describe("mockCommands", () => {
  it("names every command as the bindings invoke it", async () => {
    const names = Object.keys(commands) as (keyof typeof commands)[];
    expect(names.length).toBeGreaterThan(0);
    const calls = mockCommands(
      Object.fromEntries(names.map((name) => [snakeCase(name), () => null])),
    );
    for (const name of names) {
      const binding = commands[name] as (...args: unknown[]) => Promise<unknown>;
      await binding();
    }
    expect(calls.map((c) => c.cmd)).toEqual(names.map(snakeCase));
    const invoked: CommandName = "list_flow_runs" satisfies SnakeCase<"listFlowRuns">;
    expect(invoked).toBe(snakeCase("listFlowRuns"));
  });

  it("answers with the handler's data or its thrown error, and records the calls", async () => {
    const calls = mockCommands({
      list_flows: () => [flowDto("maintenance")],
      get_flow_run: () => {
        throw fail("not_found", "no flow run abc");
      },
    });
    const flows = await commands.listFlows();
    expect(flows).toMatchObject({ status: "ok", data: [{ name: "maintenance" }] });
    expect(await commands.getFlowRun("abc")).toEqual({
      status: "error",
      error: { code: "not_found", message: "no flow run abc" },
    });
    await expect(commands.listDeployments()).rejects.toThrow("unexpected command list_deployments");
    expect(argsOf(calls, "get_flow_run")).toEqual([{ id: "abc" }]);
  });

  it("rejects mocks that drift from the bindings (checked by tsc)", () => {
    // Each line below must fail the type-check; `tsc -p .` fails if one compiles.
    const drifted = () => {
      // @ts-expect-error: no such command.
      mockCommands({ list_flowz: () => [] });
      // @ts-expect-error: a FlowInfo misses its fields.
      mockCommands({ list_flows: () => [{ name: "daily_job_hunt" }] });
      // @ts-expect-error: start_flow answers with the run's id.
      mockCommands({ start_flow: () => 42 });
      // @ts-expect-error: the invoked name is snake_case.
      mockCommands({ listFlows: () => [] });
    };
    expect(typeof drifted).toBe("function");
  });
});
