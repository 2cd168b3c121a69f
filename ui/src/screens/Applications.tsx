/**
 * The application pipeline as a kanban board: drag a card, or use its "Move to…" form. Above
 * it: emails to check, follow-ups that are due, and the export. Read through the query cache;
 * a move replaces the card with the server's answer, other changes refresh the board.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type DragEvent } from "react";
import { commands, type ApplicationView, type Stage } from "../bindings";
import { ErrorBanner, Loading, RefreshButton } from "../components/ui";
import { AppError, call, toAppError } from "../lib/command";
import { useCommandQuery } from "../lib/queries";
import { queryKeys } from "../lib/queryKeys";
import { Link, type Route } from "../lib/router";
import { ApplicationCard, type PendingMove } from "./applications/ApplicationCard";
import { ExportButton, FollowUpsDue } from "./applications/BoardHeader";
import { SendsToCheck } from "./applications/SendsToCheck";
import { STAGES, STAGE_LABELS, asksForNote, stageLabel } from "./applications/stages";
import "./Applications.css";

type Move = { app: ApplicationView; stage: Stage; note: string | null };

export default function Applications(_props: { route: Route }) {
  const client = useQueryClient();
  const listKey = queryKeys.applications.list(null);
  const loaded = useCommandQuery(listKey, () => call(commands.listApplications(null)));
  const apps = loaded.data;
  const [pending, setPending] = useState<{ id: string; move: PendingMove } | null>(null);
  const [moveError, setMoveError] = useState<{ title: string; error: AppError } | null>(null);
  const [dropTarget, setDropTarget] = useState<Stage | null>(null);

  const moving = useMutation({
    mutationFn: ({ app, stage, note }: Move) => call(commands.moveApplication(app.id, stage, note)),
    onMutate: () => setMoveError(null),
    onSuccess: (updated, { app }) => {
      client.setQueryData<ApplicationView[]>(listKey, (prev) => prev?.map((a) => (a.id === updated.id ? updated : a)));
      void client.invalidateQueries({ queryKey: queryKeys.applications.forJob(app.job_id) });
      setPending((p) => (p?.id === app.id ? null : p));
    },
    onError: (e, { app, stage }) =>
      setMoveError({
        title: `Could not move “${app.job_title ?? "this job"}” to ${stageLabel(stage)}:`,
        error: toAppError(e),
      }),
  });
  const busyId = moving.isPending ? moving.variables.app.id : null;
  const move = (app: ApplicationView, stage: Stage, note: string | null) => moving.mutate({ app, stage, note });

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
      move(app, stage, null);
    }
  };

  const byStage = new Map<string, ApplicationView[]>(STAGES.map((s) => [s, []]));
  const unknown: ApplicationView[] = [];
  for (const app of apps ?? []) (byStage.get(app.stage) ?? unknown).push(app);

  return (
    <section className="panel applications" aria-labelledby="applications-title">
      <div className="panel-header">
        <h2 id="applications-title">Applications</h2>
        <div className="applications-header-actions">
          <ExportButton disabled={!apps || apps.length === 0} />
          <RefreshButton loaded={loaded} />
        </div>
      </div>
      <p className="status">
        Drag a card to another column, or use its “Move to…” menu. Closing, moving back and reopening ask for a note.
      </p>
      {loaded.kind === "error" ? <ErrorBanner error={loaded.error} title="Could not load applications." /> : null}
      {moveError ? <ErrorBanner error={moveError.error} title={moveError.title} /> : null}
      <SendsToCheck apps={apps ?? []} />
      {apps ? <FollowUpsDue apps={apps} /> : null}
      {apps === null ? (
        loaded.kind === "loading" ? <Loading what="applications" /> : null
      ) : (
        <>
          {apps.length === 0 ? (
            <p className="status" data-testid="applications-empty">
              No applications yet. Save jobs to your wishlist from a job's page (<Link to="/jobs">Jobs</Link>), or say
              “I applied” there.
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
                        onMove={(s, note) => move(app, s, note)}
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
              {unknown.map((a) => `${a.job_title ?? "a job"} (${a.stage})`).join(", ")}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
