/**
 * One job (`#/jobs/<id>`): facts, the posting link, description, match explanation, provenance,
 * documents. Opening it marks the job seen (it stops being "New" in the list and counts).
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, type ReactNode } from "react";
import { commands, type JobDto, type JsonValue } from "../../bindings";
import { ActionButton, ErrorBanner, Loading } from "../../components/ui";
import { call, toAppError } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import { Link } from "../../lib/router";
import ApplyActions from "./ApplyActions";
import { FoundOn } from "./FoundOn";
import Documents from "./Documents";
import MatchBreakdown from "./MatchBreakdown";
import { toMatchView } from "./matchTypes";
import { PostingLifecycle } from "./PostingLifecycle";
import { PostingWarnings } from "./PostingWarnings";
import {
  formatDate,
  formatLocations,
  formatSalary,
  formatScore,
  formatWorkplace,
  isHttpUrl,
  isObject,
  paragraphs,
  valueText,
} from "./format";

/**
 * Marks the job seen once its page has shown it (a job seen before stays as it was); the lists
 * and the "new since you last looked" count are refreshed, the page itself is not.
 */
function useMarkSeen(job: JobDto | null): void {
  const client = useQueryClient();
  const unseenId = job && !job.seen ? job.id : null;
  useEffect(() => {
    if (!unseenId) return;
    call(commands.markJobsSeen([unseenId]))
      .then(() =>
        Promise.all([
          client.invalidateQueries({ queryKey: queryKeys.jobs.lists() }),
          client.invalidateQueries({ queryKey: queryKeys.jobs.unseenCount() }),
        ]),
      )
      // Not being able to mark it is not worth an error on the job's page.
      .catch(() => undefined);
  }, [unseenId, client]);
}

export default function JobView({ id }: { id: string }) {
  const job = useCommandQuery(queryKeys.jobs.detail(id), () => call(commands.getJob(id)));
  useMarkSeen(job.data);
  return (
    <>
      <p className="jobs-back">
        <Link to="/jobs">← Jobs</Link>
      </p>
      <ErrorBanner error={job.kind === "error" ? job.error : null} title="Could not load the job." />
      {job.kind === "loading" && !job.data ? <Loading what="job" /> : null}
      {job.data ? <Detail job={job.data} /> : null}
    </>
  );
}

function Detail({ job }: { job: JobDto }) {
  const open = useMutation({ mutationFn: (url: string) => call(commands.openExternal(url)) });
  // The apply page has its button under "Apply and track".
  const postingUrl = [job.url, job.applyUrl].find(isHttpUrl) ?? null;
  const openUrl = (url: string) => open.mutate(url);

  return (
    <>
      <section className="panel" aria-labelledby="job-title">
        <div className="jobs-detail-head">
          <div>
            <h2 id="job-title" data-testid="job-title" className="jobs-detail-title">
              {job.title}
            </h2>
            <p className="jobs-detail-company">{job.company}</p>
          </div>
          {job.match ? (
            <span className="jobs-score-badge" title="Match score">
              {formatScore(job.match.score)}
            </span>
          ) : null}
        </div>
        <dl className="jobs-facts">
          <Fact label="Location">{formatLocations(job.locations, job.location)}</Fact>
          <Fact label="Workplace">{formatWorkplace(job.workplace, job.remote)}</Fact>
          <Fact label="Salary">
            <span>{formatSalary(job.salary)}</span>
            {job.salaryText?.trim() ? (
              <span className="jobs-salary-source" data-testid="salary-source">
                From the posting: “{job.salaryText.trim()}”
              </span>
            ) : null}
          </Fact>
          <Fact label="Posted">{formatDate(job.postedAt)}</Fact>
          {job.employmentType ? <Fact label="Employment">{job.employmentType}</Fact> : null}
          <Fact label="First seen">{formatDate(job.firstSeen)}</Fact>
          {job.applyEmail ? <Fact label="Apply by email">{job.applyEmail}</Fact> : null}
        </dl>
        <PostingLifecycle job={job} />
        <PostingWarnings warnings={job.warnings} />
        <div className="jobs-actions">
          {postingUrl ? (
            <ActionButton busy={open.isPending} onClick={() => openUrl(postingUrl)} title={postingUrl}>
              Open posting ↗
            </ActionButton>
          ) : null}
        </div>
        <ErrorBanner error={open.error ? toAppError(open.error) : null} title="Could not open the link." />
        {job.skills.length || job.tags.length ? (
          <div className="jobs-chip-row" data-user-text>
            {[...job.skills, ...job.tags.filter((t) => !job.skills.includes(t))].map((s) => (
              <span key={s} className="jobs-chip">
                {s}
              </span>
            ))}
          </div>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="job-match-title">
        <h3 id="job-match-title">Match</h3>
        {job.match ? <MatchBreakdown match={toMatchView(job.match)} /> : <p className="status">Not scored yet.</p>}
        {job.match?.llm !== null && job.match?.llm !== undefined ? <LlmNote llm={job.match.llm} /> : null}
      </section>

      <ApplyActions job={job} />
      <Documents jobId={job.id} />

      <section className="panel" aria-labelledby="job-description-title">
        <h3 id="job-description-title">Description</h3>
        <div className="jobs-description" data-testid="job-description" data-user-text>
          {paragraphs(job.description).map((p, i) => (
            <p key={i}>{p}</p>
          ))}
          {job.description.trim() ? null : <p className="status">No description.</p>}
        </div>
      </section>

      <section className="panel" aria-labelledby="job-provenance-title">
        <h3 id="job-provenance-title">Found on</h3>
        <FoundOn foundOn={job.foundOn} onOpen={openUrl} />
      </section>
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="jobs-fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function LlmNote({ llm }: { llm: JsonValue }) {
  let body: ReactNode;
  if (typeof llm === "string") {
    body = <p>{llm}</p>;
  } else if (isObject(llm)) {
    const { model, score, reason, note, ...rest } = llm;
    body = (
      <>
        <p>
          {typeof model === "string" ? <span className="jobs-llm-model">{model}</span> : null}
          {typeof score === "number" ? <> scored {formatScore(score)}</> : null}
          {typeof reason === "string" ? <>: {reason}</> : null}
        </p>
        {typeof note === "string" ? <p className="status">{note}</p> : null}
        <KeyValues entries={Object.entries(rest).map(([k, v]) => [k, v ?? null])} />
      </>
    );
  } else {
    body = <p>{valueText(llm)}</p>;
  }
  return (
    <div className="jobs-llm" data-testid="llm-note">
      <h4>LLM note</h4>
      {body}
    </div>
  );
}

function KeyValues({ entries, onOpen }: { entries: Array<[string, JsonValue]>; onOpen?: (url: string) => void }) {
  if (entries.length === 0) return null;
  return (
    <ul className="jobs-kv">
      {entries.map(([key, value]) => (
        <li key={key}>
          <span className="jobs-kv-key">{key}:</span>{" "}
          {typeof value === "string" && isHttpUrl(value) && onOpen ? (
            <button type="button" className="link-button" onClick={() => onOpen(value)}>
              {value}
            </button>
          ) : (
            <span>{valueText(value)}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

