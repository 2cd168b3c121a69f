/** Step 2: the job titles to search for and what to leave out (the profile's preferences). */
import { useState } from "react";
import { commands, type ProfileDto } from "../../bindings";
import { ActionButton, ErrorBanner, Loading } from "../../components/ui";
import { call } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import { PreferencesEditor, type ListFieldText } from "../profile/PreferencesEditor";
import { StepSection } from "./StepSection";
import { useSetupChanged } from "./status";
import type { StepProps } from "./steps";

const PLAIN_LABELS: ListFieldText = {
  keywords: ["Job titles or phrases to search for", "One per line, e.g. “Backend developer” or “Data analyst”."],
  locations: ["Places where you want to work", "Cities or regions, one per line."],
  must_have_skills: ["Must-have skills", "Jobs without these skills rank lower. One per line."],
  excluded_companies: ["Companies to leave out", "You won't see jobs from these companies. One per line."],
  excluded_title_words: ["Leave out jobs whose title has these words", "e.g. senior, intern. One per line."],
};

export function LookingForStep({ step, focus, goTo }: StepProps) {
  const loaded = useCommandQuery(queryKeys.profile.all, () => call(commands.getProfile()));
  const [saved, setSaved] = useState<ProfileDto | null>(null);
  const changed = useSetupChanged();
  // Kept on screen while the cache reads it again: the editor must not unmount mid-save.
  const profile = saved ?? loaded.data;

  return (
    <StepSection
      step={step}
      focus={focus}
      intro={<p>Each job title or phrase you list is one search: the daily hunt looks for each of them.</p>}
    >
      {loaded.kind === "error" ? <ErrorBanner error={loaded.error} title="Could not read your stored CV." /> : null}
      {loaded.kind === "loading" && !saved ? <Loading what="your preferences" /> : null}
      {profile ? (
        <PreferencesEditor
          profile={profile}
          title="Your search"
          labels={PLAIN_LABELS}
          onSaved={(p) => {
            setSaved(p);
            changed();
          }}
        />
      ) : loaded.kind === "ready" ? (
        <p className="status">
          Add your CV first: your preferences are kept with it.{" "}
          <button type="button" className="link-button" onClick={() => goTo(1)}>
            Go to step 1, Your CV
          </button>
        </p>
      ) : null}
      {profile ? (
        <div className="setup-next">
          <ActionButton variant="secondary" onClick={() => goTo(3)}>
            Next: where to search
          </ActionButton>
        </div>
      ) : null}
    </StepSection>
  );
}
