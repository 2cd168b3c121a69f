/** The setup's progress (`setup_status`), cached and shared by the setup screen and the Dashboard. */
import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { commands, type SetupStatus } from "../../bindings";
import { call } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";

export function useSetupStatus() {
  return useCommandQuery(queryKeys.setup.status(), () => call(commands.setupStatus()));
}

/**
 * Reads the progress again after a step saved something (with the hunt's readiness and
 * deployment).
 */
export function useSetupChanged(): () => void {
  const client = useQueryClient();
  return useCallback(() => {
    void client.invalidateQueries({ queryKey: queryKeys.setup.all });
    void client.invalidateQueries({ queryKey: queryKeys.deployments.all });
  }, [client]);
}

/** Nothing done yet and not skipped: a first start. */
export function isFirstStart(status: SetupStatus): boolean {
  return (
    !status.dismissed && !status.cv && !status.lookingFor && !status.sources && !status.schedule && !status.firstHunt
  );
}
