//! Place fit: whether a job is somewhere the user can and wants to work. On-site and hybrid
//! jobs are compared with the user's locations (same city, same country, elsewhere); remote
//! jobs with the countries the user may work in, through the restriction the posting states
//! ("Remote, UK only", "EU-based", "US time zones", "Deutschlandweit remote"), since a remote
//! role open only to another country is out of reach however good the rest is; and the job's
//! workplace with the user's workplace preference. Each answer is 0..1 with a plain one-line
//! reason. Pure: no I/O. How restrictions are read is in the `restriction` submodule.

mod restriction;

pub use restriction::{remote_restriction, Region, Restriction};

use crate::posting::Workplace;
use crate::profile::{Preferences, WorkplacePreference};
use crate::text::words;
use restriction::{country_named, entry_countries, entry_region, region_countries, short_name};

/// A job as place fit sees it.
#[derive(Debug, Clone, Copy)]
pub struct PlaceJob<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub location: Option<&'a str>,
    pub locations: &'a [String],
    pub workplace: Option<Workplace>,
    pub remote: Option<bool>,
}

/// Other names of cities ("Munich" is "München").
#[rustfmt::skip]
const CITY_NAMES: &[&[&str]] = &[&["munich", "münchen", "muenchen"], &["cologne", "köln", "koeln"],
    &["vienna", "wien"], &["zurich", "zürich", "zuerich"], &["prague", "praha", "prag"], &["warsaw",
    "warszawa", "warschau"], &["the hague", "den haag"], &["lisbon", "lisboa", "lissabon"], &["rome",
    "roma", "rom"], &["milan", "milano", "mailand"], &["krakow", "kraków", "krakau"], &["nuremberg",
    "nürnberg"], &["brussels", "bruxelles", "brussel", "brüssel"], &["geneva", "genève", "genf"],
    &["copenhagen", "københavn", "kopenhagen"], &["gothenburg", "göteborg"], &["hanover", "hannover"]];

/// How well the job's place fits the user's, 0..1 with a one-line reason (see the module docs).
pub fn fit(prefs: &Preferences, job: PlaceJob<'_>) -> (f64, String) {
    let locations: Vec<&str> = prefs
        .locations
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty() && Workplace::from_text(l) != Some(Workplace::Remote))
        .collect();
    if locations.is_empty()
        && prefs.work_countries.is_empty()
        && prefs.workplace.is_none()
        && !prefs.remote_ok
    {
        return (0.7, "no place preferences".into());
    }
    let job_places: Vec<&str> = job
        .location
        .into_iter()
        .chain(job.locations.iter().map(String::as_str))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let workplace = job
        .workplace
        .or(if job.remote == Some(true) { Some(Workplace::Remote) } else { None })
        .or_else(|| job_places.iter().find_map(|l| Workplace::from_text(l)))
        .or_else(|| Workplace::from_text(job.title));
    // "EU", "European Union", "Europe" are understood as all their countries.
    let mut may_work: Vec<&'static str> = prefs
        .work_countries
        .iter()
        .flat_map(|c| entry_region(c).map_or_else(|| entry_countries(c), region_countries))
        .collect();
    if may_work.is_empty() {
        may_work = locations.iter().flat_map(|l| entry_countries(l)).collect();
    }
    may_work.sort_unstable();
    may_work.dedup();

    let place = if workplace == Some(Workplace::Remote) {
        remote_fit(prefs, &job, &job_places, &may_work)
    } else {
        site_fit(&locations, &job_places, workplace, &prefs.work_countries, &may_work)
    };
    let at = job_places.first().map(|p| format!(" in {p}")).unwrap_or_default();
    let mismatch = match (prefs.workplace, workplace) {
        (Some(WorkplacePreference::RemoteOnly), Some(Workplace::Onsite)) => {
            Some((0.1, format!("on site{at}; you want remote only")))
        }
        (Some(WorkplacePreference::RemoteOnly), Some(Workplace::Hybrid)) => {
            Some((0.3, format!("hybrid{at}; you want remote only")))
        }
        (Some(WorkplacePreference::HybridOk), Some(Workplace::Onsite)) => {
            Some((0.3, format!("on site{at}; you want remote or hybrid")))
        }
        _ => None,
    };
    match mismatch {
        Some(m) if m.0 < place.0 => m,
        _ => place,
    }
}

