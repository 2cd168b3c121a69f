/** Step 3: where the daily hunt searches; loads the catalogue and what is chosen now. */
import { commands } from "../../bindings";
import { ErrorBanner, Loading } from "../../components/ui";
import { call } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import { SourcesForm } from "./SourcesForm";
import { StepSection } from "./StepSection";
import { huntDeployment, storedSources } from "./sources";
import type { StepProps } from "./steps";
import { useSourceCatalogue } from "./useSourceCatalogue";

export function SourcesStep({ step, focus, goTo }: StepProps) {
  const catalogue = useSourceCatalogue();
  const deployments = useCommandQuery(queryKeys.deployments.list(), () => call(commands.listDeployments()));
  const failed = catalogue.kind === "error" ? catalogue.error : deployments.kind === "error" ? deployments.error : null;

  return (
    <StepSection
      step={step}
      focus={focus}
      intro={<p>Tick the job sites to search, and add the careers pages of companies you'd like to work for.</p>}
    >
      <ErrorBanner error={failed} title="Could not load the job sites." />
      {catalogue.data && deployments.data ? (
        <SourcesForm
          catalogue={catalogue.data}
          initial={storedSources(huntDeployment(deployments.data))}
          onSaved={() => goTo(4)}
        />
      ) : failed ? null : (
        <Loading what="the job sites" />
      )}
    </StepSection>
  );
}
