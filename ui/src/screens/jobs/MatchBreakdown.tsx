/**
 * The match on the job page: the score, the six parts it is made of as labelled bars (each with
 * its percentage as text and its one-line reason, so nothing is told by colour alone), and the
 * gap as chips — skills the user has, skills the job asks for that the profile does not list
 * (required ones come first), the user's must-haves the job does not mention — then what lowered
 * the score. A match stored before the parts existed has no bars; a note says how to get them.
 * Every piece of text from the posting or the profile is rendered as text, never as HTML.
 */
import type { MatchComponent, MatchComponents, MatchView, Penalty } from "./matchTypes";
import { formatPenalty, formatScore } from "./format";

/** The parts in the order they are shown, with their plain labels. */
const PARTS: ReadonlyArray<[keyof MatchComponents, string]> = [
  ["skills", "Skills"],
  ["role", "Role"],
  ["seniority", "Seniority"],
  ["place", "Place"],
  ["salary", "Salary"],
  ["language", "Language"],
];

/** A 0..1 score as a whole percentage within 0..100 (0 when it is not a number). */
function percent(score: number): number {
  if (!Number.isFinite(score)) return 0;
  return Math.round(Math.min(1, Math.max(0, score)) * 100);
}

export default function MatchBreakdown({ match }: { match: MatchView }) {
  return (
    <div className="jobs-match">
      <p>
        Score <strong data-testid="match-score">{formatScore(match.score)}</strong>
      </p>
      {match.components ? (
        <Parts components={match.components} />
      ) : (
        <p className="status" data-testid="match-no-parts">
          This score was worked out before the full breakdown existed. Open a new hunt to see the full
          breakdown.
        </p>
      )}
      <Chips title="You have" items={match.matched_skills} tone="ok" />
      <Chips title="The job asks for, you don't list" items={match.missing_skills} tone="bad" />
      {match.unmet_must_haves.length ? (
        <Chips title="Your must-haves it doesn't mention" items={match.unmet_must_haves} tone="bad" />
      ) : null}
      <Penalties penalties={match.penalties} />
    </div>
  );
}

/** The six parts as bars; each bar is a meter read out as "Skills, 75 %". */
function Parts({ components }: { components: MatchComponents }) {
  return (
    <ul className="jobs-match-parts" aria-label="What the score is made of">
      {PARTS.map(([key, label]) => (
        <Part key={key} label={label} part={components[key]} />
      ))}
    </ul>
  );
}

function Part({ label, part }: { label: string; part: MatchComponent }) {
  const value = percent(part.score);
  const text = Number.isFinite(part.score) ? `${value} %` : "—";
  return (
    <li className="jobs-match-part" data-testid={`match-part-${label.toLowerCase()}`}>
      <span className="jobs-match-part-label">{label}</span>
      <div
        className="jobs-meter"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-valuetext={text}
      >
        <div className={`jobs-meter-fill ${toneOf(value)}`} style={{ width: `${value}%` }} />
      </div>
      <span className="jobs-match-part-value">{text}</span>
      {part.reason.trim() ? <span className="jobs-match-part-reason">{part.reason}</span> : null}
    </li>
  );
}

/** Colour only repeats what the percentage already says. */
function toneOf(value: number): string {
  if (value >= 70) return "jobs-meter-good";
  if (value >= 40) return "jobs-meter-fair";
  return "jobs-meter-poor";
}

function Chips({ title, items, tone }: { title: string; items: string[]; tone: "ok" | "bad" }) {
  return (
    <>
      <h4>{title}</h4>
      {items.length ? (
        <ul className="jobs-chip-row" aria-label={title} data-user-text>
          {items.map((s, i) => (
            <li key={`${i}:${s}`} className={`jobs-chip jobs-chip-${tone}`}>
              {s}
            </li>
          ))}
        </ul>
      ) : (
        <p className="status">None.</p>
      )}
    </>
  );
}

function Penalties({ penalties }: { penalties: Penalty[] }) {
  return (
    <>
      <h4>What lowered the score</h4>
      {penalties.length ? (
        <ul className="jobs-penalties" aria-label="What lowered the score">
          {penalties.map((p, i) => (
            <li key={i}>
              <span>{p.reason}</span> <span className="jobs-penalty-amount">{formatPenalty(p.amount)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="status">Nothing.</p>
      )}
    </>
  );
}
