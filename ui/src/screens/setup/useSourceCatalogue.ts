/**
 * The job sites the app knows (`list_sources`), cached once for every screen that names them:
 * the setup's checklist, Settings, the jobs list, its filter and a job's "Found on".
 */
import { commands } from "../../bindings";
import { call } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";

export function useSourceCatalogue() {
  return useCommandQuery(queryKeys.setup.sources(), () => call(commands.listSources()));
}
