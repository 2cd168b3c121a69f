import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import type { ApplicationView, Stage } from "../../bindings";
import { formatTimestamp } from "../../format";
import { Link } from "../../lib/router";
import { ActionButton } from "../../components/ui";
import { Contacts } from "./Contacts";
import { DoNotApply } from "./DoNotApply";
import { FollowUp } from "./FollowUp";
import { Notes } from "./Notes";
import { STAGES, STAGE_LABELS, asksForNote, isClosed, stageLabel } from "./stages";
import { channelLabel, formatDay } from "./tracking";

export type PendingMove = { stage: Stage; note: string };

/**
 * One application on the board: draggable, with a keyboard "Move to…" form, its follow-up
 * reminder, its history, and its notes, contacts and the company's "don't apply again" mark.
 */
export function ApplicationCard({
  app,
  pending,
  busy,
  onPending,
  onMove,
}: {
  app: ApplicationView;
  /** A move waiting for confirmation (and maybe a note) on this card. */
  pending: PendingMove | null;
  busy: boolean;
  onPending: (move: PendingMove | null) => void;
  onMove: (stage: Stage, note: string | null) => void;
}) {
  const [showHistory, setShowHistory] = useState(false);
  const [showDetails, setShowDetails] = useState(false);
  const id = useId();
  const noteRef = useRef<HTMLInputElement>(null);
  const title = app.job_title ?? `Job ${app.job_id}`;
  const needsNote = pending ? asksForNote(app.stage, pending.stage) : false;

  useEffect(() => {
    if (pending && needsNote) noteRef.current?.focus();
  }, [pending, needsNote]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!pending) return;
    const note = pending.note.trim();
    onMove(pending.stage, note === "" ? null : note);
  };

  return (
    <li
      className={`app-card${busy ? " app-card-busy" : ""}`}
      draggable={!showDetails}
      data-testid={`application-${app.id}`}
      aria-busy={busy || undefined}
      onDragStart={(e) => {
        e.dataTransfer.setData("text/plain", app.id);
        e.dataTransfer.effectAllowed = "move";
      }}
    >
      <div className="app-card-title">{title}</div>
      {app.company ? <div className="app-card-company">{app.company}</div> : null}
      <div className="app-card-meta">
        {app.channel ? <span className="app-card-channel">{channelLabel(app.channel)}</span> : null}
        <span>
          changed <time dateTime={app.updated_at}>{formatTimestamp(app.updated_at)}</time>
        </span>
      </div>
      {app.applied_on ? <div className="app-card-meta">Applied {formatDay(app.applied_on)}</div> : null}
      {app.do_not_apply ? <div className="app-card-blocked">Don't apply again</div> : null}
      {isClosed(app.stage) && !app.follow_up_on ? null : <FollowUp app={app} title={title} />}

      <form className="app-card-move" onSubmit={submit}>
        <select
          id={`${id}-stage`}
          aria-label={`Move ${title} to`}
          value={pending?.stage ?? ""}
          disabled={busy}
          onChange={(e) => {
            const stage = e.target.value as Stage | "";
            onPending(stage === "" ? null : { stage, note: pending?.note ?? "" });
          }}
        >
          <option value="">Move to…</option>
          {STAGES.filter((s) => s !== app.stage).map((s) => (
            <option key={s} value={s}>
              {STAGE_LABELS[s]}
            </option>
          ))}
        </select>
        {pending ? (
          <div className="app-card-move-confirm">
            <label htmlFor={`${id}-note`}>
              {needsNote
                ? isClosed(pending.stage)
                  ? "Reason (optional)"
                  : "Why? (a note is needed)"
                : "Note (optional)"}
            </label>
            <input
              id={`${id}-note`}
              ref={noteRef}
              type="text"
              value={pending.note}
              onChange={(e) => onPending({ ...pending, note: e.target.value })}
            />
            <div className="app-card-buttons">
              <ActionButton type="submit" busy={busy}>
                Move to {stageLabel(pending.stage)}
              </ActionButton>
              <ActionButton variant="secondary" onClick={() => onPending(null)} disabled={busy}>
                Cancel
              </ActionButton>
            </div>
          </div>
        ) : null}
      </form>

      <div className="app-card-links">
        <button
          type="button"
          className="link-button"
          aria-expanded={showHistory}
          aria-controls={`${id}-history`}
          onClick={() => setShowHistory((v) => !v)}
        >
          {showHistory ? "Hide history" : "History"} ({app.history.length})
        </button>
        <button
          type="button"
          className="link-button"
          aria-expanded={showDetails}
          aria-controls={`${id}-details`}
          onClick={() => setShowDetails((v) => !v)}
        >
          Notes and contacts ({app.notes.length + app.contacts.length})
        </button>
        <Link to={`/jobs/${encodeURIComponent(app.job_id)}`}>Open job</Link>
      </div>
      {showHistory ? (
        <ol className="app-history" id={`${id}-history`} aria-label={`Stage history of ${title}`}>
          {app.history.length === 0 ? <li>No changes recorded.</li> : null}
          {app.history.map((h, i) => (
            <li key={i}>
              <span className="app-history-move">
                {h.from_stage === h.to_stage
                  ? `note at ${stageLabel(h.to_stage)}`
                  : `${h.from_stage === null ? "created" : stageLabel(h.from_stage)} → ${stageLabel(h.to_stage)}`}
              </span>{" "}
              <time dateTime={h.at}>{formatTimestamp(h.at)}</time>
              {h.note ? <div className="app-history-note">{h.note}</div> : null}
            </li>
          ))}
        </ol>
      ) : null}
      {showDetails ? (
        <div id={`${id}-details`} className="app-card-details">
          <Notes app={app} title={title} />
          <Contacts app={app} title={title} />
          <DoNotApply app={app} />
        </div>
      ) : null}
    </li>
  );
}
