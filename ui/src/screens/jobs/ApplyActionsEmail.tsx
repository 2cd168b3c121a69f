/**
 * "Apply by email", confirmed first: who it goes to, the subject, the CV file attached and the
 * email account it is sent from. Sending runs the app's usual application send, with all its
 * safeguards (never twice, the daily limit, test mode, "don't apply again"); what stands in
 * the way is said in words and the send button stays off.
 */
import { useEffect, useId, useRef } from "react";
import { commands, type ApplyOutput } from "../../bindings";
import { ActionButton, ErrorBanner, Loading } from "../../components/ui";
import { AppError, call } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import { plainError } from "../applications/tracking";
import { useApplicationAction } from "../applications/useApplicationAction";

export function EmailConfirm({ jobId, onClose }: { jobId: string; onClose: () => void }) {
  const preview = useCommandQuery(queryKeys.applications.emailPreview(jobId), () => call(commands.previewEmailApplication(jobId)));
  const send = useApplicationAction((cvId: string) => call(commands.applyByEmail(jobId, cvId)));
  const heading = useRef<HTMLHeadingElement>(null);
  const titleId = useId();
  useEffect(() => heading.current?.focus(), []);
  const p = preview.data;
  const sent: ApplyOutput | undefined = send.data;
  const error = send.error ? new AppError(send.error.code, plainError(send.error.message)) : null;

  return (
    <div className="apply-actions-confirm" role="group" aria-labelledby={titleId}>
      <h4 id={titleId} ref={heading} tabIndex={-1}>
        Send your application by email?
      </h4>
      {preview.kind === "loading" && !p ? <Loading what="the email" /> : null}
      <ErrorBanner error={preview.kind === "error" ? preview.error : null} title="Could not prepare the email:" />
      {p ? (
        <dl className="apply-actions-email" data-testid="email-preview">
          <dt>To</dt>
          <dd>{p.recipient ?? "—"}</dd>
          <dt>Subject</dt>
          <dd>{p.subject ?? "—"}</dd>
          <dt>Attached CV</dt>
          <dd>{p.attachment ?? "—"}</dd>
          <dt>Sent from</dt>
          <dd>{p.account ? `your email account “${p.account}”` : "—"}</dd>
        </dl>
      ) : null}
      {p?.dry_run ? (
        <p className="status">Test mode is on: the application is recorded but no email is sent.</p>
      ) : null}
      {p && p.problems.length > 0 ? (
        <ul className="status status-error apply-actions-problems" aria-label="What stands in the way">
          {p.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      {sent ? (
        <p className="status status-ok" role="status">
          {sent.dry_run
            ? "Test mode: nothing was sent; the application is marked ready."
            : sent.stage === "applied"
              ? `Sent to ${sent.recipient ?? "the employer"}. Your application is marked applied.`
              : "Recorded: apply by hand on the employer's page."}
        </p>
      ) : null}
      <div className="apply-actions-buttons">
        {!sent ? (
          <ActionButton
            busy={send.busy}
            disabled={!p || p.problems.length > 0 || p.cv_id === null}
            onClick={() => p?.cv_id && void send.run(p.cv_id)}
          >
            Send application
          </ActionButton>
        ) : null}
        <ActionButton variant="secondary" onClick={onClose} disabled={send.busy}>
          {sent ? "Close" : "Cancel"}
        </ActionButton>
      </div>
      <ErrorBanner error={error} title="The application was not sent:" />
    </div>
  );
}
