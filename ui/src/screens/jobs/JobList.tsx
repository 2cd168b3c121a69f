/**
 * The jobs list: server-side pages of 50 with search and filters kept in the route query
 * (`new=1`: only the jobs not looked at yet; `hunt=<id>`: only the jobs one hunt saw first, as
 * the Dashboard's "Last hunt" card links them; `all=1`: closed and old postings too, which are
 * hidden by default behind that one switch). Paged by markers (`after` / `before` in the route,
 * handed out by the previous page), so a page deep in 100,000 jobs is as quick as the first.
 * Search finds words anywhere in a job, its description included; the last word typed may be
 * unfinished. Cached per query (the marker is part of it); a finished hunt refreshes it.
 */
import { useCallback, useMemo, useState } from "react";
import { commands, type JobPage, type JobQuery } from "../../bindings";
import { CursorPager, pageChange } from "../../components/CursorPager";
import { Empty, ErrorBanner, Loading } from "../../components/ui";
import { call } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import { updateQuery, useDebouncedRouteText } from "../../lib/routeQuery";
import { shortSourceName } from "../setup/sources";
import { JobTable } from "./JobTable";
import { HuntFilterChip, MarkAllSeen } from "./NewJobsBar";
import { useSourceCatalogue } from "../setup/useSourceCatalogue";

/** Jobs per page. */
export const JOBS_PAGE_SIZE = 50;

/** A min score field's text (percent) as 0..1; `error` names the field when it is not one. */
export function parseMinScore(text: string): { value: number | null; error: string | null } {
  const t = text.trim();
  if (!t) return { value: null, error: null };
  const n = Number(t);
  if (!Number.isFinite(n) || n < 0 || n > 100) {
    return { value: null, error: "min score: must be a number from 0 to 100 (%)" };
  }
  return { value: n / 100, error: null };
}

/** "1 job", "70 jobs", "1,000+ jobs" (the server counts up to 1,000). */
export function jobsCount(page: Pick<JobPage, "total" | "totalExact">): string {
  const n = page.total.toLocaleString("en");
  if (!page.totalExact) return `${n}+ jobs`;
  return `${n} ${page.total === 1 ? "job" : "jobs"}`;
}

