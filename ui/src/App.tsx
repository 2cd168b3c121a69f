import type { ComponentType } from "react";
import HighMatchesToast from "./components/HighMatchesToast";
import { useRoute, type Route } from "./lib/router";
import Dashboard from "./screens/Dashboard";
import Flows from "./screens/Flows";
import Runs from "./screens/Runs";
import Audit from "./screens/Audit";
import Jobs from "./screens/Jobs";
import Applications from "./screens/Applications";
import Schedules from "./screens/Schedules";
import Profile from "./screens/Profile";
import Settings from "./screens/Settings";

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
];

export default function App() {
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
