/** "Where to search": the hunt's stored sources and the plain names of source specs. */
import type { DeploymentDto, SourceInfo } from "../../bindings";

export const HUNT_FLOW = "daily_job_hunt";

/** The first daily hunt deployment, if any. */
export function huntDeployment(deployments: DeploymentDto[] | null): DeploymentDto | null {
  return deployments?.find((d) => d.flowName === HUNT_FLOW) ?? null;
}

/** The sources the daily hunt searches now (its `parameters.sources`). */
export function storedSources(hunt: DeploymentDto | null): string[] {
  const params = hunt?.parameters;
  const sources = params && typeof params === "object" && !Array.isArray(params) ? params["sources"] : undefined;
  return Array.isArray(sources) ? sources.filter((s): s is string => typeof s === "string") : [];
}

/** A spec's plain name: a found company's ("Ferrous Systems"), else its short name. */
export function sourceName(spec: string, catalogue: SourceInfo[], found: Record<string, string>): string {
  return found[spec] ?? shortSourceName(spec, catalogue);
}

/** The boards whose spec names a page by its address (`jsonld:<url>`, `feed:<url>`). */
const PAGE_KINDS: Record<string, string> = { jsonld: "careers page", feed: "job feed" };

/** Company boards by their own spelling ("SmartRecruiters", not "Smartrecruiters"). */
const BOARD_NAMES: Record<string, string> = {
  greenhouse: "Greenhouse",
  lever: "Lever",
  ashby: "Ashby",
  smartrecruiters: "SmartRecruiters",
  recruitee: "Recruitee",
  personio: "Personio",
  workable: "Workable",
  teamtailor: "Teamtailor",
  workday: "Workday",
};

/**
 * A spec as a short name for lists: a job site's own name ("Remote OK"), a company board as
 * "acme (Greenhouse)" (a Workday site by its company: `workday:acme.wd3/External` is
 * "acme (Workday)"), a careers page or feed by its site ("jobs.example.com careers page").
 */
export function shortSourceName(spec: string, catalogue: SourceInfo[]): string {
  const listed = catalogue.find((s) => s.spec === spec);
  if (listed) return listed.name;
  const colon = spec.indexOf(":");
  if (colon < 0) return spec;
  const kind = spec.slice(0, colon);
  const rest = spec.slice(colon + 1);
  if (PAGE_KINDS[kind]) {
    let host = rest;
    try {
      host = new URL(rest).hostname;
    } catch {
      // not an address: shown as it is
    }
    return `${host} ${PAGE_KINDS[kind]}`;
  }
  const company = kind === "workday" ? (rest.split(".")[0] ?? rest) : rest;
  return `${company} (${BOARD_NAMES[kind] ?? `${kind.charAt(0).toUpperCase()}${kind.slice(1)}`})`;
}

/** Where a source's jobs are, in words: "Germany, Austria" or "Worldwide and remote". */
export function whereInWords(countries: string[]): string {
  if (countries.length === 0) return "Worldwide and remote";
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames(undefined, { type: "region" });
  } catch {
    names = null;
  }
  return countries.map((c) => regionName(names, c)).join(", ");
}

function regionName(names: Intl.DisplayNames | null, code: string): string {
  try {
    return names?.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
