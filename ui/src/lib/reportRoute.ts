/**
 * Tells the desktop shell which screen is showing. Closing the window to the tray releases it
 * (its web page with it, to keep the background app light); "Open" builds it again on the
 * last route reported here, so the user lands where they were.
 */
import { useEffect } from "react";
import { emit } from "@tauri-apps/api/event";

/** The event the shell listens to (src-tauri/src/window.rs `ROUTE_EVENT`). */
export const ROUTE_EVENT = "route-changed";

/** The current hash route, `/` for the Dashboard: `#/jobs/42?tab=cv` -> `/jobs/42?tab=cv`. */
export function currentRoute(hash: string = window.location.hash): string {
  const route = hash.replace(/^#/, "");
  return route.startsWith("/") ? route : "/";
}

/** Reports the route on load and whenever it changes (a shell that cannot hear it is ignored). */
export function useReportRoute(): void {
  useEffect(() => {
    let last: string | null = null;
    const report = () => {
      const route = currentRoute();
      if (route === last) return;
      last = route;
      emit(ROUTE_EVENT, route).catch(() => undefined);
    };
    report();
    window.addEventListener("hashchange", report);
    return () => window.removeEventListener("hashchange", report);
  }, []);
}
