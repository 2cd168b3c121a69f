/**
 * A document's preview on the job page: the PDF in a frame (from a blob: URL of its bytes), the
 * Markdown as plain text (never as HTML: it holds the posting's words).
 */
import { useEffect, useRef, useState } from "react";
import { commands, type DocumentContent, type DocumentRecord } from "../../bindings";
import { ErrorBanner, Loading } from "../../components/ui";
import { call } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import { base64ToBlob, documentKindLabel } from "./format";

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

export function Preview({ doc }: { doc: DocumentRecord }) {
  const content = useCommandQuery(queryKeys.documents.content(doc.id), () => call(commands.readDocument(doc.id)));
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
