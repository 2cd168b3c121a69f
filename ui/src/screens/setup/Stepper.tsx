/** The five steps as buttons: done or not yet, the open one marked `aria-current="step"`. */
import type { SetupStatus } from "../../bindings";
import { STEPS, isStepDone, type StepNumber } from "./steps";

export function Stepper({
  status,
  current,
  onSelect,
}: {
  status: SetupStatus | null;
  current: StepNumber;
  onSelect: (n: StepNumber) => void;
}) {
  return (
    <nav className="setup-stepper" aria-label="Setup steps">
      <ol>
        {STEPS.map((step) => {
          const done = isStepDone(status, step);
          const active = step.n === current;
          return (
            <li key={step.n}>
              <button
                type="button"
                className={`setup-step${active ? " setup-step-active" : ""}${done ? " setup-step-done" : ""}`}
                aria-current={active ? "step" : undefined}
                onClick={() => onSelect(step.n)}
              >
                <span className="setup-step-mark" aria-hidden="true">
                  {done ? "✓" : step.n}
                </span>
                <span className="setup-step-title">
                  {step.n}. {step.title}
                </span>
                <span className="setup-step-state">{status ? (done ? "Done" : "Not done yet") : ""}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
