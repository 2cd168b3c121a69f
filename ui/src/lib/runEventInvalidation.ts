/**
 * Live updates of the query cache: a RunEvent makes the cached reads it affects stale, and
 * TanStack Query refetches those that are on screen. One subscription for the whole app (see
 * `QueryProvider`), instead of each screen reloading on its own.
 */
import { hashKey, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { RunEvent, StateType } from "../bindings";
import { useRunEvents } from "./events";
import { queryKeys } from "./queryKeys";

/** States a flow run ends in. */
const FINISHED: readonly StateType[] = ["COMPLETED", "FAILED", "CANCELLED", "CRASHED"];

/** Operations whose runs change the applications. */
const APPLICATION_OPS = new Set(["apply_job"]);
/** Operations whose runs write documents. */
const DOCUMENT_OPS = new Set(["generate_cv", "generate_cover_letter"]);

/** The query keys (prefixes) that `event` makes stale. */
export function keysToInvalidate(event: RunEvent): QueryKey[] {
  switch (event.kind) {
    case "flowRunState": {
      const keys: QueryKey[] = [queryKeys.flowRuns.lists(), queryKeys.flowRuns.detail(event.flowRunId)];
      // A deployment's run fired: its next fire times moved on.
      if (event.deploymentId !== null) keys.push(queryKeys.deployments.all);
      if (FINISHED.includes(event.stateType)) keys.push(queryKeys.runHealth.all);
      // A finished hunt brings new jobs and matches, and may tick the setup's "Run your first hunt".
      if (event.stateType === "COMPLETED") keys.push(queryKeys.jobs.all, queryKeys.setup.status());
      return keys;
    }
    case "taskRunStarted": {
      const keys: QueryKey[] = [queryKeys.taskRuns.lists()];
      if (event.flowRunId !== null) keys.push(queryKeys.flowRuns.detail(event.flowRunId));
      return keys;
    }
    case "taskRunFinished": {
      const keys: QueryKey[] = [
        queryKeys.taskRuns.lists(),
        queryKeys.taskRuns.detail(event.taskrunId),
        queryKeys.taskRuns.stats(),
      ];
      if (event.flowRunId !== null) keys.push(queryKeys.flowRuns.detail(event.flowRunId));
      if (APPLICATION_OPS.has(event.operationName)) keys.push(queryKeys.applications.all);
      if (DOCUMENT_OPS.has(event.operationName)) keys.push(queryKeys.documents.all);
      return keys;
    }
    case "log": {
      const keys: QueryKey[] = [];
      if (event.flowRunId !== null) keys.push(queryKeys.flowRuns.detail(event.flowRunId));
      if (event.taskrunId !== null) keys.push(queryKeys.taskRuns.detail(event.taskrunId));
      return keys;
    }
  }
}

/**
 * Invalidates what each RunEvent affects, gathering the keys for `ms` first: events arrive by
 * the hundred during a fan-out, and each read refetches a few times a second at most.
 */
export function useInvalidateOnRunEvents(ms = 400): void {
  const client = useQueryClient();
  const pending = useRef<Map<string, QueryKey>>(new Map());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    },
    [],
  );
  useRunEvents((event) => {
    for (const key of keysToInvalidate(event)) pending.current.set(hashKey(key), key);
    if (timer.current || pending.current.size === 0) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      const keys = [...pending.current.values()];
      pending.current.clear();
      for (const queryKey of keys) void client.invalidateQueries({ queryKey });
    }, ms);
  });
}
