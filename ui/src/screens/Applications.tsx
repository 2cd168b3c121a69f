import { useCallback, useState, type DragEvent } from "react";
import { commands, type ApplicationView, type Stage } from "../bindings";
import { ErrorBanner, Loading, RefreshButton } from "../components/ui";
import { AppError, call, toAppError, useLoad } from "../lib/command";
import { useReloadOnRunEvents } from "../lib/events";
import type { Route } from "../lib/router";
import { ApplicationCard, type PendingMove } from "./applications/ApplicationCard";
import { SendsToCheck } from "./applications/SendsToCheck";
import { STAGES, STAGE_LABELS, asksForNote, stageLabel } from "./applications/stages";
import "./Applications.css";

/** The application pipeline as a kanban board: drag a card, or use its "Move to…" form. */
export default function Applications(_props: { route: Route }) {
  const loaded = useLoad(() => call(commands.listApplications(null)), []);
  // The board: the loaded list, then moved cards replaced by the server's answers until the
  // next load.
  const [apps, setApps] = useState<ApplicationView[] | null>(null);
  const [appsLoaded, setAppsLoaded] = useState<ApplicationView[] | null>(null);
  if (loaded.data && loaded.data !== appsLoaded) {
    setAppsLoaded(loaded.data);
    setApps(loaded.data);
  }
  const [pending, setPending] = useState<{ id: string; move: PendingMove } | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [moveError, setMoveError] = useState<{ title: string; error: AppError } | null>(null);
  const [dropTarget, setDropTarget] = useState<Stage | null>(null);

  // apply_job (run by flows) creates and moves applications.
  useReloadOnRunEvents(
    (e) => e.kind === "taskRunFinished" && e.operationName === "apply_job",
    loaded.reload,
  );

  const move = useCallback(
    async (app: ApplicationView, stage: Stage, note: string | null) => {
      const title = app.job_title ?? `Job ${app.job_id}`;
      setBusyId(app.id);
      setMoveError(null);
      try {
        const updated = await call(commands.moveApplication(app.id, stage, note));
        setApps((prev) => prev?.map((a) => (a.id === updated.id ? updated : a)) ?? prev);
        setPending((p) => (p?.id === app.id ? null : p));
      } catch (e) {
        setMoveError({
          title: `Could not move “${title}” to ${stageLabel(stage)}:`,
          error: toAppError(e),
        });
      } finally {
        setBusyId(null);
      }
    },
    [],
  );

  const onDrop = (stage: Stage, e: DragEvent) => {
    e.preventDefault();
    setDropTarget(null);
    const id = e.dataTransfer.getData("text/plain");
    const app = apps?.find((a) => a.id === id);
    if (!app || app.stage === stage) return;
    if (asksForNote(app.stage, stage)) {
      // Closing, moving back or reopening: ask for the reason on the card first.
      setPending({ id: app.id, move: { stage, note: "" } });
    } else {
      void move(app, stage, null);
    }
  };

  const byStage = new Map<string, ApplicationView[]>(STAGES.map((s) => [s, []]));
  const unknown: ApplicationView[] = [];
  for (const app of apps ?? []) (byStage.get(app.stage) ?? unknown).push(app);

  return (
    <section className="panel applications" aria-labelledby="applications-title">
      <div className="panel-header">
        <h2 id="applications-title">Applications</h2>
        <RefreshButton loaded={loaded} />
      </div>
      <p className="status">
        Drag a card to another column, or use its “Move to…” menu. Closing, moving back and
        reopening ask for a note.
      </p>
      {loaded.kind === "error" ? (
        <ErrorBanner error={loaded.error} title="Could not load applications." />
      ) : null}
      {moveError ? <ErrorBanner error={moveError.error} title={moveError.title} /> : null}
      <SendsToCheck apps={apps ?? []} onResolved={() => void loaded.reload()} />
      {apps === null ? (
        loaded.kind === "loading" ? <Loading what="applications" /> : null
      ) : (
        <>
          {apps.length === 0 ? (
            <p className="status">
              No applications yet — add a job to the wishlist with{" "}
              <code>jobhunter applications add JOB_ID</code> or run the apply flow.
            </p>
          ) : null}
          <div className="board">
            {STAGES.map((stage) => {
              const cards = byStage.get(stage) ?? [];
              return (
                <section
                  key={stage}
                  className={`board-column${dropTarget === stage ? " board-column-target" : ""}`}
                  aria-labelledby={`column-${stage}`}
                  data-testid={`column-${stage}`}
                  onDragOver={(e) => {
                    e.preventDefault();
                    e.dataTransfer.dropEffect = "move";
                    if (dropTarget !== stage) setDropTarget(stage);
                  }}
                  onDragLeave={() => setDropTarget((t) => (t === stage ? null : t))}
                  onDrop={(e) => onDrop(stage, e)}
                >
                  <h3 id={`column-${stage}`}>
                    {STAGE_LABELS[stage]} <span className="board-count">{cards.length}</span>
                  </h3>
                  <ul className="board-cards">
                    {cards.map((app) => (
                      <ApplicationCard
                        key={app.id}
                        app={app}
                        busy={busyId === app.id}
                        pending={pending?.id === app.id ? pending.move : null}
                        onPending={(m) => setPending(m ? { id: app.id, move: m } : null)}
                        onMove={(s, note) => void move(app, s, note)}
                      />
                    ))}
                  </ul>
                </section>
              );
            })}
          </div>
          {unknown.length > 0 ? (
            <p className="status">
              {unknown.length} application(s) at an unknown stage:{" "}
              {unknown.map((a) => `${a.job_title ?? a.job_id} (${a.stage})`).join(", ")}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
