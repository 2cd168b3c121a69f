//! Place fit: whether a job is somewhere the user can and wants to work. On-site and hybrid
//! jobs are compared with the user's locations (same city, same country, elsewhere); remote
//! jobs with the countries the user may work in, through the restriction the posting states
//! ("Remote, UK only", "EU-based", "US time zones", "Deutschlandweit remote"), since a remote
//! role open only to another country is out of reach however good the rest is; and the job's
//! workplace with the user's workplace preference (with the office days and the travel the
//! posting states). Each answer is 0..1 in the parent module's bands with a plain one-line
//! reason: the user's city fits, a neighbouring one (up to [`COMMUTE_KM`]) is a gap, a far one
//! rules the job out. Pure: no I/O. How restrictions are read is in `restriction`, the cities
//! in `cities`, the working week in `workweek`.

mod cities;
mod restriction;
mod workweek;

pub use restriction::{remote_restriction, static_code, Region, Restriction};
pub use workweek::{office_days, travel_percent};

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

/// A city this near the user's is the same place (its suburbs, the next town).
pub const SAME_AREA_KM: f64 = 15.0;
/// A city up to this far from the user's is a commute: a gap, not a reason to rule it out.
pub const COMMUTE_KM: f64 = 75.0;
/// Travel from this share of the time is a gap; from [`HEAVY_TRAVEL`] a mismatch.
const TRAVEL: u32 = 30;
const HEAVY_TRAVEL: u32 = 60;

/// What place fit reads from a posting's title and description (once: see `facts`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlaceText {
    /// A remote restriction in the title, else in the description.
    pub restriction: Option<Restriction>,
    pub office_days: Option<u8>,
    pub travel_percent: Option<u32>,
}

impl PlaceText {
    pub fn read(title: &str, description: &str) -> Self {
        Self {
            restriction: remote_restriction(title).or_else(|| remote_restriction(description)),
            office_days: office_days(description),
            travel_percent: travel_percent(description),
        }
    }
}

/// How well the job's place fits the user's, 0..1 with a one-line reason (see the module docs).
pub fn fit(prefs: &Preferences, job: PlaceJob<'_>) -> (f64, String) {
    fit_read(prefs, job, &PlaceText::read(job.title, job.description))
}

/// [`fit`] with the text already read (`job.description` is not read again).
pub fn fit_read(prefs: &Preferences, job: PlaceJob<'_>, text: &PlaceText) -> (f64, String) {
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
        return (0.9, "no place preferences".into());
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
        remote_fit(prefs, text, &job_places, &may_work)
    } else {
        site_fit(&locations, &job_places, workplace, &prefs.work_countries, &may_work)
    };
    let at = job_places.first().map(|p| format!(" in {p}")).unwrap_or_default();
    let days = if workplace == Some(Workplace::Remote) { None } else { text.office_days };
    let mismatch = workplace_mismatch(prefs.workplace, workplace, days, &at);
    let mut out = match mismatch {
        Some(m) if m.0 < place.0 => m,
        _ => place,
    };
    if let Some(share) = text.travel_percent.filter(|p| *p >= TRAVEL) {
        let score = if share >= HEAVY_TRAVEL { super::MISMATCH } else { super::GAP };
        if score < out.0 {
            out = (score, format!("{}; about {share} % travel", out.1));
        }
    }
    out
}

/// The posting's workplace against the user's preference, when it falls short: on site for a
/// remote-only person rules the job out; hybrid for them, or fully on site for a person who
/// wants hybrid, is a mismatch; four office days for a person who wants hybrid is a gap.
fn workplace_mismatch(
    preference: Option<WorkplacePreference>,
    workplace: Option<Workplace>,
    office_days: Option<u8>,
    at: &str,
) -> Option<(f64, String)> {
    let days_text = |n: u8| format!("{n} office days a week{at}");
    match (preference, workplace) {
        (Some(WorkplacePreference::RemoteOnly), Some(Workplace::Onsite)) => {
            Some((super::RULED_OUT, format!("on site{at}; you want remote only")))
        }
        (Some(WorkplacePreference::RemoteOnly), Some(Workplace::Hybrid)) => {
            Some((super::MISMATCH, format!("hybrid{at}; you want remote only")))
        }
        (Some(WorkplacePreference::HybridOk), Some(Workplace::Onsite | Workplace::Hybrid)) => {
            match office_days {
                Some(n @ 4) => Some((super::GAP, format!("{}; you want remote or hybrid", days_text(n)))),
                Some(n) if n < 4 => None,
                _ if workplace == Some(Workplace::Hybrid) => None,
                _ => Some((super::MISMATCH, format!("on site{at}; you want remote or hybrid"))),
            }
        }
        _ => None,
    }
}

