import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { emit } from "@tauri-apps/api/event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it } from "vitest";
import HighMatchesToast from "./HighMatchesToast";

describe("HighMatchesToast", () => {
  it("shows the newest hunt's high matches when the event arrives, and dismisses", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    render(<HighMatchesToast />);
    expect(screen.queryByRole("status")).toBeNull();

    await act(async () => {
      await emit("high-matches-event", {
        flowRunId: "run-1",
        count: 4,
        jobs: [
          { id: "j1", title: "Rust Engineer", company: "Acme", score: 0.93 },
          { id: "j2", title: "Backend Developer", company: "Beta", score: 0.88 },
        ],
      });
    });

    const toast = await screen.findByRole("status", { name: "New high matches" });
    expect(toast).toHaveTextContent("4 new high matches");
    expect(screen.getByRole("link", { name: "Rust Engineer" })).toHaveAttribute("href", "#/jobs/j1");
    expect(toast).toHaveTextContent("Acme · 93%");

    await userEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByRole("status", { name: "New high matches" })).toBeNull();
  });
});
