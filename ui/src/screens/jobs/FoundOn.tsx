/**
 * The job page's "Found on": every job site the posting was seen on, in words ("acme
 * (Greenhouse) · seen first Nov 21, 2026, last Nov 25, 2026 · number 4012345 there"), with a
 * link to it there. The stored provenance keeps the boards' own keys; they are not shown.
 */
import type { JsonValue, SourceInfo } from "../../bindings";
import { shortSourceName } from "../setup/sources";
import { formatDate, isHttpUrl, isObject } from "./format";
import { useSourceCatalogue } from "../setup/useSourceCatalogue";

/** One place the job was found, read from one provenance entry. */
export type Sighting = {
  source: string | null;
  sourceJobId: string | null;
  url: string | null;
  firstSeen: string | null;
  lastSeen: string | null;
};

function text(value: JsonValue | undefined): string | null {
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  if (typeof value === "number") return String(value);
  return null;
}

/** The provenance (`found_on`: one object or a list of them) as sightings. */
export function sightings(foundOn: JsonValue): Sighting[] {
  const items = Array.isArray(foundOn) ? foundOn : foundOn === null ? [] : [foundOn];
  return items.filter(isObject).map((item) => ({
    source: text(item["source"]),
    sourceJobId: text(item["source_job_id"]),
    url: text(item["url"]),
    firstSeen: text(item["first_seen"]),
    lastSeen: text(item["last_seen"]),
  }));
}

/** "seen first Nov 21, 2026, last Nov 25, 2026", "seen Nov 21, 2026", or "". */
export function seenText(s: Sighting): string {
  if (s.firstSeen && s.lastSeen && formatDate(s.firstSeen) !== formatDate(s.lastSeen)) {
    return `seen first ${formatDate(s.firstSeen)}, last ${formatDate(s.lastSeen)}`;
  }
  const one = s.firstSeen ?? s.lastSeen;
  return one ? `seen ${formatDate(one)}` : "";
}

export function FoundOn({ foundOn, onOpen }: { foundOn: JsonValue; onOpen: (url: string) => void }) {
  const catalogue = useSourceCatalogue();
  const list = sightings(foundOn);
  if (list.length === 0) return <p className="status">Not recorded.</p>;
  const names: SourceInfo[] = catalogue.data ?? [];
  return (
    <ul className="jobs-provenance" aria-label="Found on">
      {list.map((s, i) => {
        const url = s.url && isHttpUrl(s.url) ? s.url : null;
        const parts = [seenText(s), s.sourceJobId ? `number ${s.sourceJobId} there` : ""].filter(Boolean);
        return (
          <li key={i}>
            <strong>{s.source ? shortSourceName(s.source, names) : "A job site"}</strong>
            {parts.length ? <span> · {parts.join(" · ")}</span> : null}
            {url ? (
              <>
                {" "}
                <button type="button" className="link-button" title={url} onClick={() => onOpen(url)}>
                  Open it there ↗
                </button>
              </>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
