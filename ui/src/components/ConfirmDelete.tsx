/** A Delete button that asks first: the row's delete actions (channels, rules, deployments). */
import { useEffect, useRef, useState, type ReactNode } from "react";
import { ActionButton } from "./ui";

/**
 * "Delete" opens the question with "Yes, delete" (runs `onConfirm`, showing `busy`) and "Keep".
 * `name` names what goes, for the accessible names ("Delete <name>", "Confirm deleting <name>").
 * The screen runs the command (a mutation) and shows its error.
 */
export function ConfirmDelete({
  name,
  question,
  busy = false,
  onConfirm,
}: {
  name: string;
  question?: ReactNode;
  busy?: boolean;
  onConfirm: () => unknown;
}) {
  const [asking, setAsking] = useState(false);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  // Keyboard users stay in place: focus goes to "Keep" when asked, back to "Delete" after.
  useEffect(() => {
    if (wasAsking.current && !asking) deleteButton.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <ActionButton ref={deleteButton} variant="danger" aria-label={`Delete ${name}`} onClick={() => setAsking(true)}>
        Delete
      </ActionButton>
    );
  }
  return (
    <span className="confirm-delete" role="group" aria-label={`Confirm deleting ${name}`}>
      {question ?? `Delete “${name}”?`}
      <ActionButton variant="danger" busy={busy} onClick={() => void onConfirm()}>
        Yes, delete
      </ActionButton>
      <ActionButton variant="secondary" autoFocus onClick={() => setAsking(false)} disabled={busy}>
        Keep
      </ActionButton>
    </span>
  );
}
