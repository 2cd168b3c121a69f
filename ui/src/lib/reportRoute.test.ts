import { mockIPC } from "@tauri-apps/api/mocks";
import { renderHook, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { currentRoute, ROUTE_EVENT, useReportRoute } from "./reportRoute";

afterEach(() => {
  window.location.hash = "";
});

describe("currentRoute", () => {
  it("is the hash without its #, the Dashboard when there is none", () => {
    expect(currentRoute("#/jobs/42?tab=cv")).toBe("/jobs/42?tab=cv");
    expect(currentRoute("")).toBe("/");
    expect(currentRoute("#")).toBe("/");
    expect(currentRoute("#main-content")).toBe("/");
  });
});

describe("useReportRoute", () => {
  it("reports the route on load and on every change", async () => {
    const emitted: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "plugin:event|emit") emitted.push(args);
      return null;
    });
    window.location.hash = "#/jobs";
    renderHook(() => useReportRoute());
    await waitFor(() => expect(emitted).toHaveLength(1));
    // Let the hashchange of "#/jobs" (set before the render) arrive: the same route again.
    await new Promise((resolve) => setTimeout(resolve, 20));
    window.location.hash = "#/applications/7";
    await waitFor(() => expect(emitted).toHaveLength(2));
    expect(emitted).toEqual([
      { event: ROUTE_EVENT, payload: "/jobs" },
      { event: ROUTE_EVENT, payload: "/applications/7" },
    ]);
  });

  it("does not fail where no shell listens", () => {
    expect(() => renderHook(() => useReportRoute())).not.toThrow();
  });
});
