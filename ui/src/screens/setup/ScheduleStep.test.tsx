import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SetupStatus } from "../../bindings";
import { deploymentDto, setupStatus } from "../../test/fixtures";
import { argsOf, mockCommands, type Handlers } from "../../test/ipc";
import { renderWithQueries } from "../../test/queries";
import { describeSchedule, storedSchedule } from "./schedule";
import { ScheduleStep } from "./ScheduleStep";
import { STEPS } from "./steps";

const autostart = vi.hoisted(() => ({ on: false }));
vi.mock("@tauri-apps/plugin-autostart", () => ({
  isEnabled: vi.fn(async () => autostart.on),
  enable: vi.fn(async () => {
    autostart.on = true;
  }),
  disable: vi.fn(async () => {
    autostart.on = false;
  }),
}));

function mock(overrides: Handlers = {}) {
  return mockCommands({
    list_deployments: () => [],
    save_hunt_schedule: () => deploymentDto(),
    setup_status: () => setupStatus({ sources: true, schedule: true }),
    ...overrides,
  });
}

function renderStep(status: SetupStatus = setupStatus({ sources: true })) {
  const goTo = vi.fn();
  renderWithQueries(<ScheduleStep step={STEPS[3]} focus={false} status={status} goTo={goTo} />);
  return goTo;
}

beforeEach(() => {
  autostart.on = false;
  vi.spyOn(Intl.DateTimeFormat.prototype, "resolvedOptions").mockReturnValue({
    ...new Intl.DateTimeFormat("en").resolvedOptions(),
    timeZone: "Europe/Berlin",
  });
});

describe("When to hunt", () => {
  it("says the schedule in words and saves the time, the days, the zone and the 6-hour look", async () => {
    const calls = mock();
    const goTo = renderStep();
    const time = await screen.findByLabelText("Time of day");
    expect(time).toHaveValue("09:00");
    expect(screen.getByText("Times are in Europe/Berlin.")).toBeInTheDocument();
    expect(screen.getByTestId("schedule-words")).toHaveTextContent("Every day at 09:00.");

    fireEvent.change(time, { target: { value: "07:30" } });
    await userEvent.click(screen.getByLabelText("Weekdays only"));
    expect(screen.getByTestId("schedule-words")).toHaveTextContent("Monday to Friday at 07:30.");
    await userEvent.click(screen.getByLabelText("Also look for new jobs every 6 hours"));
    expect(screen.getByTestId("schedule-words")).toHaveTextContent(
      "Monday to Friday at 07:30, and a quick look for new jobs every 6 hours.",
    );

    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Saved: the daily hunt is on.")).toBeInTheDocument();
    expect(argsOf(calls, "save_hunt_schedule")).toEqual([
      { schedule: { time: "07:30", weekdaysOnly: true, timezone: "Europe/Berlin", scrapeEverySixHours: true } },
    ]);
    await userEvent.click(screen.getByRole("button", { name: "Next: run your first hunt" }));
    expect(goTo).toHaveBeenCalledWith(5);
  });

  it("starts from the hunt's stored time", async () => {
    mock({ list_deployments: () => [deploymentDto()] });
    renderStep();
    await waitFor(() => expect(screen.getByLabelText("Time of day")).toHaveValue("09:00"));
    expect(screen.getByLabelText("Weekdays only")).toBeChecked();
  });

  it("waits for the places to search, saying why", async () => {
    const calls = mock();
    const goTo = renderStep(setupStatus());
    const save = await screen.findByRole("button", { name: "Save" });
    expect(save).toBeDisabled();
    expect(screen.getByLabelText("Time of day")).toBeDisabled();
    expect(screen.getByText(/First choose where to search\./)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Go to step 3, Where to search" }));
    expect(goTo).toHaveBeenCalledWith(3);
    expect(argsOf(calls, "save_hunt_schedule")).toEqual([]);
  });

  it("refuses a time that is not one", async () => {
    const calls = mock();
    renderStep();
    fireEvent.change(await screen.findByLabelText("Time of day"), { target: { value: "" } });
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(screen.getByText("Enter a time such as 09:00.")).toBeInTheDocument();
    expect(argsOf(calls, "save_hunt_schedule")).toEqual([]);
  });

  it("reads the stored daily time back", () => {
    expect(describeSchedule("09:00", false, false)).toBe("Every day at 09:00.");
    expect(storedSchedule(deploymentDto())).toEqual({ time: "09:00", weekdaysOnly: true });
    const everyDay = deploymentDto({
      schedules: [{ kind: "cron", description: "", expr: "5 7 * * *", everySecs: null, timezone: "UTC" }],
    });
    expect(storedSchedule(everyDay)).toEqual({ time: "07:05", weekdaysOnly: false });
    expect(storedSchedule(null)).toBeNull();
  });

  it("offers to start JobHunter at login, as the OS has it", async () => {
    mock();
    renderStep();
    const toggle = await screen.findByRole("switch", { name: "Start JobHunter when I log in" });
    await waitFor(() => expect(toggle).toBeEnabled());
    expect(toggle).not.toBeChecked();
    await userEvent.click(toggle);
    await waitFor(() => expect(toggle).toBeChecked());
    expect(autostart.on).toBe(true);
  });
});
