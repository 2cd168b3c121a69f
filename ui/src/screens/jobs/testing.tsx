/**
 * What the jobs-list tests share: the Jobs screen under the hash router, a one-page result and
 * the last query the list asked for.
 */
import type { JobPage, JobQuery, JobRow } from "../../bindings";
import { useRoute } from "../../lib/router";
import { argsOf, type mockCommands } from "../../test/ipc";
import Jobs from "../Jobs";
import { JOBS_PAGE_SIZE } from "./JobList";

export function JobsHarness() {
  const route = useRoute();
  return <Jobs route={route} />;
}

/** `items` as the only page of the list. */
export function onePage(items: JobRow[]): JobPage {
  return { items, total: items.length, totalExact: true, limit: JOBS_PAGE_SIZE, hasMore: false, nextCursor: null, prevCursor: null };
}

/** The query of the list's latest `list_jobs` call. */
export const lastQuery = (calls: ReturnType<typeof mockCommands>) =>
  argsOf(calls, "list_jobs").at(-1)?.query as JobQuery;
