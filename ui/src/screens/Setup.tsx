/**
 * #/setup: the guided first-run setup in five steps (`?step=N` opens one). Each step saves as
 * it goes; the stepper shows which are done, read from what is stored.
 */
import { useState, type ComponentType } from "react";
import { ErrorBanner } from "../components/ui";
import { navigate, type Route } from "../lib/router";
import { CvStep } from "./setup/CvStep";
import { FirstHuntStep } from "./setup/FirstHuntStep";
import { LookingForStep } from "./setup/LookingForStep";
import { ScheduleStep } from "./setup/ScheduleStep";
import { SkipSetup } from "./setup/SkipSetup";
import { SourcesStep } from "./setup/SourcesStep";
import { Stepper } from "./setup/Stepper";
import { useSetupStatus } from "./setup/status";
import { STEPS, currentStep, stepPath, type StepNumber, type StepProps } from "./setup/steps";
import "./Setup.css";

const STEP_SCREENS: Record<StepNumber, ComponentType<StepProps>> = {
  1: CvStep,
  2: LookingForStep,
  3: SourcesStep,
  4: ScheduleStep,
  5: FirstHuntStep,
};

export default function Setup({ route }: { route: Route }) {
  const status = useSetupStatus();
  // The user picked a step (not the first render): its heading takes the focus.
  const [picked, setPicked] = useState(false);
  // Without `?step=N`, the first step not done yet, chosen once: saving a step must not swap
  // the panel away before its result is seen (the user moves on with the stepper or a link).
  const asked = route.query.get("step");
  const [pinned, setPinned] = useState<StepNumber | null>(null);
  if (asked === null && pinned === null && status.data) {
    // Adjusting state while rendering (once): React renders again before painting.
    setPinned(currentStep(null, status.data));
  }
  const current = asked === null && pinned !== null ? pinned : currentStep(asked, status.data);
  const step = STEPS[current - 1];
  const Step = STEP_SCREENS[current];
  const goTo = (n: StepNumber) => {
    setPicked(true);
    navigate(stepPath(n));
  };

  return (
    <div className="setup">
      <header className="setup-header">
        <div>
          <h1>Getting started</h1>
          <p className="status">Five short steps and the app looks for jobs for you every day.</p>
        </div>
        <SkipSetup />
      </header>
      <ErrorBanner error={status.kind === "error" ? status.error : null} title="Could not check your progress." />
      {status.data?.done ? (
        <p className="status status-ok" role="status">
          Everything is set up. You can change any step here at any time.
        </p>
      ) : null}
      <div className="setup-body">
        <Stepper status={status.data} current={current} onSelect={goTo} />
        <Step key={current} step={step} focus={picked} status={status.data} goTo={goTo} />
      </div>
    </div>
  );
}
