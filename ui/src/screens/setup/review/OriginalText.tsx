/** The text the draft was read from: plain text (never HTML), read-only, scrollable by keyboard. */
export function OriginalText({ text, fileName }: { text: string; fileName?: string }) {
  return (
    <section className="cv-review-original" aria-labelledby="cv-original-title">
      <h3 id="cv-original-title">What we read{fileName ? ` from ${fileName}` : ""}</h3>
      <pre className="cv-original-text" tabIndex={0} aria-labelledby="cv-original-title" data-testid="cv-original-text">
        {text.trim() === "" ? "(no text)" : text}
      </pre>
    </section>
  );
}
