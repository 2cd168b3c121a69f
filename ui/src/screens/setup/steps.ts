/** The five setup steps, in order, with the `setup_status` field that says each is done. */
import type { SetupStatus } from "../../bindings";

export type StepNumber = 1 | 2 | 3 | 4 | 5;

export type Step = { n: StepNumber; title: string; done: keyof SetupStatus };

export const STEPS: readonly Step[] = [
  { n: 1, title: "Your CV", done: "cv" },
  { n: 2, title: "What you're looking for", done: "lookingFor" },
  { n: 3, title: "Where to search", done: "sources" },
  { n: 4, title: "When to hunt", done: "schedule" },
  { n: 5, title: "Run your first hunt", done: "firstHunt" },
];

export function isStepDone(status: SetupStatus | null, step: Step): boolean {
  return status ? status[step.done] === true : false;
}

/** The step asked for in `?step=N`, else the first one not done yet (the first when all are). */
export function currentStep(param: string | null, status: SetupStatus | null): StepNumber {
  const asked = Number(param);
  if (STEPS.some((s) => s.n === asked)) return asked as StepNumber;
  return (STEPS.find((s) => !isStepDone(status, s)) ?? STEPS[0]).n;
}

/** The route of step `n`. */
export function stepPath(n: StepNumber): string {
  return `/setup?step=${n}`;
}

/** What the setup screen gives each step. */
export type StepProps = {
  step: Step;
  /** The user opened this step: its heading takes the focus. */
  focus: boolean;
  status: SetupStatus | null;
  goTo: (n: StepNumber) => void;
};
