/**
 * Hash routing (`#/runs/<id>`): no server to rewrite paths inside the app, links survive a
 * reload, and end-to-end tests can open a screen directly.
 */
import { useEffect, useState, type AnchorHTMLAttributes, type ReactNode } from "react";

/** The current route as path segments and query parameters: `#/jobs/42?tab=cv`. */
export type Route = { segments: string[]; query: URLSearchParams };

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, "");
  const [path, search = ""] = raw.split("?", 2);
  const segments = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { segments, query: new URLSearchParams(search) };
}

/** Goes to `path` (e.g. `/runs/abc`). */
export function navigate(path: string): void {
  const target = `#${path.startsWith("/") ? path : `/${path}`}`;
  if (window.location.hash !== target) window.location.hash = target;
}

export function useRoute(): Route {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const onChange = () => setHash(window.location.hash);
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return parseRoute(hash);
}

/** An in-app link to `to` (a path such as `/jobs/42`). */
export function Link({
  to,
  children,
  ...rest
}: { to: string; children: ReactNode } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href">) {
  return (
    <a href={`#${to.startsWith("/") ? to : `/${to}`}`} {...rest}>
      {children}
    </a>
  );
}
