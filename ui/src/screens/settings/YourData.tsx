/**
 * Settings › "Your data": back up the whole database to a file the user picks, and restore one.
 *
 * A restore never replaces the data under the running app: the app checks the file (a
 * JobHunter database this version can open, else it says why, naming the file), keeps it aside,
 * and switches to it at the next start, keeping the current data beside it. So the screen says
 * "Restart JobHunter to finish restoring" and offers the restart (or to cancel the restore).
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { open, save } from "@tauri-apps/plugin-dialog";
import { commands, type BackupDone, type RestoreStaged } from "../../bindings";
import { ActionButton, ErrorBanner } from "../../components/ui";
import { call, toAppError } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";

const DATABASE_FILES = [{ name: "JobHunter backup", extensions: ["db", "sqlite", "bak"] }];

/** `jobhunter-backup-2026-12-06.db`: the save dialog's suggestion. */
export function backupFileName(now = new Date()): string {
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
  return `jobhunter-backup-${day}.db`;
}

/** `12.3 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function YourData() {
  const client = useQueryClient();
  const pending = useCommandQuery(queryKeys.yourData.restorePending(), () => call(commands.restorePending()));
  const refreshPending = () => client.invalidateQueries({ queryKey: queryKeys.yourData.restorePending() });

  const backup = useMutation({
    mutationFn: async (): Promise<BackupDone | null> => {
      const path = await save({ defaultPath: backupFileName(), filters: DATABASE_FILES });
      return path ? call(commands.backupDatabase(path)) : null;
    },
  });
  const restore = useMutation({
    mutationFn: async (): Promise<RestoreStaged | null> => {
      const path = await open({ multiple: false, directory: false, filters: DATABASE_FILES });
      return typeof path === "string" ? call(commands.restoreDatabase(path)) : null;
    },
    onSuccess: refreshPending,
  });
  const cancel = useMutation({ mutationFn: () => call(commands.cancelRestore()), onSuccess: refreshPending });
  const restart = useMutation({ mutationFn: () => call(commands.restartApp()) });
  const failed = backup.error ?? restore.error ?? cancel.error ?? restart.error;
  const busy = backup.isPending || restore.isPending || cancel.isPending || restart.isPending;

  return (
    <section className="panel" aria-labelledby="your-data-title">
      <div className="panel-header">
        <h2 id="your-data-title">Your data</h2>
      </div>
      <p className="status">
        Everything JobHunter keeps (your CV, jobs, applications, settings and history) is in one file. Back it up to
        keep a copy; restore a copy to go back to it, or to move to another computer.
      </p>
      <div className="jobs-actions">
        <ActionButton variant="secondary" busy={backup.isPending} disabled={busy} onClick={() => backup.mutate()}>
          Back up…
        </ActionButton>
        <ActionButton variant="secondary" busy={restore.isPending} disabled={busy} onClick={() => restore.mutate()}>
          Restore…
        </ActionButton>
      </div>
      {backup.data ? (
        <p className="status" role="status" data-testid="backup-done">
          Backed up to {backup.data.path} ({formatBytes(backup.data.bytes)}).
        </p>
      ) : null}
      {pending.data ? (
        <div className="status" role="status" data-testid="restore-pending">
          <p>
            <strong>Restart JobHunter to finish restoring.</strong>{" "}
            {restore.data
              ? `The backup ${restore.data.from} (${restore.data.jobs} jobs) replaces your data then; your current data is kept as ${restore.data.previousKeptAs}.`
              : "A backup is ready to replace your data; your current data will be kept beside it."}
          </p>
          <div className="jobs-actions">
            <ActionButton busy={restart.isPending} disabled={busy} onClick={() => restart.mutate()}>
              Restart now
            </ActionButton>
            <ActionButton variant="secondary" busy={cancel.isPending} disabled={busy} onClick={() => cancel.mutate()}>
              Cancel the restore
            </ActionButton>
          </div>
        </div>
      ) : null}
      <ErrorBanner error={failed ? toAppError(failed) : null} title="That did not work:" />
      <ErrorBanner error={pending.kind === "error" ? pending.error : null} title="Could not check for a restore:" />
    </section>
  );
}