export default function JobList({ query }: { query: URLSearchParams }) {
  const search = query.get("q") ?? "";
  const minScoreRoute = query.get("minScore") ?? "";
  const source = query.get("source") ?? "";
  const catalogue = useSourceCatalogue();
  const remoteOnly = query.get("remote") === "1";
  const onlyNew = query.get("new") === "1";
  const huntId = query.get("hunt") ?? "";
  const showAll = query.get("all") === "1";
  const sort: "score" | "newest" = query.get("sort") === "newest" ? "newest" : "score";
  const after = query.get("after") || null;
  const before = after ? null : query.get("before") || null;

  const setFilter = useCallback(
    (key: string, value: string | null) => updateQuery("/jobs", query, { [key]: value }),
    [query],
  );
  const [searchText, setSearchText] = useDebouncedRouteText(search, (v) => setFilter("q", v.trim()));
  const [minScoreText, setMinScoreText] = useDebouncedRouteText(minScoreRoute, (v) => {
    if (!parseMinScore(v).error) setFilter("minScore", v.trim());
  });
  const minScoreProblem = parseMinScore(minScoreText).error;
  const minScore = parseMinScore(minScoreRoute).value;

  const jobQuery: JobQuery = useMemo(
    () => ({
      search: search || null,
      minScore,
      source: source || null,
      remoteOnly: remoteOnly ? true : null,
      unseenOnly: onlyNew ? true : null,
      foundIn: huntId || null,
      openOnly: showAll ? null : true,
      hideOld: showAll ? null : true,
      sort,
      limit: JOBS_PAGE_SIZE,
      after,
      before,
    }),
    [search, minScore, source, remoteOnly, onlyNew, huntId, showAll, sort, after, before],
  );
  // New jobs arrive when a hunt finishes: the cache refreshes every jobs list then.
  const page = useCommandQuery(queryKeys.jobs.list(jobQuery), () => call(commands.listJobs(jobQuery)));

  // A search the server cannot take (no letters, too many words) is told at the search box.
  const searchProblem =
    page.kind === "error" && page.error.code === "invalid_input" && page.error.message.startsWith("search:")
      ? page.error.message
      : null;

  // Sources seen so far, offered as suggestions for the source filter.
  const [seen, setSeen] = useState<{ page: JobPage | null; sources: string[] }>({ page: null, sources: [] });
  if (page.data && page.data !== seen.page) {
    const sources = new Set(seen.sources);
    for (const row of page.data.items) for (const s of row.sources) sources.add(s);
    setSeen({ page: page.data, sources: [...sources].sort() });
  }

  const filtered = Boolean(search || minScoreRoute || source || remoteOnly || onlyNew || huntId);
  const empty = huntId
    ? "No jobs were new in that hunt."
    : onlyNew
      ? "No new jobs since you last looked."
      : filtered
        ? "No jobs match these filters."
        : "No jobs yet — run the daily hunt from the Dashboard.";
  const hidden = showAll ? "" : " Closed and old postings are hidden.";

  return (
    <section className="panel" aria-labelledby="jobs-title">
      <div className="panel-header">
        <h2 id="jobs-title">Jobs</h2>
        <span className="jobs-total" aria-live="polite">
          {page.data ? jobsCount(page.data) : ""}
        </span>
        <MarkAllSeen disabled={!page.data || page.data.total === 0} />
      </div>
      {huntId ? <HuntFilterChip huntId={huntId} onClear={() => setFilter("hunt", null)} /> : null}

      <form className="jobs-filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field jobs-search">
          <label htmlFor="jobs-search">Search</label>
          <input
            id="jobs-search"
            type="search"
            value={searchText}
            placeholder="Title, company, skill, any word…"
            aria-invalid={searchProblem ? true : undefined}
            aria-describedby={searchProblem ? "jobs-search-error" : undefined}
            onChange={(e) => setSearchText(e.target.value)}
          />
          {searchProblem ? (
            <span id="jobs-search-error" className="field-error">
              {searchProblem}
            </span>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="jobs-min-score">Min score (%)</label>
          <input
            id="jobs-min-score"
            type="number"
            min={0}
            max={100}
            step={5}
            inputMode="numeric"
            value={minScoreText}
            aria-invalid={minScoreProblem ? true : undefined}
            aria-describedby={minScoreProblem ? "jobs-min-score-error" : undefined}
            onChange={(e) => setMinScoreText(e.target.value)}
          />
          {minScoreProblem ? (
            <span id="jobs-min-score-error" className="field-error">
              {minScoreProblem}
            </span>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="jobs-source">Job site</label>
          <select id="jobs-source" value={source} onChange={(e) => setFilter("source", e.target.value || null)}>
            <option value="">Any job site</option>
            {[...new Set([...seen.sources, ...(source ? [source] : [])])].map((s) => (
              <option key={s} value={s}>
                {shortSourceName(s, catalogue.data ?? [])}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="jobs-sort">Sort</label>
          <select
            id="jobs-sort"
            value={sort}
            onChange={(e) => setFilter("sort", e.target.value === "newest" ? "newest" : null)}
          >
            <option value="score">Best match</option>
            <option value="newest">Newest</option>
          </select>
        </div>
        <FilterCheck id="jobs-remote" label="Remote only" checked={remoteOnly} onChange={(on) => setFilter("remote", on ? "1" : null)} />
        <FilterCheck id="jobs-new" label="Only new" checked={onlyNew} onChange={(on) => setFilter("new", on ? "1" : null)} />
        <FilterCheck
          id="jobs-all"
          label="Show closed and old postings"
          checked={showAll}
          onChange={(on) => setFilter("all", on ? "1" : null)}
        />
      </form>

      <ErrorBanner
        error={page.kind === "error" && !searchProblem ? page.error : null}
        title="Could not load jobs."
      />
      {page.kind === "loading" && !page.data ? <Loading what="jobs" /> : null}
      {page.data ? (
        page.data.items.length === 0 ? (
          <Empty>
            {empty}
            {hidden}
          </Empty>
        ) : (
          <>
            <JobTable rows={page.data.items} busy={page.kind === "loading"} />
            <CursorPager
              prevCursor={page.data.prevCursor}
              nextCursor={page.data.nextCursor}
              onMove={(move) => updateQuery("/jobs", query, pageChange(move))}
            />
          </>
        )
      ) : null}
    </section>
  );
}

/** One on/off filter of the list, its label beside it. */
function FilterCheck(props: { id: string; label: string; checked: boolean; onChange: (on: boolean) => void }) {
  return (
    <div className="field jobs-check">
      <input id={props.id} type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      <label htmlFor={props.id}>{props.label}</label>
    </div>
  );
}
