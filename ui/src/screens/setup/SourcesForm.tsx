/** The chosen sources (job sites ticked, companies added) and saving them for the daily hunt. */
import { useState } from "react";
import { commands, type Resolved, type SourceInfo } from "../../bindings";
import { ActionButton, ErrorBanner } from "../../components/ui";
import { call } from "../../lib/command";
import { queryKeys } from "../../lib/queryKeys";
import { useCommandMutation } from "../../lib/useCommandMutation";
import { AddCompany } from "./AddCompany";
import { CompanyChips } from "./CompanyChips";
import { userTimeZone } from "./schedule";
import { SourceChecklist } from "./SourceChecklist";
import { sourceName } from "./sources";

export function SourcesForm({
  catalogue,
  initial,
  onSaved,
}: {
  catalogue: SourceInfo[];
  initial: string[];
  onSaved: () => void;
}) {
  const [chosen, setChosen] = useState<string[]>(initial);
  // The names of companies found here, by spec.
  const [found, setFound] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const save = useCommandMutation([queryKeys.setup.all, queryKeys.deployments.all]);

  const sites = catalogue.filter((s) => !s.needs_company);
  const companies = chosen.filter((spec) => !sites.some((s) => s.spec === spec));

  const toggle = (spec: string, on: boolean) => {
    setChosen((c) => (on ? [...c.filter((s) => s !== spec), spec] : c.filter((s) => s !== spec)));
    setSaved(false);
  };
  const addCompany = (r: Resolved) => {
    setFound((f) => ({ ...f, [r.spec]: r.name }));
    toggle(r.spec, true);
  };
  const submit = async () => {
    const result = await save.run(() => call(commands.saveHuntSources(chosen, userTimeZone())));
    if (result) {
      setSaved(true);
    }
  };

  return (
    <div className="setup-form">
      <SourceChecklist sites={sites} chosen={chosen} onToggle={toggle} />
      <AddCompany onAdd={addCompany} />
      <CompanyChips
        companies={companies.map((spec) => ({ spec, name: sourceName(spec, catalogue, found) }))}
        onRemove={(spec) => toggle(spec, false)}
      />
      <ErrorBanner error={save.error} title="Could not save where to search:" />
      {saved ? (
        <p className="status status-ok" role="status">
          Saved: the daily hunt searches {chosen.length} place{chosen.length === 1 ? "" : "s"}.
        </p>
      ) : null}
      {chosen.length === 0 ? (
        <p className="status" id="sources-save-why">
          Choose at least one job site or company to save.
        </p>
      ) : null}
      <div className="setup-actions">
        <ActionButton
          busy={save.busy}
          disabled={chosen.length === 0}
          aria-describedby={chosen.length === 0 ? "sources-save-why" : undefined}
          onClick={() => void submit()}
        >
          Save
        </ActionButton>
        {saved ? (
          <ActionButton variant="secondary" onClick={onSaved}>
            Next: when to hunt
          </ActionButton>
        ) : null}
      </div>
    </div>
  );
}
