import { useEffect, useState, type ComponentType } from "react";
import { commands } from "./bindings";
import { call } from "./lib/command";
import HighMatchesToast from "./components/HighMatchesToast";
import { navigate, useRoute, type Route } from "./lib/router";
import { useReportRoute } from "./lib/reportRoute";
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
import Sources from "./screens/sources/Sources";
import { isFirstStart } from "./screens/setup/status";

/**
 * Where a screen sits in the sidebar: the job seeker's screens first; the engine's screens
 * (what runs, when, and its record) in a separate "Automation" group below them, so the daily
 * loop never meets engine words; `none`: reachable by link only (the setup opens from the
 * Dashboard and Settings).
 */
export type NavGroup = "main" | "automation" | "none";

/** The app's screens, by the first path segment of the route, in sidebar order. */
export const SCREENS: Array<{
  path: string;
  label: string;
  group: NavGroup;
  component: ComponentType<{ route: Route }>;
}> = [
  { path: "", label: "Dashboard", group: "main", component: Dashboard },
  { path: "jobs", label: "Jobs", group: "main", component: Jobs },
  { path: "applications", label: "Applications", group: "main", component: Applications },
  { path: "profile", label: "Profile", group: "main", component: Profile },
  { path: "settings", label: "Settings", group: "main", component: Settings },
  { path: "flows", label: "Flows", group: "automation", component: Flows },
  { path: "runs", label: "Runs", group: "automation", component: Runs },
  { path: "audit", label: "Audit", group: "automation", component: Audit },
  { path: "schedules", label: "Schedules", group: "automation", component: Schedules },
  { path: "setup", label: "Setup", group: "none", component: Setup },
  { path: "sources", label: "Job sites", group: "none", component: Sources },
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

/** The links of one sidebar group; the current screen is marked for assistive technology. */
function NavList({ group, current, labelledBy }: { group: NavGroup; current: (typeof SCREENS)[number]; labelledBy?: string }) {
  return (
    <ul aria-labelledby={labelledBy}>
      {SCREENS.filter((s) => s.group === group).map((s) => (
        <li key={s.path}>
          <a
            href={`#/${s.path}`}
            className={s === current ? "nav-link active" : "nav-link"}
            aria-current={s === current ? "page" : undefined}
          >
            {s.label}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** Remembers whether the user opened the "Automation" group. */
const AUTOMATION_OPEN_KEY = "nav.automation.open";

function readOpen(): boolean {
  try {
    return window.localStorage.getItem(AUTOMATION_OPEN_KEY) === "true";
  } catch {
    return false;
  }
}

/**
 * The "Automation" group below a divider: a button opens and closes it (closed by default, so
 * the job seeker's screens show no engine words), and it is always open on one of its screens.
 */
function AutomationGroup({ current }: { current: (typeof SCREENS)[number] }) {
  const [opened, setOpened] = useState(readOpen);
  const here = current.group === "automation";
  const open = opened || here;
  const toggle = () => {
    const next = !open;
    setOpened(next);
    try {
      window.localStorage.setItem(AUTOMATION_OPEN_KEY, String(next));
    } catch {
      // Not remembered: the group still opens and closes.
    }
  };
  return (
    <div className="nav-group">
      <button
        type="button"
        className="nav-group-toggle"
        id="nav-automation"
        aria-expanded={open}
        aria-controls="nav-automation-links"
        disabled={here}
        onClick={toggle}
      >
        <span aria-hidden="true">{open ? "▾" : "▸"} </span>Automation
      </button>
      <div id="nav-automation-links" hidden={!open}>
        <NavList group="automation" current={current} labelledBy="nav-automation" />
      </div>
    </div>
  );
}

export default function App() {
  useFirstStartSetup();
  useReportRoute();
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
        <NavList group="main" current={screen} />
        <AutomationGroup current={screen} />
      </nav>
      <main className="app-main" id="main-content" tabIndex={-1}>
        <Screen route={route} />
      </main>
      <HighMatchesToast />
    </div>
  );
}
