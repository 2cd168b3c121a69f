/**
 * List filters that live in the route query (`#/audit?operation=x`, `#/runs?flow=y`,
 * `#/jobs?q=rust`): links from other screens open a filtered list, and Back restores the
 * previous filters.
 */
import { useEffect, useEffectEvent, useRef, useState } from "react";
import { navigate } from "./router";

/** `base` with the non-empty `params` as its query, keys in the given order. */
export function pathWithQuery(base: string, params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "") continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${base}?${text}` : base;
}

/** The route query as a plain object of its string values. */
export function queryObject(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  query.forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

/** Route keys that say which page of a list is shown (an offset, or a page marker). */
const PAGE_KEYS = ["offset", "after", "before"];

/**
 * Goes to `base` with `query` changed by `changes` (null or "" removes a key). Any change of a
 * filter starts again at the first page, so `offset` and the page markers (`after`,
 * `before`) are dropped unless the page is what changed.
 */
export function updateQuery(
  base: string,
  query: URLSearchParams,
  changes: Record<string, string | number | null>,
): void {
  const next: Record<string, string | number | null> = queryObject(query);
  if (!PAGE_KEYS.some((key) => key in changes)) for (const key of PAGE_KEYS) delete next[key];
  Object.assign(next, changes);
  if (next.offset === 0 || next.offset === "0") delete next.offset;
  navigate(pathWithQuery(base, next));
}

/** A non-negative integer from the query (e.g. `offset`), else 0. */
export function queryInt(query: URLSearchParams, key: string): number {
  const n = Number.parseInt(query.get(key) ?? "", 10);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/**
 * A text field bound to a route query value, written back `ms` after the last keystroke.
 * When the route changes from elsewhere (Back, a link), the field follows it.
 */
export function useDebouncedRouteText(
  routeValue: string,
  apply: (value: string) => void,
  ms = 300,
): [string, (value: string) => void] {
  const [text, setText] = useState(routeValue);
  const pushed = useRef(routeValue);
  const onApply = useEffectEvent(apply);

  useEffect(() => {
    if (routeValue !== pushed.current) {
      pushed.current = routeValue;
      setText(routeValue);
    }
  }, [routeValue]);

  useEffect(() => {
    if (text === pushed.current) return;
    const timer = setTimeout(() => {
      pushed.current = text;
      onApply(text);
    }, ms);
    return () => clearTimeout(timer);
  }, [text, ms]);

  return [text, setText];
}
