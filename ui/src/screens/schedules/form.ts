/**
 * The schedule editor's state, its validation and its conversion to a DeploymentInput. "When"
 * is the builder's (builder.ts) unless the expert cron field is on; the flow's parameters are
 * the generated form's (flows/ParamsEditor.tsx) and arrive here already checked.
 */
import type { DeploymentDto, DeploymentInput } from "../../bindings";
import { parseTags, tagsError, tagsText } from "../runs/TagsField";
import { defaultWhen, scheduleOf, whenError, whenOf, type When } from "./builder";

export type Catchup = "skip" | "latest_once" | "all";
export type Overlap = "skip" | "queue_one" | "allow" | "cancel_previous";

export const CATCHUP_OPTIONS: Array<{ value: Catchup; label: string; help: string }> = [
  { value: "skip", label: "Skip", help: "Missed runs are recorded as Skipped; none is made up." },
  {
    value: "latest_once",
    label: "Latest once",
    help: "Only the most recent missed run is made up; older ones are recorded as Skipped.",
  },
  { value: "all", label: "All", help: "Every missed run (within 24 h) is made up, oldest first." },
];

export const OVERLAP_OPTIONS: Array<{ value: Overlap; label: string; help: string }> = [
  { value: "skip", label: "Skip", help: "A run due while the previous one is still going is Skipped." },
  { value: "queue_one", label: "Queue one", help: "It waits for the previous run; at most one waits." },
  { value: "allow", label: "Allow", help: "It starts at once, beside the previous run." },
  {
    value: "cancel_previous",
    label: "Cancel previous",
    help: "The running one is cancelled and the new one starts when it has ended.",
  },
];

export type DeploymentForm = {
  name: string;
  flowName: string;
  /** "Every ... at ..." / "Every N hours". */
  when: When;
  /** The expert cron field is used instead of the builder. */
  expert: boolean;
  /** The expert field's text: a cron expression or an interval (`6h`). */
  schedule: string;
  timezone: string;
  catchup: Catchup;
  overlap: Overlap;
  paused: boolean;
  /** The runs' labels, comma separated ("scheduled, production"). */
  tags: string;
};

export type FormErrors = Partial<Record<keyof DeploymentForm, string>>;

export function emptyForm(timezone: string): DeploymentForm {
  return {
    name: "",
    flowName: "",
    when: defaultWhen(),
    expert: false,
    schedule: scheduleOf(defaultWhen()) ?? "",
    timezone,
    catchup: "latest_once",
    overlap: "skip",
    paused: false,
    tags: "",
  };
}

/** `everySecs` as the shortest interval text: 86400 -> "1d", 5400 -> "90m". */
export function intervalText(everySecs: number): string {
  if (everySecs > 0 && everySecs % 86400 === 0) return `${everySecs / 86400}d`;
  if (everySecs > 0 && everySecs % 3600 === 0) return `${everySecs / 3600}h`;
  if (everySecs > 0 && everySecs % 60 === 0) return `${everySecs / 60}m`;
  return `${everySecs}s`;
}

function isCatchup(v: string): v is Catchup {
  return CATCHUP_OPTIONS.some((o) => o.value === v);
}

function isOverlap(v: string): v is Overlap {
  return OVERLAP_OPTIONS.some((o) => o.value === v);
}

export function formFromDeployment(d: DeploymentDto): DeploymentForm {
  const first = d.schedules[0];
  const schedule = first
    ? first.expr ?? (first.everySecs != null ? intervalText(first.everySecs) : "")
    : "";
  // What the builder can say opens in the builder; anything else in the expert field.
  const when = first ? whenOf({ expr: first.expr, everySecs: first.everySecs }) : defaultWhen();
  return {
    name: d.name,
    flowName: d.flowName,
    when: when ?? defaultWhen(),
    expert: when === null,
    schedule,
    timezone: first?.timezone ?? "UTC",
    catchup: isCatchup(d.catchup) ? d.catchup : "latest_once",
    overlap: isOverlap(d.overlap) ? d.overlap : "skip",
    paused: d.paused,
    tags: tagsText(d.tags),
  };
}

/** The cron expression or interval the form says: the expert field's, else the builder's. */
export function scheduleText(form: DeploymentForm): string {
  return form.expert ? form.schedule.trim() : scheduleOf(form.when) ?? "";
}

/**
 * The DeploymentInput of the form with the flow's `params` (already checked by the parameter
 * form; null while they are invalid), or the errors by field.
 */
export function validate(
  form: DeploymentForm,
  params: Record<string, unknown> | null,
): { input: DeploymentInput | null; errors: FormErrors } {
  const errors: FormErrors = {};
  if (form.name.trim() === "") errors.name = "Name: required";
  if (form.flowName === "") errors.flowName = "What to run: pick one";
  if (form.expert) {
    if (form.schedule.trim() === "") {
      errors.schedule = "Cron expression: required (such as 0 9 * * 1-5, or an interval such as 6h)";
    }
  } else {
    const problem = whenError(form.when);
    if (problem) errors.when = problem;
  }
  if (form.timezone.trim() === "") errors.timezone = "Time zone: required (such as Europe/Berlin)";
  const badTag = tagsError(form.tags);
  if (badTag) errors.tags = badTag;
  if (Object.keys(errors).length > 0 || params === null) return { input: null, errors };
  return {
    errors,
    input: {
      name: form.name.trim(),
      flowName: form.flowName,
      parametersJson: JSON.stringify(params),
      schedule: scheduleText(form),
      timezone: form.timezone.trim(),
      catchup: form.catchup,
      overlap: form.overlap,
      paused: form.paused,
      tags: parseTags(form.tags),
    },
  };
}