/// A remote job: its restriction against the countries the user may work in.
fn remote_fit(
    prefs: &Preferences,
    text: &PlaceText,
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
    let restriction = restriction.or_else(|| text.restriction.clone());
    let names = || may_work_names(&prefs.work_countries, may_work);
    match restriction {
        Some(r) if r.regions.contains(&Region::Worldwide) => (1.0, "remote from anywhere".into()),
        Some(r) if may_work.is_empty() => {
            (0.85, format!("remote, {}; add the countries where you may work", r.describe()))
        }
        Some(r) if may_work.iter().any(|c| r.allows(c)) => {
            (1.0, format!("remote, {}; you may work there", r.describe()))
        }
        Some(r) => (0.05, format!("remote, {}; you may work in {}", r.describe(), names())),
        None if !may_work.is_empty() => (0.9, "remote, no country named".into()),
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
        return (0.8, "no place stated".into());
    };
    let job_countries: Vec<&'static str> = places.iter().flat_map(|p| entry_countries(p)).collect();
    if !locations.is_empty() {
        let wanted = locations.join(" or ");
        if let Some(p) = places.iter().find(|p| locations.iter().any(|l| same_place(l, p))) {
            return (1.0, format!("{kind} {p}, where you want to work"));
        }
        if let Some(near) = nearest(locations, places) {
            return near.fit(kind);
        }
        let home: Vec<&'static str> =
            locations.iter().flat_map(|l| entry_countries(l)).chain(may_work.iter().copied()).collect();
        if job_countries.iter().any(|c| home.contains(c)) {
            return (0.3, format!("{kind} {first}; you want {wanted}"));
        }
        return (0.1, format!("{kind} {first}; you want {wanted}"));
    }
    if work_countries.is_empty() {
        return (0.9, format!("{kind} {first}"));
    }
    if job_countries.iter().any(|c| may_work.contains(c)) {
        (0.9, format!("{kind} {first}, a country where you may work"))
    } else if job_countries.is_empty() {
        (0.6, format!("{kind} {first}; the country is not clear"))
    } else {
        (0.1, format!("{kind} {first}; you may work in {}", may_work_names(work_countries, may_work)))
    }
}

/// The nearest pair of a user's city and a job's city that the gazetteer knows.
struct Nearest {
    user: &'static cities::City,
    job: &'static cities::City,
    km: f64,
}

fn nearest(locations: &[&str], places: &[&str]) -> Option<Nearest> {
    let users: Vec<_> = locations.iter().filter_map(|l| cities::city_in(l)).collect();
    let jobs: Vec<_> = places.iter().filter_map(|p| cities::city_in(p)).collect();
    users
        .iter()
        .flat_map(|u| jobs.iter().map(move |j| Nearest { user: u, job: j, km: cities::distance_km(u, j) }))
        .min_by(|a, b| a.km.total_cmp(&b.km))
}

impl Nearest {
    /// The same area fits, a commute is a gap, farther rules the job out.
    fn fit(&self, kind: &str) -> (f64, String) {
        let (job, user, km) = (self.job.name, self.user.name, (self.km / 5.0).round() * 5.0);
        if self.km <= SAME_AREA_KM {
            (1.0, format!("{kind} {job}, near {user}"))
        } else if self.km <= COMMUTE_KM {
            (super::GAP, format!("{kind} {job}, a commute of about {km:.0} km from {user}"))
        } else {
            let score = if self.job.country == self.user.country { 0.2 } else { 0.1 };
            (score, format!("{kind} {job}, about {km:.0} km from {user}"))
        }
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

/// Whether a job place is the user's place: the same city of the gazetteer (any of its
/// spellings), the user's city word for word in it, or, when the user named only a country,
/// the job in that country.
fn same_place(user: &str, job: &str) -> bool {
    let city = user.split(',').next().unwrap_or_default().trim().to_lowercase();
    if country_named(&city).is_some() {
        let job_countries = entry_countries(job);
        return entry_countries(&city).iter().any(|c| job_countries.contains(c));
    }
    if let (Some(a), Some(b)) = (cities::city_in(&city), cities::city_in(job)) {
        return a == b;
    }
    let city_words: Vec<String> = words(&city).collect();
    if city_words.is_empty() {
        return false;
    }
    let job_words: Vec<String> = words(job).collect();
    has_words(&job_words, &city_words.join(" "))
}

/// Whether `words` holds the space-separated words of `name` one after another.
fn has_words(words: &[String], name: &str) -> bool {
    let wanted: Vec<&str> = name.split(' ').collect();
    words.windows(wanted.len()).any(|w| w.iter().zip(&wanted).all(|(a, b)| a == b))
}
