/**
 * Reading the user's CV into the app: a PDF, Word (.docx), text (.txt, .md) or JSON Resume
 * (.json) file is read by `draftCv` into a draft the user checks before it is saved (see
 * `review/CvReview`); without a file, the same form can be filled in by hand. When a language
 * model is configured in Settings, the user may have it read the CV too (off by default: the
 * CV's text is sent to it); its reading goes through the same review.
 */
import { useState, type ChangeEvent } from "react";
import { commands, type CvDraftDto, type ProfileDto, type ProfileWarning } from "../../bindings";
import { Field, invalid } from "../../components/Field";
import { ErrorBanner } from "../../components/ui";
import { fileToBase64 } from "../../lib/base64";
import { call } from "../../lib/command";
import { useCommandQuery } from "../../lib/queries";
import { queryKeys } from "../../lib/queryKeys";
import { useCommandMutation } from "../../lib/useCommandMutation";
import { ImportNotes } from "../profile/ImportNotes";
import { CvReview } from "./review/CvReview";
import "./review/CvReview.css";

/** The files the picker offers, by extension and type. */
export const CV_FILE_TYPES = [
  ".pdf",
  ".docx",
  ".txt",
  ".md",
  ".json",
  "application/pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "text/plain",
  "text/markdown",
  "application/json",
].join(",");

const EXTENSIONS = [".pdf", ".docx", ".txt", ".md", ".json"];

/** The largest file read (the backend refuses larger ones too). */
export const MAX_CV_BYTES = 20 * 1024 * 1024;

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Why `file` can't be sent, or null. */
export function refuseFile(file: File): string | null {
  const name = file.name.toLowerCase();
  if (!EXTENSIONS.some((ext) => name.endsWith(ext))) {
    return `${file.name} can't be read: pick a PDF, a Word file (.docx), a text file (.txt, .md) or a résumé saved from jsonresume.org.`;
  }
  if (file.size > MAX_CV_BYTES) {
    return `${file.name} is too big (${megabytes(file.size)}): the largest CV file the app reads is 20 MB.`;
  }
  if (file.size === 0) return `${file.name} is empty.`;
  return null;
}

type Review = { draft: CvDraftDto; fileName: string } | { draft: null; fileName?: undefined };

export function CvFileImport({
  onImported,
  id = "cv-file",
}: {
  onImported: (profile: ProfileDto) => void;
  /** The file input's id. */
  id?: string;
}) {
  const [fileError, setFileError] = useState<string | null>(null);
  const [review, setReview] = useState<Review | null>(null);
  const [notes, setNotes] = useState<ProfileWarning[]>([]);
  // A new key empties the file input (the same file can be picked again).
  const [inputKey, setInputKey] = useState(0);
  const reading = useCommandMutation();
  // Whether a language model is configured; false while loading or when it can't be told.
  const llm = useCommandQuery(queryKeys.settings.llmConfigured(), () => call(commands.llmConfigured()).catch(() => false));
  const llmConfigured = llm.kind === "ready" && llm.data;
  const [useLlm, setUseLlm] = useState(false);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    setFileError(null);
    reading.clearError();
    if (!file) return;
    const refused = refuseFile(file);
    if (refused) {
      setFileError(refused);
      return;
    }
    const draft = await reading.run(async () => {
      const content = await fileToBase64(file).catch((err: unknown) => err);
      if (typeof content !== "string") {
        throw new Error(`Could not open ${file.name}: ${content instanceof Error ? content.message : String(content)}`);
      }
      return call(commands.draftCv(file.name, content, llmConfigured && useLlm));
    });
    if (draft) {
      setNotes([]);
      setReview({ draft, fileName: file.name });
    }
  };

  const close = () => {
    setReview(null);
    setInputKey((k) => k + 1);
  };

  if (review) {
    return (
      <CvReview
        draft={review.draft}
        fileName={review.fileName}
        onCancel={close}
        onSaved={(profile) => {
          close();
          setNotes(profile.warnings ?? []);
          onImported(profile);
        }}
      />
    );
  }

  return (
    <div className="cv-file-import">
      <Field
        id={id}
        label="Your CV file"
        error={fileError ?? undefined}
        hint="A PDF, a Word file (.docx), a text file (.txt, .md) or a résumé saved from jsonresume.org, up to 20 MB. You check what was read before anything is saved."
      >
        <input
          key={inputKey}
          id={id}
          type="file"
          accept={CV_FILE_TYPES}
          disabled={reading.busy}
          {...invalid(id, fileError ?? undefined)}
          aria-describedby={fileError ? `${id}-error ${id}-hint` : `${id}-hint`}
          onChange={(e) => void onFile(e)}
        />
      </Field>
      {llmConfigured ? (
        <Field
          id={`${id}-llm`}
          label="Also read it with your language model (the text of your CV is sent to it)"
          inline
          hint="Only what is in your CV is kept; you check it all before anything is saved."
        >
          <input
            id={`${id}-llm`}
            type="checkbox"
            checked={useLlm}
            disabled={reading.busy}
            aria-describedby={`${id}-llm-hint`}
            onChange={(e) => setUseLlm(e.target.checked)}
          />
        </Field>
      ) : null}
      {reading.busy ? (
        <p className="status cv-file-progress" role="status" aria-live="polite">
          <span className="spinner" aria-hidden="true" /> Reading your CV…
        </p>
      ) : null}
      <ErrorBanner error={reading.error} title="Your CV was not read:" />
      <ImportNotes warnings={notes} />
      <div>
        <button
          type="button"
          className="link-button"
          disabled={reading.busy}
          onClick={() => {
            setFileError(null);
            reading.clearError();
            setNotes([]);
            setReview({ draft: null });
          }}
        >
          No CV file? Write it yourself instead
        </button>
      </div>
    </div>
  );
}
