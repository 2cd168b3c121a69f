import type { Route } from "../lib/router";
import { DeploymentEditor } from "./schedules/DeploymentEditor";
import { DeploymentList } from "./schedules/DeploymentList";
import "./Schedules.css";

/** #/schedules (the list), #/schedules/new and #/schedules/<id> (the editor). */
export default function Schedules({ route }: { route: Route }) {
  const sub = route.segments[1];
  if (sub === undefined) return <DeploymentList />;
  return <DeploymentEditor id={sub === "new" ? null : sub} />;
}
