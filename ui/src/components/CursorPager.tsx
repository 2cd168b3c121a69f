/**
 * Previous / next over a list paged by markers (keyset paging): the server hands out the
 * marker of the page on either side, and a page is asked for by one of them. A page deep in a
 * long list then costs what the first does, and rows added meanwhile never shift a page.
 */

/** Which way a page change goes, with the marker to ask for. */
export type PageMove = { after: string } | { before: string };

export function CursorPager({
  prevCursor,
  nextCursor,
  summary,
  onMove,
}: {
  prevCursor: string | null;
  nextCursor: string | null;
  /** Shown between the buttons (e.g. "1,234 jobs"); nothing when absent. */
  summary?: string | null;
  onMove: (move: PageMove) => void;
}) {
  return (
    <nav className="pager" aria-label="Pages">
      <button
        type="button"
        className="button button-secondary"
        disabled={prevCursor === null}
        onClick={() => prevCursor !== null && onMove({ before: prevCursor })}
      >
        ← Previous
      </button>
      {summary ? <span className="pager-range">{summary}</span> : null}
      <button
        type="button"
        className="button button-secondary"
        disabled={nextCursor === null}
        onClick={() => nextCursor !== null && onMove({ after: nextCursor })}
      >
        Next →
      </button>
    </nav>
  );
}

/** The route query change for a page move: one marker set, the other dropped. */
export function pageChange(move: PageMove): Record<string, string | null> {
  return "after" in move ? { after: move.after, before: null } : { before: move.before, after: null };
}
