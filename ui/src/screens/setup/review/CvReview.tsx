/**
 * Checking a CV before it is saved: the draft read from a file (or an empty form, to write it
 * by hand) section by section beside the text it was read from. "Save my profile" stores the
 * accepted sections, keeping the stored profile's search preferences.
 */
import { useState } from "react";
import { commands, type CvDraftDto, type ProfileDto } from "../../../bindings";
import { ActionButton, ErrorBanner } from "../../../components/ui";
import { call } from "../../../lib/command";
import { queryKeys } from "../../../lib/queryKeys";
import { useCommandMutation } from "../../../lib/useCommandMutation";
import { obj } from "../../profile/summary";
import { BasicsSection } from "./BasicsSection";
import { DraftWarnings } from "./DraftWarnings";
import {
  SECTIONS,
  buildDocument,
  emptyForm,
  formFromDraft,
  saveBlocker,
  type Decision,
  type ReviewForm,
  type SectionKey,
} from "./draft";
import { EducationSection } from "./EducationSection";
import { ExperienceSection } from "./ExperienceSection";
import { LanguagesSection } from "./LanguagesSection";
import { OriginalText } from "./OriginalText";
import { ReviewSection } from "./ReviewSection";
import { SkillsSection } from "./SkillsSection";
import "./CvReview.css";

type PerSection<T> = Record<SectionKey, T>;

const all = <T,>(value: T): PerSection<T> => ({
  basics: value,
  work: value,
  education: value,
  skills: value,
  languages: value,
});

export function CvReview({
  draft,
  fileName,
  onSaved,
  onCancel,
}: {
  /** The draft to check; null: an empty form to write the CV by hand. */
  draft: CvDraftDto | null;
  fileName?: string;
  onSaved: (profile: ProfileDto) => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState<ReviewForm>(() => (draft ? formFromDraft(draft.resume) : emptyForm()));
  // By hand, what is typed is meant to be saved; a draft's sections wait for the user's word.
  const [decisions, setDecisions] = useState<PerSection<Decision>>(() => all(draft ? "pending" : "accepted"));
  const [editing, setEditing] = useState<PerSection<boolean>>(() =>
    draft ? { ...all(false), basics: form.basics.name === "" } : all(true),
  );
  const action = useCommandMutation([queryKeys.profile.all, queryKeys.setup.all]);

  const blocker = saveBlocker(form, decisions);
  const unchecked = SECTIONS.filter((s) => decisions[s.key] === "pending").map((s) => s.title);

  const decide = (key: SectionKey, decision: Decision) => {
    setDecisions((d) => ({ ...d, [key]: decision }));
    setEditing((e) => ({ ...e, [key]: false }));
  };

  const save = async () => {
    if (blocker) return;
    const saved = await action.run(async () => {
      const existing = await call(commands.getProfile());
      const preferences = existing ? obj(existing.document).preferences : undefined;
      return call(commands.importProfile(JSON.stringify(buildDocument(form, decisions, preferences))));
    });
    if (saved) onSaved(saved);
  };

  const frame = (key: SectionKey) => ({
    id: key,
    title: SECTIONS.find((s) => s.key === key)?.title ?? key,
    decision: decisions[key],
    editing: editing[key],
    onDecide: (d: Decision) => decide(key, d),
    onEdit: () => setEditing((e) => ({ ...e, [key]: true })),
  });

  return (
    <section className="cv-review" aria-labelledby="cv-review-title">
      <h3 id="cv-review-title" className="cv-review-title">
        {draft ? `Check what we read${fileName ? ` from ${fileName}` : ""}` : "Write your CV"}
      </h3>
      <p className="status">
        {draft
          ? "For each section, choose “Use this section” to keep it (edit it first if something is wrong) or “Skip” to leave it out."
          : "Fill in what you want the app to know. Only your name is required."}
      </p>
      {draft ? <DraftWarnings warnings={draft.warnings} /> : null}
      <div className={draft ? "cv-review-body" : "cv-review-body cv-review-body-single"}>
        <div className="cv-review-sections">
          <ReviewSection {...frame("basics")}>
            <BasicsSection
              basics={form.basics}
              editing={editing.basics}
              onChange={(basics) => setForm((f) => ({ ...f, basics }))}
            />
          </ReviewSection>
          <ReviewSection {...frame("work")}>
            <ExperienceSection
              work={form.work}
              editing={editing.work}
              onChange={(work) => setForm((f) => ({ ...f, work }))}
            />
          </ReviewSection>
          <ReviewSection {...frame("education")}>
            <EducationSection
              education={form.education}
              editing={editing.education}
              onChange={(education) => setForm((f) => ({ ...f, education }))}
            />
          </ReviewSection>
          <ReviewSection {...frame("skills")}>
            <SkillsSection
              skills={form.skills}
              editing={editing.skills}
              onChange={(skills) => setForm((f) => ({ ...f, skills }))}
            />
          </ReviewSection>
          <ReviewSection {...frame("languages")}>
            <LanguagesSection
              languages={form.languages}
              editing={editing.languages}
              onChange={(languages) => setForm((f) => ({ ...f, languages }))}
            />
          </ReviewSection>
        </div>
        {draft ? <OriginalText text={draft.text} fileName={fileName} /> : null}
      </div>
      {unchecked.length > 0 ? (
        <p className="status" data-testid="cv-review-unchecked">
          Not checked yet, so left out{unchecked.includes("Basics") ? " (except your name)" : ""}:{" "}
          {unchecked.join(", ")}.
        </p>
      ) : null}
      <ErrorBanner error={action.error} title="Your profile was not saved:" />
      <div className="setup-actions">
        <ActionButton
          busy={action.busy}
          disabled={blocker !== null}
          aria-describedby={blocker ? "cv-review-blocker" : undefined}
          onClick={() => void save()}
        >
          Save my profile
        </ActionButton>
        <ActionButton variant="secondary" onClick={onCancel} disabled={action.busy}>
          Cancel
        </ActionButton>
      </div>
      {blocker ? (
        <p className="status" id="cv-review-blocker">
          {blocker}
        </p>
      ) : null}
    </section>
  );
}
