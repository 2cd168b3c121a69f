/**
 * "Where each line comes from": beside a CV's preview, every line of the CV with the profile
 * facts it was copied from, in plain words ("Your job at Acme, highlight 3"), so the job seeker
 * can check that the CV says nothing their profile does not. The lines and facts are profile
 * and posting text: shown as text only, never as HTML.
 */
import type { CvSources, SourcedLine } from "../../bindings";
import { commands } from "../../bindings";
import { ErrorBanner, Loading } from "../../components/ui";
import { call } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import "./GroundingList.css";

/** One CV line and where its parts come from. */
function Line({ line }: { line: SourcedLine }) {
  const missing = line.facts.some((f) => f.text === null);
  return (
    <li className={missing ? "grounding-line grounding-missing" : "grounding-line"}>
      <p className="grounding-text">{line.text}</p>
      <ul className="grounding-facts" aria-label="Comes from">
        {line.facts.map((fact) => (
          <li key={fact.field}>
            {fact.label}
            {/* The fact's own text when the line joins several facts (a highlight is the line). */}
            {fact.text !== null && fact.text !== line.text && line.facts.length > 1 ? (
              <span className="grounding-fact-text">: {fact.text}</span>
            ) : null}
            {fact.text === null ? <span className="grounding-fact-text"> (not found in your profile)</span> : null}
          </li>
        ))}
      </ul>
    </li>
  );
}

/** The lines grouped under the CV's section headings, in the CV's order. */
function sections(sources: CvSources): { title: string; lines: SourcedLine[] }[] {
  const out: { title: string; lines: SourcedLine[] }[] = [];
  for (const line of sources.lines) {
    const title = line.section ?? "Your details";
    const last = out.at(-1);
    if (last && last.title === title) last.lines.push(line);
    else out.push({ title, lines: [line] });
  }
  return out;
}

/** The sources of CV document `docId` (its PDF or its Markdown). */
export function GroundingList({ docId }: { docId: string }) {
  const sources = useCommandQuery(queryKeys.documents.sources(docId), () => call(commands.documentSources(docId)));
  return (
    <section className="grounding" aria-labelledby={`grounding-${docId}`}>
      <h4 id={`grounding-${docId}`}>Where each line comes from</h4>
      <ErrorBanner
        error={sources.kind === "error" ? sources.error : null}
        title="Could not load where the lines come from."
      />
      {sources.kind === "loading" && !sources.data ? <Loading what="sources" /> : null}
      {sources.kind === "ready" && sources.data === null ? (
        <p className="status">
          This CV was written before its sources were kept. Generate the CV again to see where each line comes from.
        </p>
      ) : null}
      {sources.data
        ? sections(sources.data).map((s) => (
            <div key={s.title} className="grounding-section">
              <h5>{s.title}</h5>
              <ol className="grounding-lines">
                {s.lines.map((line, i) => (
                  <Line key={i} line={line} />
                ))}
              </ol>
            </div>
          ))
        : null}
    </section>
  );
}
