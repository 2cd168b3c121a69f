import { useState, type FormEvent } from "react";
import { commands, type ProfileDto } from "../../bindings";
import { Field, invalid } from "../../components/Field";
import { ActionButton, ErrorBanner } from "../../components/ui";
import { call } from "../../lib/command";
import { queryKeys } from "../../lib/queryKeys";
import { useCommandMutation } from "../../lib/useCommandMutation";
import {
  COMMA_FIELDS,
  LIST_FIELDS,
  SALARY_INTERVAL_LABELS,
  WORKPLACE_CHOICES,
  fromForm,
  intervalChoices,
  readPreferences,
  toForm,
  withPreferences,
  type ListField,
  type PreferencesForm,
  type SalaryInterval,
} from "./preferences";

/** A list field's label and hint, replacing the defaults of `LIST_FIELDS`. */
export type ListFieldText = Partial<Record<ListField, readonly [label: string, hint: string]>>;

/**
 * Edits `document.preferences` and saves the whole document through import_profile; `title`
 * and `labels` reword the panel (the setup's plainer words).
 */
export function PreferencesEditor({
  profile,
  onSaved,
  title = "Search preferences",
  labels = {},
}: {
  profile: ProfileDto;
  onSaved: (p: ProfileDto) => void;
  title?: string;
  labels?: ListFieldText;
}) {
  const [form, setForm] = useState<PreferencesForm>(() => toForm(readPreferences(profile.document)));
  const [errors, setErrors] = useState<Partial<Record<keyof PreferencesForm, string>>>({});
  const [saved, setSaved] = useState(false);
  const save = useCommandMutation([queryKeys.profile.all, queryKeys.setup.all]);

  // A new document (saved here, or imported) fills the form again.
  const [formOf, setFormOf] = useState(profile.document);
  if (profile.document !== formOf) {
    setFormOf(profile.document);
    setForm(toForm(readPreferences(profile.document)));
  }

  const set = <K extends keyof PreferencesForm>(key: K, value: PreferencesForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setSaved(false);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = fromForm(form);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    const document = withPreferences(profile.document, parsed.value);
    const result = await save.run(() => call(commands.importProfile(JSON.stringify(document))));
    if (result) {
      setSaved(true);
      onSaved(result);
    }
  };

  return (
    <section className="panel" aria-labelledby="preferences-title">
      <div className="panel-header">
        <h2 id="preferences-title">{title}</h2>
      </div>
      <form className="profile-form profile-prefs" onSubmit={(e) => void submit(e)} noValidate>
        {LIST_FIELDS.map(([key, defaultLabel, defaultHint]) => {
          const [label, hint] = labels[key] ?? [defaultLabel, defaultHint];
          return (
            <Field id={`pref-${key}`} key={key} label={label} hint={hint}>
              <textarea
                id={`pref-${key}`}
                rows={3}
                value={form[key]}
                aria-describedby={`pref-${key}-hint`}
                onChange={(e) => set(key, e.target.value)}
              />
            </Field>
          );
        })}
        <fieldset className="profile-fieldset">
          <legend>Where you want to work</legend>
          {WORKPLACE_CHOICES.map(([value, label]) => (
            <Field id={`pref-workplace-${value}`} key={value} label={label} inline>
              <input
                id={`pref-workplace-${value}`}
                type="radio"
                name="pref-workplace"
                value={value}
                checked={form.workplace === value}
                onChange={() => set("workplace", value)}
              />
            </Field>
          ))}
        </fieldset>
        {COMMA_FIELDS.map(([key, label, hint, placeholder]) => (
          <Field id={`pref-${key}`} key={key} label={label} hint={hint}>
            <input
              id={`pref-${key}`}
              value={form[key]}
              placeholder={placeholder}
              aria-describedby={`pref-${key}-hint`}
              onChange={(e) => set(key, e.target.value)}
            />
          </Field>
        ))}
        <div className="profile-field-row">
          <Field id="pref-min_salary" label="Minimum salary" error={errors.min_salary}>
            <input
              id="pref-min_salary"
              inputMode="decimal"
              value={form.min_salary}
              {...invalid("pref-min_salary", errors.min_salary)}
              onChange={(e) => set("min_salary", e.target.value)}
            />
          </Field>
          <Field id="pref-salary_currency" label="Currency" error={errors.salary_currency}>
            <input
              id="pref-salary_currency"
              value={form.salary_currency}
              placeholder="EUR"
              maxLength={3}
              {...invalid("pref-salary_currency", errors.salary_currency)}
              onChange={(e) => set("salary_currency", e.target.value)}
            />
          </Field>
          <Field id="pref-salary_interval" label="Salary period">
            <select
              id="pref-salary_interval"
              value={form.salary_interval}
              onChange={(e) => set("salary_interval", e.target.value as SalaryInterval)}
            >
              {intervalChoices(form.salary_interval).map((i) => (
                <option key={i} value={i}>
                  {SALARY_INTERVAL_LABELS[i]}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <ErrorBanner error={save.error} title="Could not save the preferences:" />
        {saved ? (
          <p className="status status-ok" role="status">
            Preferences saved.
          </p>
        ) : null}
        <div>
          <ActionButton type="submit" busy={save.busy}>
            Save preferences
          </ActionButton>
        </div>
      </form>
    </section>
  );
}
