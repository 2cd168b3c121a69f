/**
 * One document's file, for using it outside the app: where it is on disk (so it can be
 * attached elsewhere), "Save PDF as…" (the system's save dialog, then the app copies the file
 * there), "Show in folder" (the file manager, the file selected), and for a cover letter "Copy
 * cover letter text" (the clipboard).
 */
import { useMutation } from "@tanstack/react-query";
import { save } from "@tauri-apps/plugin-dialog";
import { commands, type DocumentRecord } from "../../bindings";
import { ActionButton, ErrorBanner } from "../../components/ui";
import { call, toAppError } from "../../lib/command";
import { documentKindLabel } from "./format";

/** The file name at the end of `path` (either separator). */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/**
 * Puts `text` on the clipboard: the web clipboard where the webview allows it, else the older
 * copy command on a hidden text area (no extra permission either way).
 */
export async function copyText(text: string): Promise<void> {
  try {
    if (!navigator.clipboard) throw new Error("no clipboard");
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const copied = document.execCommand("copy");
    area.remove();
    if (!copied) throw new Error("The clipboard is not available: open the preview and copy the text from there.");
  }
}

type Done = { kind: "saved"; path: string } | { kind: "copied" } | { kind: "shown" } | { kind: "cancelled" };

export function DocumentFile({ doc }: { doc: DocumentRecord }) {
  const pdf = doc.format === "pdf";
  const action = useMutation({
    mutationFn: async (what: "save" | "show" | "copy"): Promise<Done> => {
      if (what === "show") {
        await call(commands.showDocumentInFolder(doc.id));
        return { kind: "shown" };
      }
      if (what === "copy") {
        const content = await call(commands.readDocument(doc.id));
        await copyText(content.text ?? "");
        return { kind: "copied" };
      }
      const path = await save({ defaultPath: fileName(doc.path), filters: [{ name: "PDF", extensions: ["pdf"] }] });
      if (!path) return { kind: "cancelled" };
      return { kind: "saved", path: await call(commands.saveDocumentAs(doc.id, path)) };
    },
  });
  const label = documentKindLabel(doc.kind);
  const busy = action.isPending ? action.variables : null;
  const done = action.data;
  return (
    <div className="jobs-doc-file" role="group" aria-label={`${label} ${doc.format.toUpperCase()} file`}>
      <p className="jobs-doc-path">
        <span className="sr-only">On disk: </span>
        <span data-testid="document-path">{doc.path}</span>
      </p>
      {pdf ? (
        <ActionButton variant="secondary" busy={busy === "save"} disabled={busy !== null} onClick={() => action.mutate("save")}>
          Save PDF as…
        </ActionButton>
      ) : null}
      <ActionButton variant="secondary" busy={busy === "show"} disabled={busy !== null} onClick={() => action.mutate("show")}>
        Show in folder
      </ActionButton>
      {doc.kind === "cover_letter" && !pdf ? (
        <ActionButton variant="secondary" busy={busy === "copy"} disabled={busy !== null} onClick={() => action.mutate("copy")}>
          Copy cover letter text
        </ActionButton>
      ) : null}
      {done && done.kind !== "cancelled" && done.kind !== "shown" ? (
        <p className="status jobs-doc-done" role="status">
          {done.kind === "saved" ? `Saved to ${done.path}` : "Cover letter text copied."}
        </p>
      ) : null}
      <ErrorBanner error={action.error ? toAppError(action.error) : null} title="Could not do that with the file." />
    </div>
  );
}
