/** "Add a company": a careers page or job board address, found and then added to the search. */
import { useState, type FormEvent } from "react";
import { commands, type Resolved } from "../../bindings";
import { Field, invalid } from "../../components/Field";
import { ActionButton } from "../../components/ui";
import { call } from "../../lib/command";
import { useCommandMutation } from "../../lib/useCommandMutation";

function openJobs(n: number | null | undefined): string {
  return n == null ? "" : ` (${n} open job${n === 1 ? "" : "s"})`;
}

export function AddCompany({ onAdd }: { onAdd: (found: Resolved) => void }) {
  const [url, setUrl] = useState("");
  const [found, setFound] = useState<Resolved | null>(null);
  const [empty, setEmpty] = useState(false);
  const find = useCommandMutation();
  const error = empty ? "Paste the address of a careers page first." : undefined;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFound(null);
    if (url.trim() === "") {
      setEmpty(true);
      return;
    }
    setEmpty(false);
    const result = await find.run(() => call(commands.resolveSource(url.trim())));
    if (result) setFound(result);
  };

  return (
    <form className="setup-add-company" onSubmit={(e) => void submit(e)} noValidate>
      <h3 className="setup-subtitle">Add a company</h3>
      <Field
        id="setup-company-url"
        label="Address of the company's careers page"
        error={error}
        hint="Copy it from your browser, e.g. https://boards.greenhouse.io/acme"
      >
        <div className="setup-inline">
          <input
            id="setup-company-url"
            type="url"
            value={url}
            {...invalid("setup-company-url", error)}
            aria-invalid={error || find.error ? true : undefined}
            onChange={(e) => {
              setUrl(e.target.value);
              setFound(null);
              setEmpty(false);
              find.clearError();
            }}
          />
          <ActionButton type="submit" variant="secondary" busy={find.busy}>
            Find
          </ActionButton>
        </div>
      </Field>
      {find.error ? (
        <p className="status status-error" role="alert">
          {find.error.message}
        </p>
      ) : null}
      {found ? (
        <p className="setup-found" role="status">
          Found: <strong>{found.name}</strong>
          {openJobs(found.open_jobs)}{" "}
          <ActionButton
            onClick={() => {
              onAdd(found);
              setFound(null);
              setUrl("");
            }}
          >
            Add
          </ActionButton>
        </p>
      ) : null}
    </form>
  );
}
