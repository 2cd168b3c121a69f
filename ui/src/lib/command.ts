/**
 * Calling typed commands: every command resolves to `Result<T, CommandError>`; `call` turns an
 * error result into a thrown `AppError` so screens handle success and failure in one place.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { CommandError, Result } from "../bindings";
import { errorMessage } from "../format";

/** A failed command: `code` is the command error's code, or null for an IPC failure. */
export class AppError extends Error {
  readonly code: string | null;
  constructor(code: string | null, message: string) {
    super(message);
    this.name = "AppError";
    this.code = code;
  }
}

/** Turns anything thrown or returned as an error into an `AppError`. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error && typeof error === "object" && "code" in error && "message" in error) {
    const e = error as CommandError;
    return new AppError(String(e.code), String(e.message));
  }
  return new AppError(null, errorMessage(error));
}

/** Awaits a command result: its data, or throws an `AppError`. */
export async function call<T>(pending: Promise<Result<T, CommandError>>): Promise<T> {
  let result: Result<T, CommandError>;
  try {
    result = await pending;
  } catch (error) {
    throw toAppError(error);
  }
  if (result.status === "ok") return result.data;
  throw toAppError(result.error);
}

export type Loaded<T> =
  | { kind: "loading"; data: T | null }
  | { kind: "error"; error: AppError; data: T | null }
  | { kind: "ready"; data: T };

/**
 * Loads `load()` now and whenever `deps` change; `reload()` loads again keeping the previous
 * data on screen meanwhile. Late answers of superseded loads are dropped.
 */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
): Loaded<T> & { reload: () => Promise<void> } {
  const [state, setState] = useState<Loaded<T>>({ kind: "loading", data: null });
  const generation = useRef(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `deps` are the caller's, as for useEffect
  const stableLoad = useCallback(load, deps);
  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setState((prev) => ({ kind: "loading", data: prev.data }));
    try {
      const data = await stableLoad();
      if (mine === generation.current) setState({ kind: "ready", data });
    } catch (error) {
      if (mine === generation.current) {
        setState((prev) => ({ kind: "error", error: toAppError(error), data: prev.data }));
      }
    }
  }, [stableLoad]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { ...state, reload };
}

/**
 * An action button's state: `run(fn)` marks it busy, records a failure as `error` (shown by
 * the screen) and returns the result, or `undefined` when it failed.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const run = useCallback(async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError(toAppError(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clearError: () => setError(null) };
}
