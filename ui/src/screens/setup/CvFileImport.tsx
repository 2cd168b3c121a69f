/**
 * Reading the user's CV into the app. For now only a JSON Resume file (.json) or its pasted
 * text: PDF and Word files are coming to this component (`accept` and the file check below).
 */
import { useState, type ChangeEvent, type FormEvent } from "react";
import { commands, type ProfileDto, type ProfileWarning } from "../../bindings";
import { Field, invalid } from "../../components/Field";
import { ActionButton, ErrorBanner } from "../../components/ui";
import { call, useAction } from "../../lib/command";
import { ImportNotes } from "../profile/ImportNotes";
import { readText } from "../profile/readText";

/** The files the picker offers (PDF and Word to come). */
export const CV_FILE_TYPES = ".json,application/json";

function isReadable(file: File): boolean {
  return file.name.toLowerCase().endsWith(".json") || file.type === "application/json";
}

export function CvFileImport({ onImported }: { onImported: (profile: ProfileDto) => void }) {
  const [text, setText] = useState("");
  const [fileError, setFileError] = useState<string | null>(null);
  const [textError, setTextError] = useState<string | null>(null);
  const [notes, setNotes] = useState<ProfileWarning[]>([]);
  const action = useAction();

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    setFileError(null);
    if (!file) return;
    if (!isReadable(file)) {
      setFileError(`${file.name} can't be read yet: for now, pick a JSON Resume file (ending in .json).`);
      return;
    }
    try {
      setText(await readText(file));
      setTextError(null);
    } catch (err) {
      setFileError(`Could not read ${file.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() === "") {
      setTextError("Pick your CV file first, or paste its text.");
      return;
    }
    setTextError(null);
    setNotes([]);
    const result = await action.run(() => call(commands.importProfile(text)));
    if (result) {
      setNotes(result.warnings ?? []);
      onImported(result);
    }
  };

  return (
    <form className="setup-form" onSubmit={(e) => void submit(e)} noValidate>
      <Field id="setup-cv-file" label="Your CV file" error={fileError ?? undefined} hint="A JSON Resume file (.json).">
        <input
          id="setup-cv-file"
          type="file"
          accept={CV_FILE_TYPES}
          {...invalid("setup-cv-file", fileError ?? undefined)}
          onChange={(e) => void onFile(e)}
        />
      </Field>
      <Field id="setup-cv-text" label="…or paste it here" error={textError ?? undefined}>
        <textarea
          id="setup-cv-text"
          rows={6}
          spellCheck={false}
          value={text}
          {...invalid("setup-cv-text", textError ?? undefined)}
          onChange={(e) => setText(e.target.value)}
        />
      </Field>
      <ErrorBanner error={action.error} title="Your CV was not read:" />
      <ImportNotes warnings={notes} />
      <div>
        <ActionButton type="submit" busy={action.busy}>
          Use this CV
        </ActionButton>
      </div>
    </form>
  );
}
