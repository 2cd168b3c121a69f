import type { Route } from "../lib/router";

/** Placeholder until the screen lands. */
export default function Jobs({ route }: { route: Route }) {
  return (
    <section className="panel">
      <h2>Jobs</h2>
      <p className="status">{route.segments.join("/")}</p>
    </section>
  );
}
