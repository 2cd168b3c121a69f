import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FlowInfo } from "../bindings";
import { parseRoute } from "../lib/router";
import Schedules from "./Schedules";
import { deploymentDto, flowDto } from "../test/fixtures";
import { fail, mockCommands } from "../test/ipc";

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
  it("lists deployments with their schedule, zone and next run", async () => {
    mockCommands({
      list_deployments: () => [deploymentDto({}), deploymentDto({ id: "dep-2", name: "cleanup", flowName: "maintenance", paused: true, nextRuns: [], schedules: [{ kind: "interval", description: "every 6h (UTC)", expr: null, everySecs: 21600, timezone: "UTC" }] })],
    });
    render(<Schedules route={parseRoute("#/schedules")} />);
    const row = await screen.findByTestId("deployment-morning hunt");
    expect(row).toHaveTextContent("daily_job_hunt");
    expect(row).toHaveTextContent("cron 0 9 * * 1-5 (Europe/Berlin)");
    expect(row).toHaveTextContent("Europe/Berlin");
    expect(within(row).getByRole("button", { name: "Pause morning hunt" })).toBeInTheDocument();
    const paused = screen.getByTestId("deployment-cleanup");
    expect(paused).toHaveTextContent("every 6h (UTC)");
    expect(paused).toHaveTextContent("paused");
    expect(within(paused).getByRole("button", { name: "Resume cleanup" })).toBeInTheDocument();
    expect(within(row).getByRole("link", { name: "Edit morning hunt" })).toHaveAttribute("href", "#/schedules/dep-1");
  });

  it("pauses, runs now (opening the run) and deletes after confirming", async () => {
    let list = [deploymentDto({})];
    const calls = mockCommands({
      list_deployments: () => list,
      pause_deployment: () => deploymentDto({ paused: true, nextRuns: [], updatedAt: "2026-11-21T09:00:00Z" }),
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
    expect(await screen.findByText(/No deployments yet/)).toBeInTheDocument();
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

describe("Deployment editor", () => {
  it("previews the schedule in words with its next 5 runs, and shows the expression's error inline", async () => {
    const calls = mockCommands({ list_flows: () => FLOWS, preview_schedule: preview });
    render(<Schedules route={parseRoute("#/schedules/new")} />);
    const schedule = await screen.findByLabelText("Schedule");
    fireEvent.change(screen.getByLabelText("Time zone"), { target: { value: "Europe/Berlin" } });
    fireEvent.change(schedule, { target: { value: "0 9 * * 1-5" } });

    const box = await screen.findByTestId("schedule-preview");
    await waitFor(() => expect(box).toHaveTextContent("cron 0 9 * * 1-5 (Europe/Berlin)"));
    expect(within(box).getAllByRole("listitem")).toHaveLength(5);
    expect(within(box).getAllByRole("listitem")[0].querySelector("time")).toHaveAttribute("dateTime", NEXT[0]);
    expect(within(box).getAllByRole("listitem")[0]).toHaveTextContent("09:00");
    const previews = calls.filter((c) => c.cmd === "preview_schedule");
    expect(previews[previews.length - 1].args).toEqual({ cronOrInterval: "0 9 * * 1-5", tz: "Europe/Berlin", count: 5 });

    fireEvent.change(schedule, { target: { value: "61 9 * * *" } });
    expect(await screen.findByText(/minute 61 out of range/)).toHaveClass("field-error");
    expect(schedule).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByTestId("schedule-preview")).not.toBeInTheDocument();
  });

  it("debounces the preview while typing", async () => {
    const calls = mockCommands({ list_flows: () => FLOWS, preview_schedule: preview });
    render(<Schedules route={parseRoute("#/schedules/new")} />);
    const schedule = await screen.findByLabelText("Schedule");
    await userEvent.clear(schedule);
    await userEvent.type(schedule, "*/15 * * * *");
    await waitFor(() => expect(screen.getByTestId("schedule-preview")).toHaveTextContent("cron */15 * * * *"));
    // One preview for the default expression at most, then one for the typed one: not one per key.
    expect(calls.filter((c) => c.cmd === "preview_schedule").length).toBeLessThanOrEqual(2);
  });

  it("validates the parameters as a JSON object inline", async () => {
    mockCommands({ list_flows: () => FLOWS, preview_schedule: preview });
    render(<Schedules route={parseRoute("#/schedules/new")} />);
    const params = await screen.findByLabelText("Parameters (JSON object)");
    fireEvent.change(params, { target: { value: "[1, 2]" } });
    expect(screen.getByText(/parameters: must be a JSON object/)).toBeInTheDocument();
    fireEvent.change(params, { target: { value: "{\"keywords\": " } });
    expect(screen.getByText(/parameters: not valid JSON/)).toBeInTheDocument();
  });

  it("creates a deployment with the DeploymentInput and returns to the list", async () => {
    window.location.hash = "#/schedules/new";
    const calls = mockCommands({
      list_flows: () => FLOWS,
      preview_schedule: preview,
      create_deployment: () => deploymentDto({}),
    });
    render(<Schedules route={parseRoute("#/schedules/new")} />);
    const name = await screen.findByLabelText("Name");
    await userEvent.click(screen.getByRole("button", { name: "Create deployment" }));
    expect(screen.getByText("name: required")).toBeInTheDocument();
    expect(screen.getByText("flow: pick a flow")).toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "create_deployment")).toBe(false);

    await userEvent.type(name, "morning hunt");
    await userEvent.selectOptions(screen.getByLabelText("Flow"), "daily_job_hunt");
    fireEvent.change(screen.getByLabelText("Parameters (JSON object)"), { target: { value: "{\"keywords\": [\"rust\"]}" } });
    fireEvent.change(screen.getByLabelText("Schedule"), { target: { value: "0 9 * * 1-5" } });
    fireEvent.change(screen.getByLabelText("Time zone"), { target: { value: "Europe/Berlin" } });
    await userEvent.selectOptions(screen.getByLabelText("Missed runs (catch-up)"), "all");
    expect(screen.getByText(/Every missed run/)).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText("When the previous run is still going (overlap)"), "queue_one");
    await userEvent.click(screen.getByLabelText(/Paused/));
    await userEvent.click(screen.getByRole("button", { name: "Create deployment" }));

    await waitFor(() => expect(window.location.hash).toBe("#/schedules"));
    expect(calls.filter((c) => c.cmd === "create_deployment")).toEqual([
      {
        cmd: "create_deployment",
        args: {
          input: {
            name: "morning hunt",
            flowName: "daily_job_hunt",
            parametersJson: "{\"keywords\": [\"rust\"]}",
            schedule: "0 9 * * 1-5",
            timezone: "Europe/Berlin",
            catchup: "all",
            overlap: "queue_one",
            paused: true,
          },
        },
      },
    ]);
  });

  it("edits an existing deployment and shows the server's refusal", async () => {
    const calls = mockCommands({
      list_flows: () => FLOWS,
      list_deployments: () => [deploymentDto({ schedules: [{ kind: "interval", description: "every 6h (UTC)", expr: null, everySecs: 21600, timezone: "UTC" }] })],
      preview_schedule: preview,
      update_deployment: () => {
        throw fail("invalid_input", "schedule: interval must be at least 1s");
      },
    });
    render(<Schedules route={parseRoute("#/schedules/dep-1")} />);
    const schedule = await screen.findByLabelText("Schedule");
    expect(schedule).toHaveValue("6h");
    expect(screen.getByLabelText("Name")).toHaveValue("morning hunt");
    expect(screen.getByLabelText("Flow")).toHaveValue("daily_job_hunt");
    expect(screen.getByLabelText("Flow")).toBeDisabled();
    expect(screen.getByLabelText("Time zone")).toHaveValue("UTC");
    expect(JSON.parse((screen.getByLabelText("Parameters (JSON object)") as HTMLTextAreaElement).value)).toEqual({ keywords: ["rust"] });

    await userEvent.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("schedule: interval must be at least 1s");
    expect(schedule).toHaveAttribute("aria-invalid", "true");
    const updates = calls.filter((c) => c.cmd === "update_deployment");
    expect(updates).toHaveLength(1);
    expect(updates[0].args.id).toBe("dep-1");
    expect(updates[0].args.input).toMatchObject({ name: "morning hunt", schedule: "6h", timezone: "UTC", catchup: "latest_once", overlap: "skip", paused: false });
  });
});
