import { useEffect, type ComponentType } from "react";
import { commands } from "./bindings";
import { call } from "./lib/command";
import HighMatchesToast from "./components/HighMatchesToast";
import { navigate, useRoute, type Route } from "./lib/router";
import Dashboard from "./screens/Dashboard";
import Flows from "./screens/Flows";
import Runs from "./screens/Runs";
import Audit from "./screens/Audit";
import Jobs from "./screens/Jobs";
import Applications from "./screens/Applications";
import Schedules from "./screens/Schedules";
import Profile from "./screens/Profile";
import Settings from "./screens/Settings";
import Setup from "./screens/Setup";
import { isFirstStart } from "./screens/setup/status";

/** The screens of the sidebar, by the first path segment of the route. */
export const SCREENS: Array<{ path: string; label: string; component: ComponentType<{ route: Route }> }> = [
  { path: "", label: "Dashboard", component: Dashboard },
  { path: "jobs", label: "Jobs", component: Jobs },
  { path: "applications", label: "Applications", component: Applications },
  { path: "flows", label: "Flows", component: Flows },
  { path: "runs", label: "Runs", component: Runs },
  { path: "audit", label: "Audit", component: Audit },
  { path: "schedules", label: "Schedules", component: Schedules },
  { path: "profile", label: "Profile", component: Profile },
  { path: "settings", label: "Settings", component: Settings },
  { path: "setup", label: "Setup", component: Setup },
];

/**
 * On a first start (no step of the setup done, not skipped) opens the setup instead of the
 * Dashboard: once, on load, and only when the app opens on the Dashboard (`""` or `#/`).
 */
export function useFirstStartSetup(): void {
  useEffect(() => {
    const hash = window.location.hash;
    if (hash !== "" && hash !== "#/" && hash !== "#") return;
    let cancelled = false;
    call(commands.setupStatus())
      .then((status) => {
        const still = window.location.hash;
        const onDashboard = still === "" || still === "#/" || still === "#";
        if (!cancelled && onDashboard && isFirstStart(status)) navigate("/setup");
      })
      // Without an answer the Dashboard stays: it says what is missing itself.
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);
}

export default function App() {
  useFirstStartSetup();
  const route = useRoute();
  const current = route.segments[0] ?? "";
  const screen = SCREENS.find((s) => s.path === current) ?? SCREENS[0];
  const Screen = screen.component;
  return (
    <div className="app">
      <a className="skip-link" href="#main-content">
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Screens">
        <div className="brand">JobHunter</div>
        <ul>
          {SCREENS.map((s) => (
            <li key={s.path}>
              <a
                href={`#/${s.path}`}
                className={s === screen ? "nav-link active" : "nav-link"}
                aria-current={s === screen ? "page" : undefined}
              >
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="app-main" id="main-content" tabIndex={-1}>
        <Screen route={route} />
      </main>
      <HighMatchesToast />
    </div>
  );
}
