import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FlowInfo } from "../bindings";
import { parseRoute } from "../lib/router";
import Schedules from "./Schedules";
import { deploymentDto, flowDto } from "../test/fixtures";
import { fail, mockCommands } from "../test/ipc";
import { renderWithQueries as render } from "../test/queries";

const FLOWS: FlowInfo[] = [
  flowDto("daily_job_hunt", { description: "Find and rank jobs" }),
  flowDto("maintenance", { description: "Prune old runs" }),
];

const NEXT = [
  "2026-12-01T09:00:00+01:00",
  "2026-12-02T09:00:00+01:00",
  "2026-12-03T09:00:00+01:00",
  "2026-12-04T09:00:00+01:00",
  "2026-12-07T09:00:00+01:00",
];

function preview(args: Record<string, unknown>) {
  const expr = args.cronOrInterval as string;
  if (expr.includes("61")) {
    throw fail("invalid_input", `cron_or_interval: '${expr}' is not a valid cron expression: minute 61 out of range`);
  }
  return { description: `cron ${expr} (${args.tz})`, nextRuns: NEXT };
}

beforeEach(() => {
  window.location.hash = "";
});
afterEach(() => {
  window.location.hash = "";
});

describe("Schedules list", () => {
  it("lists schedules with what they run, when in words, zone and next run", async () => {
    mockCommands({
      list_deployments: () => [
        deploymentDto({}),
        deploymentDto({
          id: "dep-2",
          name: "cleanup",
          flowName: "maintenance",
          flowTitle: "Maintenance",
          paused: true,
          nextRuns: [],
          schedules: [{ kind: "interval", description: "every 6h (UTC)", expr: null, everySecs: 21600, timezone: "UTC" }],
        }),
        deploymentDto({
          id: "dep-3",
          name: "quarter hours",
          schedules: [{ kind: "cron", description: "cron */15 * * * * (UTC)", expr: "*/15 * * * *", everySecs: null, timezone: "UTC" }],
        }),
      ],
    });
    render(<Schedules route={parseRoute("#/schedules")} />);
    const row = await screen.findByTestId("deployment-morning hunt");
    expect(row).toHaveTextContent("Daily job hunt");
    expect(row).not.toHaveTextContent("daily_job_hunt");
    expect(row).toHaveTextContent("Every weekday (Monday to Friday) at 09:00");
    expect(row).toHaveTextContent("Europe/Berlin");
    expect(within(row).getByRole("button", { name: "Pause morning hunt" })).toBeInTheDocument();
    const paused = screen.getByTestId("deployment-cleanup");
    expect(paused).toHaveTextContent("Maintenance");
    expect(paused).toHaveTextContent("Every 6 hours");
    expect(paused).toHaveTextContent("paused");
    expect(within(paused).getByRole("button", { name: "Resume cleanup" })).toBeInTheDocument();
    // What the builder cannot say is shown as stored.
    expect(screen.getByTestId("deployment-quarter hours")).toHaveTextContent("cron */15 * * * * (UTC)");
    expect(within(row).getByRole("link", { name: "Edit morning hunt" })).toHaveAttribute("href", "#/schedules/dep-1");
  });

  it("pauses, runs now (opening the run) and deletes after confirming", async () => {
    let list = [deploymentDto({})];
    const calls = mockCommands({
      list_deployments: () => list,
      pause_deployment: () => {
        list = [deploymentDto({ paused: true, nextRuns: [], updatedAt: "2026-11-21T09:00:00Z" })];
        return list[0];
      },
      run_deployment_now: () => "run-42",
      delete_deployment: () => {
        list = [];
        return null;
      },
    });
    render(<Schedules route={parseRoute("#/schedules")} />);
    const row = await screen.findByTestId("deployment-morning hunt");

    await userEvent.click(within(row).getByRole("button", { name: "Pause morning hunt" }));
    expect(await within(row).findByRole("button", { name: "Resume morning hunt" })).toBeInTheDocument();
    expect(calls).toContainEqual({ cmd: "pause_deployment", args: { id: "dep-1" } });

    await userEvent.click(within(row).getByRole("button", { name: "Run morning hunt now" }));
    await waitFor(() => expect(window.location.hash).toBe("#/runs/run-42"));
    expect(calls).toContainEqual({ cmd: "run_deployment_now", args: { id: "dep-1" } });

    await userEvent.click(within(row).getByRole("button", { name: "Delete morning hunt" }));
    expect(calls.some((c) => c.cmd === "delete_deployment")).toBe(false);
    await userEvent.click(within(row).getByRole("button", { name: "Yes, delete" }));
    expect(await screen.findByText(/No schedules yet/)).toBeInTheDocument();
    expect(calls).toContainEqual({ cmd: "delete_deployment", args: { id: "dep-1" } });
  });

  it("shows an action's error", async () => {
    mockCommands({
      list_deployments: () => [deploymentDto({})],
      run_deployment_now: () => {
        throw fail("not_found", "deployment 'dep-1' not found");
      },
    });
    render(<Schedules route={parseRoute("#/schedules")} />);
    const row = await screen.findByTestId("deployment-morning hunt");
    await userEvent.click(within(row).getByRole("button", { name: "Run morning hunt now" }));
    expect(await within(row).findByRole("alert")).toHaveTextContent("deployment 'dep-1' not found");
  });
});

