import type { SourceInfo } from "../../bindings";
import { Field, invalid } from "../../components/Field";
import { Link } from "../../lib/router";
import { sourceName, whereInWords } from "../setup/sources";
import { envVarFor, sourceUrlError, type SourceForm, type SettingsErrors } from "./settingsForm";

type Change = (index: number, patch: Partial<SourceForm>, field?: string) => void;

/** A stored source's plain name ("Remote OK"), or its engine name when the catalogue lacks it. */
export function plainSourceName(name: string, catalogue: SourceInfo[]): string {
  return sourceName(name, catalogue, {});
}

/** "Where to search": one "Search <name>" switch per source, with what it covers and where. */
export function SourceToggles({
  sources,
  catalogue,
  onChange,
}: {
  sources: SourceForm[];
  catalogue: SourceInfo[];
  onChange: Change;
}) {
  return (
    <fieldset>
      <legend>Job sites to search</legend>
      {sources.length === 0 ? <p className="status">No job sites are available.</p> : null}
      <ul className="set-sources">
        {sources.map((s, i) => {
          const info = catalogue.find((c) => c.spec === s.name);
          const name = plainSourceName(s.name, catalogue);
          const id = `source-${s.name}`;
          return (
            <li key={s.name} className="set-source" data-testid={id}>
              <div className="form-field form-field-inline">
                <input
                  id={`${id}-enabled`}
                  type="checkbox"
                  checked={s.enabled}
                  aria-describedby={info ? `${id}-about` : undefined}
                  onChange={(e) => onChange(i, { enabled: e.target.checked })}
                />
                <label htmlFor={`${id}-enabled`}>Search {name}</label>
              </div>
              {info ? (
                <p className="set-source-about" id={`${id}-about`}>
                  {info.description} <span className="set-source-where">Where: {whereInWords(info.countries)}.</span>
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
      <p className="status">
        <Link to="/sources">See how each job site is doing</Link>: which answer, which fail and why, which are paused.
      </p>
    </fieldset>
  );
}

/**
 * The sources' address overrides (a mirror or a proxy), collapsed by default; opened by the
 * caller when one of them is invalid, so the error is seen.
 */
export function SourceAddresses({
  sources,
  catalogue,
  errors,
  open,
  onToggle,
  onChange,
}: {
  sources: SourceForm[];
  catalogue: SourceInfo[];
  errors: SettingsErrors;
  open: boolean;
  onToggle: (open: boolean) => void;
  onChange: Change;
}) {
  const editable = sources.map((s, i) => ({ s, i })).filter(({ s }) => s.usesBaseUrl);
  if (editable.length === 0) return null;
  return (
    <details className="set-advanced" open={open} onToggle={(e) => onToggle(e.currentTarget.open)} data-testid="source-addresses">
      <summary>Advanced: use a mirror or proxy for a source</summary>
      <p className="form-hint">
        Leave these empty to use each site's usual address. Fill one in only to reach a site through a mirror or a proxy.
      </p>
      <div className="set-grid">
        {editable.map(({ s, i }) => {
          const key = sourceUrlError(s.name);
          const id = `source-${s.name}-url`;
          const name = plainSourceName(s.name, catalogue);
          return (
            <div key={s.name} data-testid={`source-${s.name}-address`}>
              <Field id={id} label={`Address for ${name}`} error={errors[key]}>
                <input
                  id={id}
                  type="url"
                  value={s.baseUrlText}
                  placeholder="the usual address"
                  onChange={(e) => onChange(i, { baseUrlText: e.target.value }, key)}
                  {...invalid(id, errors[key])}
                />
              </Field>
              {s.envOverride ? (
                <p className="set-override">
                  In use instead:{" "}
                  <code>
                    {envVarFor(s.name)}={s.envOverride}
                  </code>{" "}
                  (set outside the app; unset the variable to use this address)
                </p>
              ) : null}
            </div>
          );
        })}
      </div>
    </details>
  );
}
