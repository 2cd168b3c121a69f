/** A position's highlights as a short list: the first few, then how many more. */
const SHOWN = 3;

export function Highlights({ items, label }: { items: string[]; label: string }) {
  if (items.length === 0) return null;
  const more = items.length - SHOWN;
  return (
    <ul className="cv-review-highlights" aria-label={label}>
      {items.slice(0, SHOWN).map((h, i) => (
        <li key={i}>{h}</li>
      ))}
      {more > 0 ? <li className="cv-review-more">and {more} more</li> : null}
    </ul>
  );
}
