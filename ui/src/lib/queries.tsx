/**
 * The query cache (TanStack Query): command reads cached by key (`queryKeys`), shared between
 * screens, and refreshed when a RunEvent makes them stale (`useInvalidateOnRunEvents`).
 */
import { QueryClient, QueryClientProvider, useQuery, type QueryKey } from "@tanstack/react-query";
import { useCallback, type ReactNode } from "react";
import { toAppError, type Loaded } from "./command";
import { useInvalidateOnRunEvents } from "./runEventInvalidation";

/** The app's query client: commands are local calls, so a failure is shown at once. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A failed command is reported, not retried behind a spinner (the user can Refresh).
        retry: false,
        // Freshness comes from RunEvents and mutations, not from focusing the window.
        refetchOnWindowFocus: false,
      },
    },
  });
}

function RunEventInvalidation(): null {
  useInvalidateOnRunEvents();
  return null;
}

/** Provides `client` to the tree, kept fresh by the app's RunEvents. */
export function QueryProvider({ client, children }: { client: QueryClient; children: ReactNode }) {
  return (
    <QueryClientProvider client={client}>
      <RunEventInvalidation />
      {children}
    </QueryClientProvider>
  );
}

/**
 * A cached command read with one state shape for every screen: `loading` while fetching
 * (keeping the previous data),
 * `error` with an `AppError`, or `ready`; `reload()` fetches again.
 */
export function useCommandQuery<T>(
  queryKey: QueryKey,
  load: () => Promise<T>,
): Loaded<T> & { reload: () => Promise<void> } {
  const query = useQuery({ queryKey, queryFn: load });
  const { refetch } = query;
  const reload = useCallback(async () => {
    await refetch();
  }, [refetch]);
  const data = query.data ?? null;
  if (query.isFetching) return { kind: "loading", data, reload };
  if (query.isError) return { kind: "error", error: toAppError(query.error), data, reload };
  if (query.isSuccess) return { kind: "ready", data: query.data, reload };
  return { kind: "loading", data, reload };
}
