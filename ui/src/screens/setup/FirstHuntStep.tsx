/** Step 5: start the daily hunt once, now, and watch it run. */
import { useState } from "react";
import { commands, type HuntNeed } from "../../bindings";
import { ActionButton, ErrorBanner } from "../../components/ui";
import { call } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import { useCommandMutation } from "../../lib/useCommandMutation";
import { navigate } from "../../lib/router";
import { StepSection } from "./StepSection";
import type { StepNumber, StepProps } from "./steps";

/** Where to fix what the hunt still needs. */
const NEED_STEP: Record<HuntNeed, { n: StepNumber; text: string; reason: string }> = {
  profile: { n: 1, text: "Go to step 1, Your CV", reason: "The hunt needs your CV first." },
  sources: { n: 3, text: "Go to step 3, Where to search", reason: "The hunt needs at least one place to search." },
};

export function FirstHuntStep({ step, focus, status, goTo }: StepProps) {
  const readiness = useCommandQuery([...queryKeys.setup.readiness(), status], () => call(commands.huntReadiness()));
  const hunt = useCommandMutation([queryKeys.setup.all, queryKeys.flowRuns.all]);
  const [refused, setRefused] = useState<HuntNeed | null>(null);
  const blocked = readiness.data && !readiness.data.ready ? readiness.data : null;
  const need = blocked?.need ?? refused;

  const start = async () => {
    const started = await hunt.run(() => call(commands.huntNow()));
    if (!started) return;
    if (started.kind === "started") {
      navigate(`/runs/${encodeURIComponent(started.flowRunId)}`);
      return;
    }
    setRefused(started.kind === "needsProfile" ? "profile" : "sources");
    void readiness.reload();
  };

  return (
    <StepSection
      step={step}
      focus={focus}
      intro={
        <p>
          The first hunt looks for jobs now, compares each with your CV and lists the best matches. It can take a few
          minutes; you can watch it as it goes.
        </p>
      }
    >
      {status?.firstHunt ? (
        <p className="status status-ok">Your first hunt has finished. You're all set.</p>
      ) : null}
      {need ? (
        <p className="status" id="first-hunt-why" role="status">
          {blocked?.reason ?? NEED_STEP[need].reason}{" "}
          <button type="button" className="link-button" onClick={() => goTo(NEED_STEP[need].n)}>
            {NEED_STEP[need].text}
          </button>
        </p>
      ) : null}
      <ErrorBanner error={readiness.kind === "error" ? readiness.error : null} title="Could not check the hunt." />
      <ErrorBanner error={hunt.error} title="Could not start the hunt:" />
      <div className="setup-actions">
        <ActionButton
          busy={hunt.busy}
          disabled={blocked !== null}
          aria-describedby={need ? "first-hunt-why" : undefined}
          onClick={() => void start()}
        >
          {hunt.busy ? "Starting…" : "Run the first hunt now"}
        </ActionButton>
      </div>
    </StepSection>
  );
}
