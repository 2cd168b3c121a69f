import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setupStatus } from "../../test/fixtures";
import { argsOf, mockCommands, type Handlers } from "../../test/ipc";
import { renderWithQueries } from "../../test/queries";
import { FirstHuntStep } from "./FirstHuntStep";
import { STEPS } from "./steps";

function mock(overrides: Handlers = {}) {
  return mockCommands({
    hunt_readiness: () => ({ ready: true, need: null, reason: null }),
    hunt_now: () => ({ kind: "started", flowRunId: "run-1", deploymentName: "daily hunt" }),
    ...overrides,
  });
}

function renderStep() {
  const goTo = vi.fn();
  renderWithQueries(<FirstHuntStep step={STEPS[4]} focus={false} status={setupStatus()} goTo={goTo} />);
  return goTo;
}

afterEach(() => {
  window.location.hash = "";
});

describe("Run your first hunt", () => {
  it("starts the hunt and opens its run", async () => {
    const calls = mock();
    renderStep();
    await waitFor(() => expect(argsOf(calls, "hunt_readiness")).toHaveLength(1));
    await userEvent.click(screen.getByRole("button", { name: "Run the first hunt now" }));
    await waitFor(() => expect(window.location.hash).toBe("#/runs/run-1"));
    expect(argsOf(calls, "hunt_now")).toHaveLength(1);
  });

  it("says why the hunt can't start yet and where to fix it", async () => {
    const calls = mock({
      hunt_readiness: () => ({ ready: false, need: "sources", reason: "Choose at least one place to search first." }),
    });
    const goTo = renderStep();
    expect(await screen.findByText(/Choose at least one place to search first\./)).toBeInTheDocument();
    const button = screen.getByRole("button", { name: "Run the first hunt now" });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(/Choose at least one place to search first\./);
    await userEvent.click(screen.getByRole("button", { name: "Go to step 3, Where to search" }));
    expect(goTo).toHaveBeenCalledWith(3);
    expect(argsOf(calls, "hunt_now")).toEqual([]);
  });
});
