/**
 * "Start JobHunter when I log in": the OS's login item (tauri-plugin-autostart), so that hunts
 * run on schedule without the user opening the app. The state shown is the OS's own (the
 * plugin's `isEnabled`), never a copy in the database: turning the login item off elsewhere
 * shows here. Launched at login, the app starts hidden in the tray.
 */
import { disable, enable, isEnabled } from "@tauri-apps/plugin-autostart";
import { Field } from "../../components/Field";
import { ErrorBanner } from "../../components/ui";
import { toAppError } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import { useCommandMutation } from "../../lib/useCommandMutation";

async function readEnabled(): Promise<boolean> {
  try {
    return await isEnabled();
  } catch (error) {
    throw toAppError(error);
  }
}

async function setEnabled(on: boolean): Promise<boolean> {
  try {
    if (on) await enable();
    else await disable();
  } catch (error) {
    throw toAppError(error);
  }
  return on;
}

/** The switch, labelled; `id` keeps two of them (setup, Settings) apart. */
export function LaunchAtLogin({ id = "launch-at-login" }: { id?: string }) {
  const state = useCommandQuery(queryKeys.autostart.all, readEnabled);
  const change = useCommandMutation([queryKeys.autostart.all]);
  return (
    <div className="launch-at-login">
      <Field
        id={id}
        label="Start JobHunter when I log in"
        inline
        hint="It starts in the tray, without a window, and runs your hunts on schedule."
      >
        <input
          id={id}
          type="checkbox"
          role="switch"
          checked={state.data ?? false}
          disabled={state.data === null || change.busy}
          aria-describedby={`${id}-hint`}
          onChange={(e) => {
            const on = e.target.checked;
            void change.run(() => setEnabled(on));
          }}
        />
      </Field>
      {state.kind === "error" ? (
        <ErrorBanner error={state.error} title="Could not tell whether JobHunter starts at login:" />
      ) : null}
      <ErrorBanner error={change.error} title="Could not change whether JobHunter starts at login:" />
    </div>
  );
}
