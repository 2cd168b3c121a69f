/**
 * Jobs (`#/jobs?q=&minScore=&source=&remote=1&new=1&hunt=<id>&sort=newest&offset=`) and one job
 * (`#/jobs/<id>`). `new=1` keeps the jobs not looked at yet; `hunt=<id>` the jobs one hunt saw
 * first (the Dashboard's "Last hunt" card links there).
 */
import type { Route } from "../lib/router";
import JobList from "./jobs/JobList";
import JobView from "./jobs/JobView";
import "./Jobs.css";

export default function Jobs({ route }: { route: Route }) {
  const id = route.segments[1];
  return (
    <div className="jobs-screen">{id ? <JobView key={id} id={id} /> : <JobList query={route.query} />}</div>
  );
}
