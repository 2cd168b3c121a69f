/** The deployment editor's state, its validation and its conversion to a DeploymentInput. */
import type { DeploymentDto, DeploymentInput } from "../../bindings";

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
  parameters: string;
  schedule: string;
  timezone: string;
  catchup: Catchup;
  overlap: Overlap;
  paused: boolean;
};

export type FormErrors = Partial<Record<keyof DeploymentForm, string>>;

export function emptyForm(timezone: string): DeploymentForm {
  return {
    name: "",
    flowName: "",
    parameters: "{}",
    schedule: "0 9 * * 1-5",
    timezone,
    catchup: "latest_once",
    overlap: "skip",
    paused: false,
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
  return {
    name: d.name,
    flowName: d.flowName,
    parameters: JSON.stringify(d.parameters ?? {}, null, 2),
    schedule,
    timezone: first?.timezone ?? "UTC",
    catchup: isCatchup(d.catchup) ? d.catchup : "latest_once",
    overlap: isOverlap(d.overlap) ? d.overlap : "skip",
    paused: d.paused,
  };
}

/** The parameters text's problem, or null when it is empty or a JSON object. */
export function parametersError(text: string): string | null {
  if (text.trim() === "") return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return `parameters: not valid JSON (${e instanceof Error ? e.message : String(e)})`;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return "parameters: must be a JSON object, e.g. {\"keywords\": [\"rust\"]}";
  }
  return null;
}

export function validate(form: DeploymentForm): { input: DeploymentInput | null; errors: FormErrors } {
  const errors: FormErrors = {};
  if (form.name.trim() === "") errors.name = "name: required";
  if (form.flowName === "") errors.flowName = "flow: pick a flow";
  const params = parametersError(form.parameters);
  if (params) errors.parameters = params;
  if (form.schedule.trim() === "") {
    errors.schedule = "schedule: required (a cron expression such as 0 9 * * 1-5, or an interval such as 6h)";
  }
  if (form.timezone.trim() === "") errors.timezone = "timezone: required (an IANA zone such as Europe/Berlin)";
  if (Object.keys(errors).length > 0) return { input: null, errors };
  return {
    errors,
    input: {
      name: form.name.trim(),
      flowName: form.flowName,
      parametersJson: form.parameters.trim() === "" ? null : form.parameters,
      schedule: form.schedule.trim(),
      timezone: form.timezone.trim(),
      catchup: form.catchup,
      overlap: form.overlap,
      paused: form.paused,
    },
  };
}
