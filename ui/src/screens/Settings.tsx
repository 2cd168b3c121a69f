import { commands } from "../bindings";
import { call, useLoad } from "../lib/command";
import type { Route } from "../lib/router";
import { Channels } from "./settings/Channels";
import { GeneralSettings } from "./settings/GeneralSettings";
import { Rules } from "./settings/Rules";
import "./Settings.css";

/** #/settings: sources, LLM, retention and auto-apply; notification channels and rules. */
export default function Settings(_props: { route: Route }) {
  const channels = useLoad(() => call(commands.listChannels()), []);
  return (
    <div className="settings">
      <GeneralSettings />
      <Channels channels={channels} />
      <Rules channels={channels.data ?? []} />
    </div>
  );
}
