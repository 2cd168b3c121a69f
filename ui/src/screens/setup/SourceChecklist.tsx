/** The job sites of the catalogue as checkboxes: name, what it covers, and where. */
import type { SourceInfo } from "../../bindings";
import { whereInWords } from "./sources";

export function SourceChecklist({
  sites,
  chosen,
  onToggle,
}: {
  sites: SourceInfo[];
  chosen: string[];
  onToggle: (spec: string, on: boolean) => void;
}) {
  return (
    <fieldset className="setup-fieldset">
      <legend>Job sites</legend>
      <ul className="setup-sources">
        {sites.map((s) => {
          const id = `source-${s.spec}`;
          return (
            <li key={s.spec}>
              <input
                id={id}
                type="checkbox"
                checked={chosen.includes(s.spec)}
                aria-describedby={`${id}-about`}
                onChange={(e) => onToggle(s.spec, e.target.checked)}
              />
              <label htmlFor={id}>{s.name}</label>
              <span className="setup-source-about" id={`${id}-about`}>
                {s.description} <span className="setup-source-where">Where: {whereInWords(s.countries)}.</span>
              </span>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
