/** Small building blocks every screen shares: loading and error states, badges, paging. */
import type { ReactNode } from "react";
import type { StateType } from "../bindings";
import type { AppError } from "../lib/command";

/** A failure, with its error code when the command gave one. */
export function ErrorBanner({ error, title }: { error: AppError | null; title?: string }) {
  if (!error) return null;
  return (
    <div className="status status-error" role="alert">
      {title ? <strong>{title} </strong> : null}
      {error.message}
      {error.code ? <span className="error-code">{error.code}</span> : null}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="status" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="status">{children}</p>;
}

/** A flow run state as a coloured badge. */
export function StateBadge({ stateType, name, title }: { stateType: StateType | string; name: string; title?: string | null }) {
  return (
    <span className={`state state-${String(stateType).toLowerCase()}`} title={title ?? undefined}>
      {name}
    </span>
  );
}

/** A button that shows progress while its action runs. */
export function ActionButton({
  busy,
  children,
  variant = "primary",
  ...rest
}: {
  busy?: boolean;
  children: ReactNode;
  variant?: "primary" | "secondary" | "danger";
} & React.ComponentPropsWithRef<"button">) {
  return (
    <button
      type="button"
      className={`button button-${variant}`}
      aria-busy={busy || undefined}
      disabled={busy || rest.disabled}
      {...rest}
    >
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}

/** Loads a list again (the query's refetch), busy while any load of it runs. */
export function RefreshButton({ loaded }: { loaded: { kind: string; reload: () => Promise<void> } }) {
  return (
    <ActionButton variant="secondary" busy={loaded.kind === "loading"} onClick={() => void loaded.reload()}>
      Refresh
    </ActionButton>
  );
}

/** Previous / next over a server-side paged list. */
export function Pager({
  offset,
  limit,
  hasMore,
  total,
  shown,
  onChange,
}: {
  offset: number;
  limit: number;
  hasMore: boolean;
  total?: number | null;
  /** Rows on this page, when the total is unknown (a short last page). */
  shown?: number;
  onChange: (offset: number) => void;
}) {
  const last =
    total != null ? Math.min(offset + limit, total) : offset + Math.min(limit, shown ?? limit);
  return (
    <nav className="pager" aria-label="Pages">
      <button
        type="button"
        className="button button-secondary"
        disabled={offset === 0}
        onClick={() => onChange(Math.max(0, offset - limit))}
      >
        ← Previous
      </button>
      <span className="pager-range">
        {total === 0 ? "none" : `${offset + 1}–${last}`}
        {total != null ? ` of ${total}` : ""}
      </span>
      <button
        type="button"
        className="button button-secondary"
        disabled={!hasMore}
        onClick={() => onChange(offset + limit)}
      >
        Next →
      </button>
    </nav>
  );
}

/** A JSON value, pretty-printed. */
export function JsonBlock({ value, label }: { value: unknown; label?: string }) {
  return (
    <pre className="json" aria-label={label}>
      {value === undefined ? "—" : JSON.stringify(value, null, 2)}
    </pre>
  );
}
