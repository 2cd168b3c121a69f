/** Runs (#/runs): the filtered, paged list of flow runs; #/runs/<id>: one run, live. */
import type { Route } from "../lib/router";
import { RunDetail } from "./runs/RunDetail";
import { RunList } from "./runs/RunList";
import "./Runs.css";

export default function Runs({ route }: { route: Route }) {
  const id = route.segments[1];
  return id ? <RunDetail key={id} id={id} /> : <RunList route={route} />;
}
