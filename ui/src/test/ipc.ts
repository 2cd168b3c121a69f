/** Mocked IPC for component tests: a router of command handlers that records every call. */
import { mockIPC } from "@tauri-apps/api/mocks";

/** One command call: its snake_case name and camelCase arguments. */
export type Call = { cmd: string; args: Record<string, unknown> };
export type Handler = (args: Record<string, unknown>) => unknown;

/**
 * Answers each command with `handlers[cmd]` (a thrown `{code, message}` is an error result) and
 * returns the calls made, in order. A command without a handler fails the call. Event plumbing
 * (`plugin:event|…`) is not recorded: with `events`, `emit` from @tauri-apps/api/event reaches
 * the listeners; without, subscribing quietly does nothing.
 */
export function mockCommands(handlers: Record<string, Handler>, { events = false } = {}): Call[] {
  const calls: Call[] = [];
  mockIPC(
    (cmd, args) => {
      if (cmd.startsWith("plugin:")) return null;
      const a = (args ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args: a });
      const handler = handlers[cmd];
      if (!handler) throw new Error(`unexpected command ${cmd}`);
      return handler(a);
    },
    { shouldMockEvents: events },
  );
  return calls;
}

/** The arguments of every call of `cmd`, in order. */
export function argsOf(calls: Call[], cmd: string): Record<string, unknown>[] {
  return calls.filter((c) => c.cmd === cmd).map((c) => c.args);
}
