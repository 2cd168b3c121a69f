/** The companies added to the search, each removable. */
export function CompanyChips({
  companies,
  onRemove,
}: {
  companies: { spec: string; name: string }[];
  onRemove: (spec: string) => void;
}) {
  if (companies.length === 0) return null;
  return (
    <div>
      <h3 className="setup-subtitle" id="setup-companies-title">
        Companies you added
      </h3>
      <ul className="setup-chips" aria-labelledby="setup-companies-title">
        {companies.map((c) => (
          <li key={c.spec} className="setup-chip">
            <span>{c.name}</span>
            <button
              type="button"
              className="setup-chip-remove"
              aria-label={`Remove ${c.name}`}
              onClick={() => onRemove(c.spec)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
