/** Step 1: the user's CV, read from a file (and checked) or written by hand; what was saved is shown. */
import { useState } from "react";
import { commands, type ProfileDto } from "../../bindings";
import { ActionButton, ErrorBanner, Loading } from "../../components/ui";
import { call } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import { summarize } from "../profile/summary";
import { CvFileImport } from "./CvFileImport";
import { StepSection } from "./StepSection";
import { useSetupChanged } from "./status";
import type { StepProps } from "./steps";

export function CvStep({ step, focus, goTo }: StepProps) {
  const loaded = useCommandQuery(queryKeys.profile.all, () => call(commands.getProfile()));
  const [imported, setImported] = useState<ProfileDto | null>(null);
  const changed = useSetupChanged();
  // Kept on screen while the cache reads it again (a save invalidates it).
  const profile = imported ?? loaded.data;

  return (
    <StepSection
      step={step}
      focus={focus}
      intro={
        <>
          <p>Your CV is what every job is compared with, so the best matches come first.</p>
          <p>
            Pick your CV file: the app reads it and shows you what it found, section by section, before anything is
            saved. No CV file? You can write it yourself.
          </p>
        </>
      }
    >
      {loaded.kind === "error" ? <ErrorBanner error={loaded.error} title="Could not read your stored CV." /> : null}
      {loaded.kind === "loading" && !imported ? <Loading what="your CV" /> : null}
      {profile ? <CvSummary profile={profile} /> : null}
      <CvFileImport
        onImported={(p) => {
          setImported(p);
          changed();
        }}
      />
      {profile ? (
        <div className="setup-next">
          <ActionButton variant="secondary" onClick={() => goTo(2)}>
            Next: what you're looking for
          </ActionButton>
        </div>
      ) : null}
    </StepSection>
  );
}

function CvSummary({ profile }: { profile: ProfileDto }) {
  const r = summarize(profile.document);
  return (
    <p className="status status-ok" role="status" data-testid="cv-summary">
      Your CV: <strong>{r.name ?? profile.name}</strong>, {r.workCount} position{r.workCount === 1 ? "" : "s"}.
    </p>
  );
}