/// A remote job: its restriction against the countries the user may work in.
fn remote_fit(
    prefs: &Preferences,
    job: &PlaceJob<'_>,
    places: &[&str],
    may_work: &[&'static str],
) -> (f64, String) {
    // Every place of the posting ("Remote - Germany", "Remote - Netherlands") counts.
    let mut restriction: Option<Restriction> = None;
    for r in places.iter().filter_map(|p| remote_restriction(p)) {
        let merged = restriction.get_or_insert_with(Restriction::default);
        merged
            .countries
            .extend(r.countries.iter().filter(|c| !merged.countries.contains(c)).collect::<Vec<_>>());
        merged.regions.extend(r.regions.iter().filter(|g| !merged.regions.contains(g)).collect::<Vec<_>>());
    }
    let restriction =
        restriction.or_else(|| remote_restriction(job.title)).or_else(|| remote_restriction(job.description));
    let names = || may_work_names(&prefs.work_countries, may_work);
    match restriction {
        Some(r) if r.regions.contains(&Region::Worldwide) => (1.0, "remote from anywhere".into()),
        Some(r) if may_work.is_empty() => {
            (0.7, format!("remote, {}; add the countries where you may work", r.describe()))
        }
        Some(r) if may_work.iter().any(|c| r.allows(c)) => {
            (1.0, format!("remote, {}; you may work there", r.describe()))
        }
        Some(r) => (0.05, format!("remote, {}; you may work in {}", r.describe(), names())),
        None if !may_work.is_empty() => (0.85, "remote, no country named".into()),
        None if prefs.accepts_remote() => (1.0, "remote, which you accept".into()),
        None => (0.85, "remote".into()),
    }
}

/// An on-site or hybrid job (or one whose workplace is unknown): its places against the user's.
fn site_fit(
    locations: &[&str],
    places: &[&str],
    workplace: Option<Workplace>,
    work_countries: &[String],
    may_work: &[&'static str],
) -> (f64, String) {
    let kind = match workplace {
        Some(Workplace::Onsite) => "on site in",
        Some(Workplace::Hybrid) => "hybrid in",
        _ => "in",
    };
    let Some(first) = places.first() else {
        return (0.5, "no place stated".into());
    };
    let job_countries: Vec<&'static str> = places.iter().flat_map(|p| entry_countries(p)).collect();
    if !locations.is_empty() {
        let wanted = locations.join(" or ");
        if let Some(p) = places.iter().find(|p| locations.iter().any(|l| same_place(l, p))) {
            return (1.0, format!("{kind} {p}, where you want to work"));
        }
        let home: Vec<&'static str> =
            locations.iter().flat_map(|l| entry_countries(l)).chain(may_work.iter().copied()).collect();
        if job_countries.iter().any(|c| home.contains(c)) {
            return (0.6, format!("{kind} {first}; you want {wanted}"));
        }
        return (0.1, format!("{kind} {first}; you want {wanted}"));
    }
    if work_countries.is_empty() {
        return (0.7, format!("{kind} {first}"));
    }
    if job_countries.iter().any(|c| may_work.contains(c)) {
        (0.8, format!("{kind} {first}, a country where you may work"))
    } else if job_countries.is_empty() {
        (0.5, format!("{kind} {first}; the country is not clear"))
    } else {
        (0.1, format!("{kind} {first}; you may work in {}", may_work_names(work_countries, may_work)))
    }
}

/// Where the user may work, for reasons: each country's short name, a region entry as "the EU"
/// or "Europe" rather than its countries one by one.
fn may_work_names(work_countries: &[String], may_work: &[&'static str]) -> String {
    let regions: Vec<Region> = work_countries.iter().filter_map(|c| entry_region(c)).collect();
    let mut names: Vec<&str> =
        regions.iter().map(|r| if *r == Region::Eu { "the EU" } else { r.label() }).collect();
    names.dedup();
    let in_region = |c: &str| regions.iter().any(|r| r.allows(c));
    names.extend(may_work.iter().filter(|c| !in_region(c)).map(|c| short_name(c)));
    names.join(", ")
}

/// Whether a job place is the user's place: the user's city (any of its names) in it, or,
/// when the user named only a country, the job in that country.
fn same_place(user: &str, job: &str) -> bool {
    let city = user.split(',').next().unwrap_or_default().trim().to_lowercase();
    if country_named(&city).is_some() {
        let job_countries = entry_countries(job);
        return entry_countries(&city).iter().any(|c| job_countries.contains(c));
    }
    let city_words: Vec<String> = words(&city).collect();
    if city_words.is_empty() {
        return false;
    }
    let city = city_words.join(" ");
    let job_words: Vec<String> = words(job).collect();
    let names = CITY_NAMES.iter().find(|n| n.contains(&city.as_str())).map_or(&[][..], |n| *n);
    std::iter::once(city.as_str()).chain(names.iter().copied()).any(|n| has_words(&job_words, n))
}

/// Whether `words` holds the space-separated words of `name` one after another.
fn has_words(words: &[String], name: &str) -> bool {
    let wanted: Vec<&str> = name.split(' ').collect();
    words.windows(wanted.len()).any(|w| w.iter().zip(&wanted).all(|(a, b)| a == b))
}
