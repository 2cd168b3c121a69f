/**
 * The registered flows from the query cache (they change only with the app), and each flow's
 * title for people: the title comes from Rust (the flow's registration), never from a map here.
 */
import { useCallback } from "react";
import { commands } from "../../bindings";
import { call } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";

/** `list_flows`, cached. */
export function useFlows() {
  return useCommandQuery(queryKeys.flows.list(), () => call(commands.listFlows()));
}

/**
 * `name -> title` ("daily_job_hunt" -> "Daily job hunt") from the cached flows; the name itself
 * until they have loaded, or for a flow the app no longer has.
 */
export function useFlowTitle(): (name: string) => string {
  const flows = useFlows().data;
  return useCallback((name: string) => flows?.find((f) => f.name === name)?.title ?? name, [flows]);
}
