/** One step's panel: its heading (focused when the user opened the step) and an intro sentence. */
import { useEffect, useRef, type ReactNode } from "react";
import type { Step } from "./steps";

export function StepSection({
  step,
  focus = false,
  intro,
  children,
}: {
  step: Step;
  /** Move the focus to the heading when shown (the user picked this step). */
  focus?: boolean;
  intro: ReactNode;
  children: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) heading.current?.focus();
  }, [focus]);
  const id = `setup-step-${step.n}-title`;
  return (
    <section className="panel setup-step-panel" aria-labelledby={id}>
      <h2 id={id} ref={heading} tabIndex={-1}>
        Step {step.n} of 5: {step.title}
      </h2>
      <div className="setup-intro">{intro}</div>
      {children}
    </section>
  );
}
