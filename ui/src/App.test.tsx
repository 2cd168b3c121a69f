import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
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
    list_jobs: () => ({ items: [], total: 0, totalExact: true, limit: 5, hasMore: false, nextCursor: null, prevCursor: null }),
    hunt_readiness: () => ({ ready: false, need: "profile", reason: "Add your CV first." }),
    get_profile: () => null,
    list_sources: () => [],
  });
}

afterEach(() => {
  window.location.hash = "";
  window.localStorage.clear();
});

describe("App", () => {
  it("opens the setup on a first start", async () => {
    window.location.hash = "";
    mock(setupStatus());
    renderWithQueries(<App />);
    await waitFor(() => expect(window.location.hash).toBe("#/setup"));
    expect(await screen.findByRole("heading", { name: "Step 1 of 5: Your CV" })).toBeInTheDocument();
    // The setup is reached from the Dashboard and Settings, not from the sidebar.
    const nav = screen.getByRole("navigation", { name: "Screens" });
    expect(within(nav).queryByRole("link", { name: "Setup" })).toBeNull();
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

  it("shows the job seeker's screens, and the engine's under Automation", async () => {
    window.location.hash = "#/profile";
    mockCommands({ get_profile: () => profileDto(), setup_status: () => setupStatus() });
    renderWithQueries(<App />);
    await screen.findByRole("heading", { name: "Profile" });
    const nav = screen.getByRole("navigation", { name: "Screens" });
    const visible = () => within(nav).queryAllByRole("link").map((a) => a.textContent);
    expect(visible()).toEqual(["Dashboard", "Jobs", "Applications", "Profile", "Settings"]);

    // Closed by default, opened by keyboard: Flows, Runs, Audit and Schedules, labelled.
    const toggle = within(nav).getByRole("button", { name: /Automation/ });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    toggle.focus();
    await userEvent.keyboard("{Enter}");
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    const group = within(nav).getByRole("list", { name: /Automation/ });
    expect(within(group).getAllByRole("link").map((a) => a.getAttribute("href"))).toEqual([
      "#/flows",
      "#/runs",
      "#/audit",
      "#/schedules",
    ]);
    expect(window.localStorage.getItem("nav.automation.open")).toBe("true");
    await userEvent.click(toggle);
    expect(within(nav).queryByRole("link", { name: "Flows" })).toBeNull();
  });

  it("keeps Automation open on one of its screens", async () => {
    window.location.hash = "#/schedules";
    mockCommands({ list_deployments: () => [], list_flows: () => [] });
    renderWithQueries(<App />);
    const nav = screen.getByRole("navigation", { name: "Screens" });
    expect(within(nav).getByRole("link", { name: "Schedules" })).toHaveAttribute("aria-current", "page");
    expect(within(nav).getByRole("button", { name: /Automation/ })).toHaveAttribute("aria-expanded", "true");
  });
});
