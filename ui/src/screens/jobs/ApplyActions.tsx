/**
 * The job page's "Apply and track" actions: save the job to the wishlist, say "I applied"
 * (day, how, a note), apply by email after a confirmation, or open the employer's apply page.
 * Once the job has an application, its stage is shown with a way to the Applications board.
 */
import { useState } from "react";
import { commands, type JobDto } from "../../bindings";
import { ActionButton, ErrorBanner } from "../../components/ui";
import { call } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import { Link } from "../../lib/router";
import { stageLabel } from "../applications/stages";
import { channelLabel, formatDay } from "../applications/tracking";
import { useApplicationAction } from "../applications/useApplicationAction";
import { isHttpUrl } from "./format";
import { AppliedForm } from "./ApplyActionsApplied";
import { EmailConfirm } from "./ApplyActionsEmail";
import "./ApplyActions.css";

type Open = "applied" | "email" | null;

export default function ApplyActions({ job }: { job: Pick<JobDto, "id" | "title" | "company" | "url" | "applyUrl" | "applyEmail"> }) {
  const application = useCommandQuery(queryKeys.applications.forJob(job.id), () => call(commands.getJobApplication(job.id)));
  const save = useApplicationAction(() => call(commands.addApplication(job.id, null)));
  const openPage = useApplicationAction((url: string) => call(commands.openExternal(url)));
  const [open, setOpen] = useState<Open>(null);
  const app = application.data;
  // Whether the job has an application is known (null: it has none).
  const known = app !== null || application.kind === "ready";
  const applyPage = [job.applyUrl, job.url].find(isHttpUrl) ?? null;
  // Applying makes sense until the application went out.
  const notSentYet = !app || app.stage === "wishlist" || app.stage === "ready";
  const toggle = (which: Exclude<Open, null>) => setOpen((o) => (o === which ? null : which));

  return (
    <section className="panel apply-actions" aria-labelledby="apply-actions-title">
      <h3 id="apply-actions-title">Apply and track</h3>
      {app ? (
        <p className="apply-actions-status" data-testid="apply-status">
          In your applications: <strong>{stageLabel(app.stage)}</strong>
          {app.applied_on ? <> — applied {formatDay(app.applied_on)}</> : null}
          {app.applied_on && channelLabel(app.channel) ? <> ({channelLabel(app.channel)})</> : null}
          {app.do_not_apply ? <> — you marked {app.do_not_apply.company} “don't apply again”</> : null}
          . <Link to="/applications">Open in Applications</Link>
        </p>
      ) : known ? (
        <p className="status">Not in your applications yet.</p>
      ) : null}
      <ErrorBanner error={application.kind === "error" ? application.error : null} title="Could not load this job's application." />

      <div className="apply-actions-buttons">
        {known && !app ? (
          <ActionButton busy={save.busy} onClick={() => void save.run(undefined)}>
            Save to wishlist
          </ActionButton>
        ) : null}
        {notSentYet && known ? (
          <ActionButton variant="secondary" aria-expanded={open === "applied"} onClick={() => toggle("applied")}>
            I applied
          </ActionButton>
        ) : null}
        {notSentYet && job.applyEmail ? (
          <ActionButton variant="secondary" aria-expanded={open === "email"} onClick={() => toggle("email")}>
            Apply by email
          </ActionButton>
        ) : null}
        {applyPage ? (
          <ActionButton variant="secondary" busy={openPage.busy} title={applyPage} onClick={() => void openPage.run(applyPage)}>
            Open the apply page ↗
          </ActionButton>
        ) : null}
      </div>
      <ErrorBanner error={save.error} title="Could not save the job to your wishlist:" />
      <ErrorBanner error={openPage.error} title="Could not open the apply page:" />

      {open === "applied" ? <AppliedForm jobId={job.id} onDone={() => setOpen(null)} /> : null}
      {open === "email" ? <EmailConfirm jobId={job.id} onClose={() => setOpen(null)} /> : null}
    </section>
  );
}
