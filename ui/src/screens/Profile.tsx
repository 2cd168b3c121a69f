import { useState, type FormEvent } from "react";
import { commands, type ProfileDto, type ProfileWarning } from "../bindings";
import { Field, invalid } from "../components/Field";
import { ActionButton, Empty, ErrorBanner, Loading } from "../components/ui";
import { formatTimestamp } from "../format";
import { call } from "../lib/command";
import { useCommandQuery } from "../lib/queries";
import { queryKeys } from "../lib/queryKeys";
import { useCommandMutation } from "../lib/useCommandMutation";
import type { Route } from "../lib/router";
import { ImportNotes } from "./profile/ImportNotes";
import { PreferencesEditor } from "./profile/PreferencesEditor";
import { ResumeSections } from "./profile/ResumeSections";
import { summarize } from "./profile/summary";
import { CvFileImport } from "./setup/CvFileImport";
import "./Profile.css";

/**
 * The candidate profile: what is stored, reading a CV file (checked before it is saved, as in
 * the setup), pasting a JSON Resume, and search preferences.
 */
export default function Profile(_props: { route: Route }) {
  const loaded = useCommandQuery(queryKeys.profile.all, () => call(commands.getProfile()));
  // Imported or saved here (`undefined`: nothing yet, the loaded profile is shown).
  const [changed, setProfile] = useState<ProfileDto | null | undefined>(undefined);
  // The cached profile stays on screen while it is read again (after a save), so the forms
  // below are not unmounted mid-save.
  const profile = changed !== undefined ? changed : loaded.data;

  return (
    <div className="profile">
      <section className="panel" aria-labelledby="profile-title">
        <div className="panel-header">
          <h2 id="profile-title">Profile</h2>
        </div>
        {loaded.kind === "error" ? <ErrorBanner error={loaded.error} title="Could not load the profile." /> : null}
        {loaded.kind === "loading" && profile === null ? <Loading what="the profile" /> : null}
        {loaded.kind !== "loading" || profile !== null ? (
          profile ? (
            <ProfileSummary profile={profile} />
          ) : loaded.kind === "ready" ? (
            <Empty>No profile yet — add your CV below.</Empty>
          ) : null
        ) : null}
      </section>
      <section className="panel" aria-labelledby="cv-import-title">
        <div className="panel-header">
          <h2 id="cv-import-title">Read a CV file</h2>
        </div>
        <p className="status">Saving what was read replaces the stored profile; your search preferences are kept.</p>
        <CvFileImport id="profile-cv-file" onImported={setProfile} />
      </section>
      <ImportForm onImported={setProfile} />
      {profile ? <PreferencesEditor profile={profile} onSaved={setProfile} /> : null}
    </div>
  );
}

function ProfileSummary({ profile }: { profile: ProfileDto }) {
  const r = summarize(profile.document);
  return (
    <div className="profile-summary" data-testid="profile-summary">
      <h3 className="profile-name">{r.name ?? profile.name}</h3>
      {r.label ? <p className="profile-label">{r.label}</p> : null}
      <dl className="profile-facts">
        {r.email ? (
          <>
            <dt>Email</dt>
            <dd>{r.email}</dd>
          </>
        ) : null}
        {r.phone ? (
          <>
            <dt>Phone</dt>
            <dd>{r.phone}</dd>
          </>
        ) : null}
        {r.location ? (
          <>
            <dt>Location</dt>
            <dd>{r.location}</dd>
          </>
        ) : null}
        {r.url ? (
          <>
            <dt>Website</dt>
            <dd>{r.url}</dd>
          </>
        ) : null}
        <dt>Experience</dt>
        <dd>
          {r.workCount} position{r.workCount === 1 ? "" : "s"}, {r.educationCount} education entr
          {r.educationCount === 1 ? "y" : "ies"}
        </dd>
        {r.languages.length > 0 ? (
          <>
            <dt>Languages</dt>
            <dd>{r.languages.join(", ")}</dd>
          </>
        ) : null}
        <dt>Updated</dt>
        <dd>
          <time dateTime={profile.updatedAt}>{formatTimestamp(profile.updatedAt)}</time>
        </dd>
      </dl>
      {r.summary ? <p className="profile-about">{r.summary}</p> : null}
      <h4>Skills ({r.skills.length})</h4>
      {r.skills.length === 0 ? (
        <p className="status">No skills listed: matching works best with skills and keywords.</p>
      ) : (
        <ul className="profile-skills" aria-label="Skills">
          {r.skills.map((s, i) => (
            <li key={i}>
              <strong>{s.name || "(unnamed)"}</strong>
              {s.level ? ` · ${s.level}` : ""}
              {s.keywords.length > 0 ? <span className="profile-keywords"> {s.keywords.join(", ")}</span> : null}
            </li>
          ))}
        </ul>
      )}
      <ResumeSections document={profile.document} />
    </div>
  );
}

function ImportForm({ onImported }: { onImported: (p: ProfileDto) => void }) {
  const [text, setText] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [savedAs, setSavedAs] = useState<ProfileDto | null>(null);
  // The last import's notes, kept until the next import.
  const [notes, setNotes] = useState<ProfileWarning[]>([]);
  const action = useCommandMutation([queryKeys.profile.all, queryKeys.setup.all]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSavedAs(null);
    if (text.trim() === "") {
      setFieldError("Résumé: paste the résumé's text first");
      return;
    }
    setFieldError(null);
    setNotes([]);
    const result = await action.run(() => call(commands.importProfile(text)));
    if (result) {
      setSavedAs(result);
      setNotes(result.warnings ?? []);
      onImported(result);
    }
  };

  return (
    // An expert's way in, closed by default: a job seeker reads a CV file above instead.
    <details className="panel profile-expert">
      <summary id="import-title">For experts: paste a résumé in the jsonresume.org format</summary>
      <form className="profile-form" aria-labelledby="import-title" onSubmit={(e) => void submit(e)} noValidate>
        <p className="status">
          A JSON Resume (jsonresume.org) document, optionally with a{" "}
          <code>preferences</code> object; importing replaces the stored profile.
        </p>
        <Field id="profile-json" label="Paste the JSON" error={fieldError ?? undefined}>
          <textarea
            id="profile-json"
            rows={12}
            spellCheck={false}
            value={text}
            {...invalid("profile-json", fieldError ?? undefined)}
            onChange={(e) => {
              setText(e.target.value);
              setSavedAs(null);
            }}
          />
        </Field>
        <ErrorBanner error={action.error} title="The profile was not imported:" />
        {savedAs ? (
          <p className="status status-ok" role="status">
            Profile saved: {savedAs.name} ({formatTimestamp(savedAs.updatedAt)}).
          </p>
        ) : null}
        <ImportNotes warnings={notes} />
        <div>
          <ActionButton type="submit" busy={action.busy}>
            Import profile
          </ActionButton>
        </div>
      </form>
    </details>
  );
}
