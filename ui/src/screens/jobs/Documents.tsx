/**
 * A job's documents: generate a CV or cover letter, preview it, approve it, and use it
 * elsewhere: where its file is on disk, "Save PDF as…", "Show in folder", and "Copy cover
 * letter text" (see `DocumentFile`). Beside a CV's preview, where each of its lines comes from
 * in the profile (`GroundingList`). The list is cached; generating or approving refreshes it.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { commands, type DocumentRecord } from "../../bindings";
import { ActionButton, Empty, ErrorBanner, Loading } from "../../components/ui";
import { formatTimestamp } from "../../format";
import { call, toAppError } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import { DocumentFile } from "./DocumentFile";
import { Preview } from "./DocumentPreview";
import { GroundingList } from "./GroundingList";
import { documentKindLabel } from "./format";

export { fitPdfViewer } from "./DocumentPreview";

type Kind = "cv" | "cover_letter";

export default function Documents({ jobId }: { jobId: string }) {
  const client = useQueryClient();
  const docs = useCommandQuery(queryKeys.documents.list(jobId), () => call(commands.listDocuments(jobId)));
  const [preview, setPreview] = useState<DocumentRecord | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: queryKeys.documents.all });

  const generate = useMutation({
    mutationFn: (kind: Kind) => call(commands.generateDocument(jobId, kind)),
    onSuccess: async (written) => {
      await refresh();
      // Show what was just written: the PDF when there is one.
      const shown = written.find((d) => d.format === "pdf") ?? written[0];
      if (shown) setPreview(shown);
    },
  });
  const approve = useMutation({
    mutationFn: (doc: DocumentRecord) => call(commands.approveDocument(doc.id)),
    onSuccess: refresh,
  });
  const generating = generate.isPending ? generate.variables : null;
  const approving = approve.isPending ? approve.variables.id : null;

  return (
    <section className="panel" aria-labelledby="job-documents-title">
      <div className="panel-header">
        <h3 id="job-documents-title">Documents</h3>
        <div className="jobs-actions">
          <ActionButton busy={generating === "cv"} disabled={generating !== null} onClick={() => generate.mutate("cv")}>
            Generate CV
          </ActionButton>
          <ActionButton
            variant="secondary"
            busy={generating === "cover_letter"}
            disabled={generating !== null}
            onClick={() => generate.mutate("cover_letter")}
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
      <ErrorBanner error={generate.error ? toAppError(generate.error) : null} title="Could not generate the document." />
      <ErrorBanner error={approve.error ? toAppError(approve.error) : null} title="Could not approve the document." />
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
                      onClick={() => approve.mutate(doc)}
                    >
                      Approve
                    </ActionButton>
                  )}
                </span>
                <DocumentFile doc={doc} />
              </li>
            ))}
          </ul>
        )
      ) : null}
      {preview?.kind === "cv" ? (
        <div className="jobs-preview-grounded">
          <Preview key={preview.id} doc={preview} />
          <GroundingList key={`sources-${preview.id}`} docId={preview.id} />
        </div>
      ) : preview ? (
        <Preview key={preview.id} doc={preview} />
      ) : null}
    </section>
  );
}
