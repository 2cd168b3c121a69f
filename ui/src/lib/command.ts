/**
 * Calling typed commands: every command resolves to `Result<T, CommandError>`; `call` turns an
 * error result into a thrown `AppError` so screens handle success and failure in one place.
 */
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
