/**
 * A run's tags (its schedule's, then its flow's: "scheduled", "production") as small buttons:
 * clicking one filters the runs by it, so "show me the production runs" is one click away.
 */
export function RunTags({ tags, onPick }: { tags: string[]; onPick?: (tag: string) => void }) {
  if (tags.length === 0) return <span className="run-tags-none">—</span>;
  return (
    <ul className="run-tags" aria-label="Tags">
      {tags.map((tag) => (
        <li key={tag}>
          {onPick ? (
            <button type="button" className="run-tag" title={`Only runs tagged ${tag}`} onClick={() => onPick(tag)}>
              {tag}
            </button>
          ) : (
            <span className="run-tag">{tag}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
