/**
 * Step 4: when the daily hunt runs; waits for step 3 (the hunt needs places to search). Also
 * offers to start JobHunter at login, so that the hunts run without opening the app.
 */
import { commands } from "../../bindings";
import { ErrorBanner, Loading } from "../../components/ui";
import { call } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import { LaunchAtLogin } from "../settings/LaunchAtLogin";
import { ScheduleForm } from "./ScheduleForm";
import { StepSection } from "./StepSection";
import { storedSchedule } from "./schedule";
import { huntDeployment } from "./sources";
import type { StepProps } from "./steps";

export function ScheduleStep({ step, focus, status, goTo }: StepProps) {
  const deployments = useCommandQuery(queryKeys.deployments.list(), () => call(commands.listDeployments()));
  const hunt = huntDeployment(deployments.data);
  const sourcesSaved = status?.sources === true;

  return (
    <StepSection
      step={step}
      focus={focus}
      intro={<p>Pick the time the app looks for new jobs each day, compares them with your CV and tells you.</p>}
    >
      {!sourcesSaved && status ? (
        <p className="status" id="schedule-why">
          First choose where to search.{" "}
          <button type="button" className="link-button" onClick={() => goTo(3)}>
            Go to step 3, Where to search
          </button>
        </p>
      ) : null}
      <ErrorBanner error={deployments.kind === "error" ? deployments.error : null} title="Could not load the hunt." />
      {deployments.data || deployments.kind === "error" ? (
        <ScheduleForm
          initial={storedSchedule(hunt)}
          disabled={!sourcesSaved}
          disabledReason={!sourcesSaved ? "schedule-why" : undefined}
          onSaved={() => goTo(5)}
        />
      ) : (
        <Loading what="the hunt" />
      )}
      <LaunchAtLogin id="setup-launch-at-login" />
    </StepSection>
  );
}
