/**
 * Above the jobs list: the "Showing jobs new in the hunt of <date> · Clear" chip when the list
 * was opened from a hunt's summary (`?hunt=<id>`), and "Mark all as seen".
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { commands } from "../../bindings";
import { ActionButton, ErrorBanner } from "../../components/ui";
import { formatTimestamp } from "../../format";
import { call, toAppError } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";

/** The chip of the `hunt` filter; its date comes from the hunt's summary. */
export function HuntFilterChip({ huntId, onClear }: { huntId: string; onClear: () => void }) {
  const hunt = useCommandQuery(queryKeys.huntSummary.detail(huntId), () => call(commands.huntSummary(huntId)));
  const when = hunt.data ? formatTimestamp(hunt.data.startedAt) : hunt.kind === "error" ? "an unknown day" : "…";
  return (
    <p className="jobs-filter-chip" role="status" data-testid="hunt-filter">
      <span>Showing jobs new in the hunt of {when}</span>
      <span aria-hidden="true"> · </span>
      <button type="button" className="link-button" onClick={onClear}>
        Clear
      </button>
    </p>
  );
}

/** "Mark all as seen": every job stops being new; the lists and counts refresh. */
export function MarkAllSeen({ disabled }: { disabled: boolean }) {
  const client = useQueryClient();
  const mark = useMutation({
    mutationFn: () => call(commands.markAllJobsSeen()),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.jobs.all }),
  });
  return (
    <>
      <ActionButton variant="secondary" busy={mark.isPending} disabled={disabled} onClick={() => mark.mutate()}>
        Mark all as seen
      </ActionButton>
      <ErrorBanner error={mark.error ? toAppError(mark.error) : null} title="Could not mark the jobs as seen." />
    </>
  );
}
