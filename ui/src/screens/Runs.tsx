import type { Route } from "../lib/router";

/** Placeholder until the screen lands. */
export default function Runs({ route }: { route: Route }) {
  return (
    <section className="panel">
      <h2>Runs</h2>
      <p className="status">{route.segments.join("/")}</p>
    </section>
  );
}
