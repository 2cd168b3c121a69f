/** The TaskRun audit (`#/audit?operation=&status=&flowRun=&since=&until=&offset=`) and one TaskRun (`#/audit/<id>`). */
import type { Route } from "../lib/router";
import AuditList from "./audit/AuditList";
import TaskRunView from "./audit/TaskRunView";
import "./Audit.css";

export default function Audit({ route }: { route: Route }) {
  const id = route.segments[1];
  return (
    <div className="audit-screen">
      {id ? <TaskRunView key={id} id={id} /> : <AuditList query={route.query} />}
    </div>
  );
}
