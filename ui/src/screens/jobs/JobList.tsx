/** The jobs list: server-side pages of 50 with search and filters kept in the route query. */
import { useCallback, useMemo, useState } from "react";
import { commands, type JobPage, type JobQuery, type JobRow } from "../../bindings";
import { Empty, ErrorBanner, Loading, Pager } from "../../components/ui";
import { call, useLoad } from "../../lib/command";
import { useReloadOnRunEvents } from "../../lib/events";
import { queryInt, updateQuery, useDebouncedRouteText } from "../../lib/routeQuery";
import { formatDate, formatScore, formatWorkplace } from "./format";

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

export default function JobList({ query }: { query: URLSearchParams }) {
  const search = query.get("q") ?? "";
  const minScoreRoute = query.get("minScore") ?? "";
  const source = query.get("source") ?? "";
  const remoteOnly = query.get("remote") === "1";
  const sort: "score" | "newest" = query.get("sort") === "newest" ? "newest" : "score";
  const offset = queryInt(query, "offset");

  const setFilter = useCallback(
    (key: string, value: string | number | null) => updateQuery("/jobs", query, { [key]: value }),
    [query],
  );
  const [searchText, setSearchText] = useDebouncedRouteText(search, (v) => setFilter("q", v.trim()));
  const [sourceText, setSourceText] = useDebouncedRouteText(source, (v) => setFilter("source", v.trim()));
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
      sort,
      limit: JOBS_PAGE_SIZE,
      offset,
    }),
    [search, minScore, source, remoteOnly, sort, offset],
  );
  const page = useLoad(() => call(commands.listJobs(jobQuery)), [jobQuery]);
  // New jobs arrive when a hunt finishes: refresh the list then.
  useReloadOnRunEvents((e) => e.kind === "flowRunState" && e.stateType === "COMPLETED", page.reload, 1000);

  // Sources seen so far, offered as suggestions for the source filter.
  const [seen, setSeen] = useState<{ page: JobPage | null; sources: string[] }>({ page: null, sources: [] });
  if (page.data && page.data !== seen.page) {
    const sources = new Set(seen.sources);
    for (const row of page.data.items) for (const s of row.sources) sources.add(s);
    setSeen({ page: page.data, sources: [...sources].sort() });
  }

  const filtered = Boolean(search || minScoreRoute || source || remoteOnly);

  return (
    <section className="panel" aria-labelledby="jobs-title">
      <div className="panel-header">
        <h2 id="jobs-title">Jobs</h2>
        <span className="jobs-total" aria-live="polite">
          {page.data ? `${page.data.total} ${page.data.total === 1 ? "job" : "jobs"}` : ""}
        </span>
      </div>

      <form className="jobs-filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field jobs-search">
          <label htmlFor="jobs-search">Search</label>
          <input
            id="jobs-search"
            type="search"
            value={searchText}
            placeholder="Title, company, skill…"
            onChange={(e) => setSearchText(e.target.value)}
          />
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
          <label htmlFor="jobs-source">Source</label>
          <input
            id="jobs-source"
            type="text"
            list="jobs-source-options"
            value={sourceText}
            placeholder="any"
            spellCheck={false}
            onChange={(e) => setSourceText(e.target.value)}
          />
          <datalist id="jobs-source-options">
            {seen.sources.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
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
        <div className="field jobs-check">
          <input
            id="jobs-remote"
            type="checkbox"
            checked={remoteOnly}
            onChange={(e) => setFilter("remote", e.target.checked ? "1" : null)}
          />
          <label htmlFor="jobs-remote">Remote only</label>
        </div>
      </form>

      <ErrorBanner error={page.kind === "error" ? page.error : null} title="Could not load jobs." />
      {page.kind === "loading" && !page.data ? <Loading what="jobs" /> : null}
      {page.data ? (
        page.data.items.length === 0 ? (
          <Empty>
            {filtered ? "No jobs match these filters." : "No jobs yet — run the daily job hunt from Flows."}
          </Empty>
        ) : (
          <>
            <JobTable rows={page.data.items} busy={page.kind === "loading"} />
            <Pager
              offset={page.data.offset}
              limit={JOBS_PAGE_SIZE}
              hasMore={page.data.hasMore}
              total={page.data.total}
              onChange={(next) => setFilter("offset", next)}
            />
          </>
        )
      ) : null}
    </section>
  );
}

function JobTable({ rows, busy }: { rows: JobRow[]; busy: boolean }) {
  return (
    <div className="jobs-table" aria-busy={busy || undefined}>
      <div className="jobs-grid jobs-head" aria-hidden="true">
        <span className="jobs-score">Score</span>
        <span>Job</span>
        <span>Sources</span>
        <span>Salary</span>
        <span>Workplace</span>
        <span>Posted</span>
      </div>
      <ul className="jobs-rows" aria-label="Jobs">
        {rows.map((job) => (
          <li key={job.id}>
            <a href={`#/jobs/${encodeURIComponent(job.id)}`} className="jobs-grid jobs-row" data-testid="job-row">
              <span className="jobs-score" aria-label={`score ${formatScore(job.score)}`}>
                {formatScore(job.score)}
              </span>
              <span className="jobs-title-cell">
                <span className="jobs-title">{job.title}</span>
                <span className="jobs-company">
                  {job.company}
                  {job.location ? ` · ${job.location}` : ""}
                </span>
              </span>
              <span className="jobs-sources">{job.sources.join(", ") || "—"}</span>
              <span>{job.salary || "—"}</span>
              <span>{formatWorkplace(job.workplace, job.remote)}</span>
              <span>
                {job.posted_at ? (
                  <time dateTime={job.posted_at}>{formatDate(job.posted_at)}</time>
                ) : (
                  <time dateTime={job.first_seen} title="Not given; first seen">
                    seen {formatDate(job.first_seen)}
                  </time>
                )}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
