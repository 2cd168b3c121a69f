/**
 * A change to applications (a command), through the query cache: busy while it runs, its
 * failure as an `AppError` for an `ErrorBanner`, and every applications read (the board, a
 * job's application, the email confirmation) refreshed after it succeeded.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { toAppError, type AppError } from "../../lib/command";
import { queryKeys } from "../../lib/queryKeys";

export function useApplicationAction<A, T>(
  action: (args: A) => Promise<T>,
): {
  run: (args: A) => Promise<T | undefined>;
  busy: boolean;
  error: AppError | null;
  data: T | undefined;
  reset: () => void;
} {
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: action,
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.applications.all }),
  });
  const { mutateAsync } = mutation;
  const run = useCallback(
    async (args: A) => {
      try {
        return await mutateAsync(args);
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
    data: mutation.data,
    reset: mutation.reset,
  };
}
