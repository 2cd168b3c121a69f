/**
 * Mocked IPC for component tests: a router of command handlers that records every call.
 *
 * The handlers are typed from the generated bindings: each command is named as it is invoked
 * (snake_case, `list_flows`) and must return what the binding resolves to on success, so a mock
 * that drifts from the Rust command (a renamed command, a changed field) fails the type-check.
 */
import { mockIPC } from "@tauri-apps/api/mocks";
import type { CommandError, commands } from "../bindings";

type Commands = typeof commands;

/** `listFlowRuns` -> `list_flow_runs`: tauri-specta's camelCase function name as invoked. */
export type SnakeCase<S extends string> = S extends `${infer C}${infer Rest}`
  ? `${C extends Lowercase<C> ? C : `_${Lowercase<C>}`}${SnakeCase<Rest>}`
  : S;

/** What a command's binding resolves to on success (the `data` of its `ok` result). */
type OkData<F> = F extends (...args: never[]) => Promise<infer R> ? Extract<R, { status: "ok" }> extends { data: infer T } ? T : never : never;

/** Every command by the name it is invoked with, to the data it answers with. */
export type CommandData = { [K in keyof Commands & string as SnakeCase<K>]: OkData<Commands[K]> };

/** A command's name as invoked (`list_flows`, `start_flow`, ...). */
export type CommandName = keyof CommandData;

/** The camelCase arguments a command was invoked with (`{ name, paramsJson }`). */
export type Args = Record<string, unknown>;

/** One command call: its snake_case name and camelCase arguments. */
export type Call = { cmd: string; args: Args };

/** Answers command `C`: its data (or a promise of it), or throws a `CommandError` (see `fail`). */
export type Handler<C extends CommandName> = (args: Args) => CommandData[C] | Promise<CommandData[C]>;

/** Handlers by command name; a command without one fails when called. */
export type Handlers = { [C in CommandName]?: Handler<C> };

/** A command error for a handler to throw: `throw fail("not_found", "no run abc")`. */
export function fail(code: CommandError["code"], message: string): CommandError {
  return { code, message };
}

/**
 * Answers each command with `handlers[cmd]` (a thrown `{code, message}` is an error result) and
 * returns the calls made, in order. A command without a handler fails the call. Event plumbing
 * (`plugin:event|…`) is not recorded: with `events`, `emit` from @tauri-apps/api/event reaches
 * the listeners; without, subscribing quietly does nothing.
 */
export function mockCommands(handlers: Handlers, { events = false } = {}): Call[] {
  const calls: Call[] = [];
  mockIPC(
    (cmd, args) => {
      if (cmd.startsWith("plugin:")) return null;
      const a = (args ?? {}) as Args;
      calls.push({ cmd, args: a });
      const handler = (handlers as Partial<Record<string, (args: Args) => unknown>>)[cmd];
      if (!handler) throw new Error(`unexpected command ${cmd}`);
      return handler(a);
    },
    { shouldMockEvents: events },
  );
  return calls;
}

/** The arguments of every call of `cmd`, in order. */
export function argsOf(calls: Call[], cmd: CommandName): Args[] {
  return calls.filter((c) => c.cmd === cmd).map((c) => c.args);
}
