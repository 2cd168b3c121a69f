import { commands } from "../bindings";
import { call } from "../lib/command";
import { useCommandQuery } from "../lib/queries";
import { queryKeys } from "../lib/queryKeys";
import type { Route } from "../lib/router";
import { Channels } from "./settings/Channels";
import { GeneralSettings } from "./settings/GeneralSettings";
import { ReopenSetup } from "./settings/ReopenSetup";
import { Rules } from "./settings/Rules";
import { YourData } from "./settings/YourData";
import "./Settings.css";

/** #/settings: sources, LLM, retention and auto-apply; notification channels and rules; reopening the setup. */
export default function Settings(_props: { route: Route }) {
  const channels = useCommandQuery(queryKeys.settings.channels(), () => call(commands.listChannels()));
  return (
    <div className="settings">
      <GeneralSettings />
      <Channels channels={channels} />
      <Rules channels={channels.data ?? []} />
      <YourData />
      <ReopenSetup />
    </div>
  );
}
