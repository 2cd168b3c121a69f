/** A job's documents: generate a CV or cover letter, preview (PDF in a frame, Markdown as text), approve. */
import { useEffect, useRef, useState } from "react";
import { commands, type DocumentContent, type DocumentRecord } from "../../bindings";
import { ActionButton, Empty, ErrorBanner, Loading } from "../../components/ui";
import { formatTimestamp } from "../../format";
import { call, useAction, useLoad } from "../../lib/command";
import { base64ToBlob, documentKindLabel } from "./format";

type Kind = "cv" | "cover_letter";

export default function Documents({ jobId }: { jobId: string }) {
  const docs = useLoad(() => call(commands.listDocuments(jobId)), [jobId]);
  const generate = useAction();
  const approve = useAction();
  const [generating, setGenerating] = useState<Kind | null>(null);
  const [approving, setApproving] = useState<string | null>(null);
  const [preview, setPreview] = useState<DocumentRecord | null>(null);

  const onGenerate = async (kind: Kind) => {
    setGenerating(kind);
    const written = await generate.run(() => call(commands.generateDocument(jobId, kind)));
    setGenerating(null);
    if (!written) return;
    await docs.reload();
    // Show what was just written: the PDF when there is one.
    const shown = written.find((d) => d.format === "pdf") ?? written[0];
    if (shown) setPreview(shown);
  };

  const onApprove = async (doc: DocumentRecord) => {
    setApproving(doc.id);
    const done = await approve.run(() => call(commands.approveDocument(doc.id)));
    setApproving(null);
    if (done) await docs.reload();
  };

  return (
    <section className="panel" aria-labelledby="job-documents-title">
      <div className="panel-header">
        <h3 id="job-documents-title">Documents</h3>
        <div className="jobs-actions">
          <ActionButton
            busy={generating === "cv"}
            disabled={generating !== null}
            onClick={() => void onGenerate("cv")}
          >
            Generate CV
          </ActionButton>
          <ActionButton
            variant="secondary"
            busy={generating === "cover_letter"}
            disabled={generating !== null}
            onClick={() => void onGenerate("cover_letter")}
          >
            Generate cover letter
          </ActionButton>
        </div>
      </div>
      {generating ? (
        <p className="status" role="status">
          Writing the {documentKindLabel(generating).toLowerCase()}…
        </p>
      ) : null}
      <ErrorBanner error={generate.error} title="Could not generate the document." />
      <ErrorBanner error={approve.error} title="Could not approve the document." />
      <ErrorBanner error={docs.kind === "error" ? docs.error : null} title="Could not load the documents." />
      {docs.kind === "loading" && !docs.data ? <Loading what="documents" /> : null}
      {docs.data ? (
        docs.data.length === 0 ? (
          <Empty>No documents for this job yet.</Empty>
        ) : (
          <ul className="jobs-documents" aria-label="Documents">
            {docs.data.map((doc) => (
              <li
                key={doc.id}
                data-testid={`document-${doc.format}`}
                className={preview?.id === doc.id ? "jobs-document selected" : "jobs-document"}
              >
                <span className="jobs-doc-kind">{documentKindLabel(doc.kind)}</span>
                <span className="jobs-doc-format">{doc.format.toUpperCase()}</span>
                <time dateTime={doc.created_at}>{formatTimestamp(doc.created_at)}</time>
                <span className={doc.approved ? "state state-completed" : "state"}>
                  {doc.approved ? "Approved" : "Not approved"}
                </span>
                <span className="jobs-doc-buttons">
                  <button
                    type="button"
                    className="button button-secondary"
                    aria-pressed={preview?.id === doc.id}
                    onClick={() => setPreview(preview?.id === doc.id ? null : doc)}
                  >
                    Preview
                  </button>
                  {doc.approved ? null : (
                    <ActionButton
                      busy={approving === doc.id}
                      disabled={approving !== null}
                      onClick={() => void onApprove(doc)}
                    >
                      Approve
                    </ActionButton>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )
      ) : null}
      {preview ? <Preview key={preview.id} doc={preview} /> : null}
    </section>
  );
}

/** The blob: URL of a PDF's bytes while it is shown; revoked when the content changes or on unmount. */
function usePdfUrl(content: DocumentContent | null): string | null {
  const [pdf, setPdf] = useState<{ content: DocumentContent; url: string } | null>(null);
  useEffect(() => {
    if (!content || content.format !== "pdf" || !content.base64) return;
    const created = URL.createObjectURL(base64ToBlob(content.base64, "application/pdf"));
    // The URL is an outside resource owned by this effect (its cleanup revokes it), so it
    // cannot be computed during render; the state only hands it to the frame.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- see above
    setPdf({ content, url: created });
    return () => URL.revokeObjectURL(created);
  }, [content]);
  // Only the URL of the content shown now (a revoked one is never handed out).
  return pdf && pdf.content === content ? pdf.url : null;
}

/**
 * WebKitGTK shows a PDF in a small document of its own (an inner frame with its PDF viewer)
 * that keeps the default 300x150 size whatever the frame's size: stretch it to the frame. The
 * blob: URL has the page's origin, so its document is reachable; elsewhere this does nothing.
 */
export function fitPdfViewer(frame: HTMLIFrameElement): () => void {
  const fit = () => {
    let doc: Document | null;
    try {
      doc = frame.contentDocument;
    } catch {
      frame.dataset.fit = "cross-origin";
      return;
    }
    if (!doc) {
      frame.dataset.fit = "no-document";
      return;
    }
    const parts = Array.from(doc.querySelectorAll<HTMLElement>("html, body, iframe, embed"));
    for (const el of parts) {
      el.style.width = "100%";
      el.style.height = "100%";
      el.style.margin = "0";
    }
    frame.dataset.fit = `fitted ${parts.length}`;
  };
  // The viewer builds its inner frame some time after the frame loads: keep fitting for a
  // few seconds (cheap: a handful of style writes).
  fit();
  let rounds = 0;
  const timer = window.setInterval(() => {
    fit();
    if (++rounds >= 40) window.clearInterval(timer);
  }, 200);
  return () => window.clearInterval(timer);
}

function Preview({ doc }: { doc: DocumentRecord }) {
  const content = useLoad(() => call(commands.readDocument(doc.id)), [doc.id]);
  const url = usePdfUrl(content.data);
  const frame = useRef<HTMLIFrameElement>(null);
  useEffect(() => (url && frame.current ? fitPdfViewer(frame.current) : undefined), [url]);
  const label = `${documentKindLabel(doc.kind)} preview`;
  return (
    <div className="jobs-preview" aria-label={label} role="region">
      <ErrorBanner error={content.kind === "error" ? content.error : null} title="Could not read the document." />
      {content.kind === "loading" && !content.data ? <Loading what="preview" /> : null}
      {content.data?.format === "pdf" && url ? (
        <iframe
          data-testid="pdf-preview"
          title={label}
          src={url}
          className="jobs-pdf"
          ref={frame}
        />
      ) : null}
      {content.data && content.data.format !== "pdf" ? (
        <pre className="jobs-markdown" data-testid="markdown-preview">
          {content.data.text ?? ""}
        </pre>
      ) : null}
    </div>
  );
}