/** The editor's mocks: flows, no schedules yet, the preview. */
function mockEditor(extra: Parameters<typeof mockCommands>[0] = {}) {
  return mockCommands({ list_flows: () => FLOWS, list_deployments: () => [], preview_schedule: preview, ...extra });
}

function lastPreview(calls: ReturnType<typeof mockCommands>) {
  const previews = calls.filter((c) => c.cmd === "preview_schedule");
  return previews[previews.length - 1]?.args;
}

describe("Schedule editor", () => {
  it("builds the schedule in words, in the chosen zone, with a preview of its next runs", async () => {
    const calls = mockEditor();
    render(<Schedules route={parseRoute("#/schedules/new")} />);
    const repeat = await screen.findByLabelText("Repeat");
    fireEvent.change(screen.getByLabelText("Time zone"), { target: { value: "Europe/Berlin" } });
    // A new schedule: every weekday at 09:00.
    expect(repeat).toHaveValue("weekdays");
    expect(screen.getByTestId("schedule-words")).toHaveTextContent("Every weekday (Monday to Friday) at 09:00 (Europe/Berlin).");
    const box = await screen.findByTestId("schedule-preview");
    await waitFor(() => expect(box).toHaveTextContent("cron 0 9 * * 1-5 (Europe/Berlin)"));
    expect(within(box).getAllByRole("listitem")).toHaveLength(5);
    expect(within(box).getAllByRole("listitem")[0].querySelector("time")).toHaveAttribute("dateTime", NEXT[0]);
    expect(lastPreview(calls)).toEqual({ cronOrInterval: "0 9 * * 1-5", tz: "Europe/Berlin", count: 5 });

    // Chosen days, by keyboard-reachable checkboxes.
    await userEvent.selectOptions(repeat, "chosen");
    await userEvent.click(screen.getByRole("checkbox", { name: "Tuesday" }));
    await userEvent.click(screen.getByRole("checkbox", { name: "Thursday" }));
    fireEvent.change(screen.getByLabelText("At"), { target: { value: "07:30" } });
    expect(screen.getByTestId("schedule-words")).toHaveTextContent("Every Monday, Wednesday and Friday at 07:30");
    await waitFor(() => expect(lastPreview(calls)?.cronOrInterval).toBe("30 7 * * 1,3,5"));

    await userEvent.selectOptions(repeat, "hours");
    const hours = screen.getByLabelText("Every how many hours");
    fireEvent.change(hours, { target: { value: "6" } });
    expect(screen.getByTestId("schedule-words")).toHaveTextContent("Every 6 hours.");
    await waitFor(() => expect(lastPreview(calls)?.cronOrInterval).toBe("6h"));
  });

  it("keeps the cron expression for experts, with its error inline, and reads it back into the builder", async () => {
    const calls = mockEditor();
    render(<Schedules route={parseRoute("#/schedules/new")} />);
    await userEvent.click(await screen.findByLabelText("Expert: cron expression"));
    const cron = screen.getByLabelText("Cron expression or interval");
    expect(cron).toHaveValue("0 9 * * 1-5");
    expect(screen.queryByLabelText("Repeat")).toBeNull();

    fireEvent.change(cron, { target: { value: "61 9 * * *" } });
    expect(await screen.findByText(/minute 61 out of range/)).toHaveClass("field-error");
    expect(cron).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByTestId("schedule-preview")).not.toBeInTheDocument();

    await userEvent.clear(cron);
    await userEvent.type(cron, "*/15 * * * *");
    await waitFor(() => expect(screen.getByTestId("schedule-preview")).toHaveTextContent("cron */15 * * * *"));
    // Debounced: not one preview per key.
    expect(calls.filter((c) => c.cmd === "preview_schedule").length).toBeLessThanOrEqual(3);

    fireEvent.change(cron, { target: { value: "15 8 * * sat,sun" } });
    await userEvent.click(screen.getByLabelText("Expert: cron expression"));
    expect(screen.getByLabelText("Repeat")).toHaveValue("chosen");
    expect(screen.getByRole("checkbox", { name: "Saturday" })).toBeChecked();
    expect(screen.getByRole("checkbox", { name: "Monday" })).not.toBeChecked();
    expect(screen.getByLabelText("At")).toHaveValue("08:15");
  });

  it("creates a schedule in words, with the flow's settings as a form (no JSON), and returns to the list", async () => {
    window.location.hash = "#/schedules/new";
    const calls = mockEditor({ create_deployment: () => deploymentDto({}) });
    render(<Schedules route={parseRoute("#/schedules/new")} />);
    const name = await screen.findByLabelText("Name");
    await userEvent.click(screen.getByRole("button", { name: "Create schedule" }));
    expect(screen.getByText("Name: required")).toBeInTheDocument();
    expect(screen.getByText("What to run: pick one")).toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "create_deployment")).toBe(false);

    await userEvent.type(name, "morning hunt");
    // Flows are offered by title.
    await userEvent.selectOptions(screen.getByLabelText("What to run"), "Daily job hunt");
    expect(screen.queryByText(/Empty or \{\}/)).toBeNull();
    expect(screen.queryByRole("textbox", { name: /JSON/ })).toBeNull();
    expect(screen.getByLabelText("Strong match from (percent)")).toHaveValue("80");
    fireEvent.change(screen.getByLabelText("Strong match from (percent)"), { target: { value: "85" } });
    await userEvent.selectOptions(screen.getByLabelText("Repeat"), "everyDay");
    fireEvent.change(screen.getByLabelText("At"), { target: { value: "08:30" } });
    fireEvent.change(screen.getByLabelText("Time zone"), { target: { value: "Europe/Berlin" } });
    await userEvent.selectOptions(screen.getByLabelText("Missed runs (catch-up)"), "all");
    expect(screen.getByText(/Every missed run/)).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText("When the previous run is still going (overlap)"), "queue_one");
    await userEvent.click(screen.getByLabelText(/Paused/));
    await userEvent.type(screen.getByLabelText("Tags"), "scheduled, mornings, scheduled");
    await userEvent.click(screen.getByRole("button", { name: "Create schedule" }));

    await waitFor(() => expect(window.location.hash).toBe("#/schedules"));
    const created = calls.filter((c) => c.cmd === "create_deployment");
    expect(created).toHaveLength(1);
    const input = created[0].args.input as Record<string, unknown>;
    expect(input).toMatchObject({
      name: "morning hunt",
      flowName: "daily_job_hunt",
      schedule: "30 8 * * *",
      timezone: "Europe/Berlin",
      catchup: "all",
      overlap: "queue_one",
      paused: true,
      tags: ["scheduled", "mornings"],
    });
    // The flow's parameters keep 0..1; no job sites: the API takes the saved ones.
    expect(JSON.parse(String(input.parametersJson))).toMatchObject({ match_threshold: 0.85, sources: [], keywords: [] });
  });

  it("shows why a hunt cannot be scheduled yet", async () => {
    mockEditor({
      create_deployment: () => {
        throw fail("invalid_input", "sources: choose at least one job site first");
      },
    });
    render(<Schedules route={parseRoute("#/schedules/new")} />);
    await userEvent.type(await screen.findByLabelText("Name"), "hunt");
    await userEvent.selectOptions(screen.getByLabelText("What to run"), "Daily job hunt");
    await userEvent.click(screen.getByRole("button", { name: "Create schedule" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("sources: choose at least one job site first");
  });

  it("keeps experts' JSON and refuses it while it is not an object", async () => {
    const calls = mockEditor();
    render(<Schedules route={parseRoute("#/schedules/new")} />);
    await userEvent.type(await screen.findByLabelText("Name"), "cleanup");
    await userEvent.selectOptions(screen.getByLabelText("What to run"), "Maintenance");
    await userEvent.click(screen.getByRole("button", { name: "Advanced (JSON)" }));
    const raw = screen.getByLabelText("Settings of “Maintenance” as a JSON object");
    fireEvent.change(raw, { target: { value: "[1, 2]" } });
    await userEvent.click(screen.getByRole("button", { name: "Create schedule" }));
    expect(screen.getByText("Advanced (JSON): must be a JSON object")).toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "create_deployment")).toBe(false);
  });

  it("opens an existing schedule in the builder, or in the expert field when the builder cannot say it", async () => {
    let stored = deploymentDto({
      schedules: [{ kind: "interval", description: "every 6h (UTC)", expr: null, everySecs: 21600, timezone: "UTC" }],
    });
    const calls = mockEditor({
      list_deployments: () => [stored],
      update_deployment: () => {
        throw fail("invalid_input", "schedule: interval must be at least 1s");
      },
    });
    const { unmount } = render(<Schedules route={parseRoute("#/schedules/dep-1")} />);
    expect(await screen.findByLabelText("Repeat")).toHaveValue("hours");
    expect(screen.getByLabelText("Every how many hours")).toHaveValue(6);
    expect(screen.getByLabelText("Name")).toHaveValue("morning hunt");
    expect(screen.getByLabelText("What to run")).toHaveValue("daily_job_hunt");
    expect(screen.getByLabelText("What to run")).toBeDisabled();
    expect(screen.getByLabelText("Time zone")).toHaveValue("UTC");
    // The stored parameters fill the form.
    expect(screen.getByLabelText("Search terms")).toHaveValue("rust");

    await userEvent.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("schedule: interval must be at least 1s");
    const updates = calls.filter((c) => c.cmd === "update_deployment");
    expect(updates).toHaveLength(1);
    expect(updates[0].args.id).toBe("dep-1");
    expect(updates[0].args.input).toMatchObject({ name: "morning hunt", schedule: "6h", timezone: "UTC", catchup: "latest_once", overlap: "skip", paused: false });
    unmount();

    stored = deploymentDto({
      schedules: [{ kind: "cron", description: "cron */15 * * * * (UTC)", expr: "*/15 * * * *", everySecs: null, timezone: "UTC" }],
    });
    render(<Schedules route={parseRoute("#/schedules/dep-1")} />);
    expect(await screen.findByLabelText("Cron expression or interval")).toHaveValue("*/15 * * * *");
    expect(screen.getByLabelText("Expert: cron expression")).toBeChecked();
  });
});
