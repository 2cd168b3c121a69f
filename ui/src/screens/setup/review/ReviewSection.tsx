/** One section of the CV review: its title, where it stands, and Use this section / Edit / Skip. */
import type { ReactNode } from "react";
import type { Decision, SectionKey } from "./draft";

const STATE_WORDS: Record<Decision, string> = {
  pending: "Not checked yet",
  accepted: "Will be saved",
  skipped: "Skipped",
};

export function ReviewSection({
  id,
  title,
  decision,
  editing,
  onDecide,
  onEdit,
  children,
}: {
  id: SectionKey;
  title: string;
  decision: Decision;
  editing: boolean;
  onDecide: (decision: Decision) => void;
  onEdit: () => void;
  children: ReactNode;
}) {
  const titleId = `cv-review-${id}-title`;
  return (
    <section className={`cv-review-section cv-review-${decision}`} aria-labelledby={titleId}>
      <div className="cv-review-section-head">
        <h3 id={titleId}>{title}</h3>
        <span className={`cv-review-state cv-review-state-${decision}`}>{STATE_WORDS[decision]}</span>
      </div>
      {decision === "skipped" && !editing ? (
        <p className="status">This section will not be saved.</p>
      ) : (
        children
      )}
      <div className="cv-review-actions">
        {editing || decision !== "accepted" ? (
          <button
            type="button"
            className="button button-primary"
            aria-label={`Use this section: ${title}`}
            onClick={() => onDecide("accepted")}
          >
            Use this section
          </button>
        ) : null}
        {editing ? null : (
          <button type="button" className="button button-secondary" aria-label={`Edit: ${title}`} onClick={onEdit}>
            Edit
          </button>
        )}
        {decision === "skipped" ? null : (
          <button
            type="button"
            className="button button-secondary"
            aria-label={`Skip: ${title}`}
            onClick={() => onDecide("skipped")}
          >
            Skip
          </button>
        )}
      </div>
    </section>
  );
}
