import { screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import App from "./App";
import type { SetupStatus } from "./bindings";
import { profileDto, setupStatus } from "./test/fixtures";
import { argsOf, mockCommands } from "./test/ipc";
import { renderWithQueries } from "./test/queries";

/** Every command the Dashboard and the setup's first step read. */
function mock(status: SetupStatus) {
  return mockCommands({
    setup_status: () => status,
    run_health: () => [],
    list_deployments: () => [],
    list_jobs: () => ({ items: [], total: 0, offset: 0, limit: 5, hasMore: false }),
    hunt_readiness: () => ({ ready: false, need: "profile", reason: "Add your CV first." }),
    get_profile: () => null,
    list_sources: () => [],
  });
}

afterEach(() => {
  window.location.hash = "";
});

describe("App", () => {
  it("opens the setup on a first start", async () => {
    window.location.hash = "";
    mock(setupStatus());
    renderWithQueries(<App />);
    await waitFor(() => expect(window.location.hash).toBe("#/setup"));
    expect(await screen.findByRole("heading", { name: "Step 1 of 5: Your CV" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Setup" })).toHaveAttribute("aria-current", "page");
  });

  it.each([
    ["a step is done", setupStatus({ cv: true })],
    ["the setup was skipped", setupStatus({ dismissed: true })],
  ])("stays on the Dashboard when %s", async (_, status) => {
    window.location.hash = "#/";
    const calls = mock(status);
    renderWithQueries(<App />);
    // The first-start check and the Dashboard's checklist both asked, and were answered.
    await waitFor(() => expect(argsOf(calls, "setup_status")).toHaveLength(2));
    await screen.findByRole("heading", { name: "Daily job hunt" });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(window.location.hash).toBe("#/");
  });

  it("does not leave another screen the app was opened on", async () => {
    window.location.hash = "#/profile";
    const calls = mockCommands({ get_profile: () => profileDto(), setup_status: () => setupStatus() });
    renderWithQueries(<App />);
    await screen.findByRole("heading", { name: "Profile" });
    expect(window.location.hash).toBe("#/profile");
    expect(argsOf(calls, "setup_status")).toEqual([]);
  });
});
