/**
 * A change made by a command, through the query cache (TanStack Query's `useMutation`): busy
 * while it runs, its failure as an `AppError` for an `ErrorBanner`, and the cached reads named
 * by `invalidates` refreshed after it succeeded, so every screen showing them follows.
 *
 * `run(fn)` runs `fn` as the mutation and resolves to its result, or `undefined` when it failed
 * (the failure is in `error`): the shape the Settings, setup and Profile forms handle.
 */
import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useCallback } from "react";
import { toAppError, type AppError } from "./command";

export type CommandMutation = {
  run: <T>(fn: () => Promise<T>) => Promise<T | undefined>;
  busy: boolean;
  error: AppError | null;
  clearError: () => void;
};

export function useCommandMutation(invalidates: readonly QueryKey[] = []): CommandMutation {
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: (fn: () => Promise<unknown>) => fn(),
    onSuccess: () => Promise.all(invalidates.map((queryKey) => client.invalidateQueries({ queryKey }))),
  });
  const { mutateAsync, reset } = mutation;
  const run = useCallback(
    async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
      try {
        return (await mutateAsync(fn)) as T;
      } catch {
        return undefined; // shown through `error`
      }
    },
    [mutateAsync],
  );
  return {
    run,
    busy: mutation.isPending,
    error: mutation.error ? toAppError(mutation.error) : null,
    clearError: reset,
  };
}
