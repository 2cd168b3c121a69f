/**
 * The job's match as the job page reads it: the score, its six parts (each 0..1 with a one-line
 * reason; `null` for a match stored before the parts existed), the skills the profile has, the
 * ones the job asks for that it lacks (required first), the user's must-haves the job does not
 * mention, and the deductions. The types are the generated bindings' (the Rust `MatchView`);
 * this file keeps the guard for older matches.
 */
import type { MatchComponents, MatchView, Penalty } from "../../bindings";

export type { MatchComponent, MatchComponents, MatchView, Penalty } from "../../bindings";

/**
 * A match as the job page shows it, from what the app sent. A match stored before the parts and
 * the must-haves existed may lack them: it then reads as "no parts" and "no must-haves unmet".
 */
export function toMatchView(match: {
  score: number;
  matched_skills: string[];
  missing_skills: string[];
  penalties: Penalty[];
  unmet_must_haves?: string[] | null;
  components?: MatchComponents | null;
  llm?: MatchView["llm"];
}): MatchView {
  return { ...match, unmet_must_haves: match.unmet_must_haves ?? [], components: match.components ?? null };
}
