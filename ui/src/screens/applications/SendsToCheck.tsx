/**
 * Application emails whose outcome is unknown (the connection dropped after the message was
 * handed over, or the app stopped while sending). JobHunter never sends them again by itself:
 * the user checks their sent folder and says what happened.
 */
import { useState } from "react";
import { commands, type ApplicationSend, type ApplicationView } from "../../bindings";
import { ActionButton, ErrorBanner } from "../../components/ui";
import { formatTimestamp } from "../../format";
import { call } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import { useApplicationAction } from "./useApplicationAction";

export function SendsToCheck({ apps }: { apps: ApplicationView[] }) {
  const sends = useCommandQuery(queryKeys.applications.sendsToCheck(), () => call(commands.listSendsToCheck()));
  if (!sends.data || sends.data.length === 0) return null;
  return (
    <section className="sends-to-check" aria-labelledby="sends-to-check-title">
      <h3 id="sends-to-check-title">Did these applications go out?</h3>
      <p className="status">
        The connection to your mail server broke while these emails were being sent, so they may
        or may not have reached the employer. Check your sent folder, then say what you found.
      </p>
      <ul>
        {sends.data.map((send) => (
          <SendToCheck key={send.id} send={send} app={apps.find((a) => a.job_id === send.job_id)} />
        ))}
      </ul>
    </section>
  );
}

/** One email to check; resolving it refreshes the board and this list (the cache). */
function SendToCheck({ send, app }: { send: ApplicationSend; app: ApplicationView | undefined }) {
  const action = useApplicationAction((kind: "sent" | "again") =>
    kind === "sent"
      ? call(commands.markSendSent(send.job_id)).then(() => kind)
      : call(commands.sendApplicationAgain(send.job_id)).then(() => kind),
  );
  const [done, setDone] = useState<string | null>(null);
  const what = app?.job_title ? `“${app.job_title}”${app.company ? ` at ${app.company}` : ""}` : "this job";
  const resolve = async (kind: "sent" | "again") => {
    if ((await action.run(kind)) === undefined) return;
    setDone(kind === "sent" ? "Marked as applied." : "Sent again.");
  };
  return (
    <li className="send-to-check">
      <div>
        <strong>{what}</strong> — email to {send.recipient}, started{" "}
        <time dateTime={send.started_at}>{formatTimestamp(send.started_at)}</time>
        {send.detail ? <div className="status">{send.detail}</div> : null}
      </div>
      <div className="send-to-check-actions">
        <ActionButton busy={action.busy} onClick={() => void resolve("sent")}>
          It is in my sent folder
        </ActionButton>
        <ActionButton busy={action.busy} variant="secondary" onClick={() => void resolve("again")}>
          It is not there: send again
        </ActionButton>
      </div>
      {done ? (
        <p className="status status-ok" role="status">
          {done}
        </p>
      ) : null}
      <ErrorBanner error={action.error} title={`Could not resolve the email for ${what}:`} />
    </li>
  );
}
