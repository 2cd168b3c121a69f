/** The application pipeline's stages and the move rules the board needs to ask for a note. */
import type { Stage } from "../../bindings";

export const STAGES: Stage[] = [
  "wishlist",
  "ready",
  "applied",
  "interview",
  "offer",
  "rejected",
  "withdrawn",
];

export const STAGE_LABELS: Record<Stage, string> = {
  wishlist: "Wishlist",
  ready: "Ready",
  applied: "Applied",
  interview: "Interview",
  offer: "Offer",
  rejected: "Rejected",
  withdrawn: "Withdrawn",
};

const OPEN: string[] = ["wishlist", "ready", "applied", "interview", "offer"];

export function isStage(value: string): value is Stage {
  return (STAGES as string[]).includes(value);
}

export function stageLabel(stage: string | null): string {
  if (stage === null) return "—";
  return isStage(stage) ? STAGE_LABELS[stage] : stage;
}

export function isClosed(stage: string): boolean {
  return stage === "rejected" || stage === "withdrawn";
}

/**
 * Whether moving `from` -> `to` should ask for a note first: closing (a reason), moving back
 * (why) and reopening (why). The server decides in the end; this only decides when to ask.
 */
export function asksForNote(from: string, to: string): boolean {
  if (isClosed(to) || isClosed(from)) return true;
  const a = OPEN.indexOf(from);
  const b = OPEN.indexOf(to);
  return a >= 0 && b >= 0 && b < a;
}
