//! Reading who a remote role is open to from a posting's words ("Remote, UK only",
//! "EU-based", "US time zones", "Deutschlandweit remote"), and the country and region tables
//! that takes. Short texts (a location, a title) restrict by any country or region they name;
//! longer ones only by phrases that state a restriction ("must be based in Germany", "UK
//! only", "within the EU"), so a description mentioning an office in Berlin restricts nothing.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use crate::countries;

/// A group of countries a remote role may be open to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Region {
    Worldwide,
    Eu,
    Europe,
    Emea,
    Americas,
    NorthAmerica,
    LatinAmerica,
    Apac,
    /// Working hours of the Americas' time zones.
    UsTimeZones,
    /// Working hours of Europe's time zones (CET ± 2 h), Africa included.
    EuropeanTimeZones,
}

#[rustfmt::skip]
const EU: &[&str] = &["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"];
#[rustfmt::skip]
const EUROPE_NON_EU: &[&str] = &["GB", "CH", "NO", "IS", "LI", "UA", "RS", "BA", "ME", "MK", "AL", "MD",
    "AD", "MC", "SM", "XK"];
const MIDDLE_EAST: &[&str] = &["IL", "AE", "SA", "QA", "TR", "JO", "LB", "BH", "KW", "OM", "CY", "EG"];
const AFRICA: &[&str] = &["ZA", "NG", "KE", "MA", "TN", "GH", "EG", "ET", "RW", "UG", "TZ", "SN", "DZ"];
const NORTH_AMERICA: &[&str] = &["US", "CA", "MX"];
#[rustfmt::skip]
const LATIN_AMERICA: &[&str] = &["MX", "BR", "AR", "CL", "CO", "PE", "UY", "CR", "PA", "GT", "EC", "DO",
    "BO", "PY", "VE", "HN", "SV", "NI", "PR", "JM"];
#[rustfmt::skip]
const APAC: &[&str] = &["AU", "NZ", "JP", "SG", "IN", "VN", "PH", "ID", "MY", "TH", "KR", "CN", "HK", "TW",
    "PK", "BD", "LK"];

impl Region {
    /// Whether a country (ISO 3166 alpha-2) is in the region.
    pub fn allows(self, code: &str) -> bool {
        let any = |lists: &[&[&str]]| lists.iter().any(|l| l.contains(&code));
        match self {
            Self::Worldwide => true,
            Self::Eu => any(&[EU]),
            Self::Europe => any(&[EU, EUROPE_NON_EU]),
            Self::Emea => any(&[EU, EUROPE_NON_EU, MIDDLE_EAST, AFRICA]),
            Self::Americas | Self::UsTimeZones => any(&[NORTH_AMERICA, LATIN_AMERICA]),
            Self::NorthAmerica => any(&[NORTH_AMERICA]),
            Self::LatinAmerica => any(&[LATIN_AMERICA]),
            Self::Apac => any(&[APAC]),
            Self::EuropeanTimeZones => any(&[EU, EUROPE_NON_EU, AFRICA, &["IL", "TR"]]),
        }
    }

    /// For reasons: "EU only", "US time zones".
    pub fn label(self) -> &'static str {
        match self {
            Self::Worldwide => "from anywhere",
            Self::Eu => "EU only",
            Self::Europe => "Europe",
            Self::Emea => "EMEA",
            Self::Americas => "the Americas",
            Self::NorthAmerica => "North America",
            Self::LatinAmerica => "Latin America",
            Self::Apac => "Asia-Pacific",
            Self::UsTimeZones => "US time zones",
            Self::EuropeanTimeZones => "European time zones",
        }
    }
}

/// Who a remote role is open to: countries (ISO codes) or regions, any of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Restriction {
    pub countries: Vec<&'static str>,
    pub regions: Vec<Region>,
}

impl Restriction {
    /// Whether someone who may work in `code` (ISO 3166 alpha-2) can take the role.
    pub fn allows(&self, code: &str) -> bool {
        self.countries.contains(&code) || self.regions.iter().any(|r| r.allows(code))
    }

    /// For reasons: "UK only", "Germany or Austria only", "EU only", "Europe".
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !self.countries.is_empty() {
            let names: Vec<&str> = self.countries.iter().map(|c| short_name(c)).collect();
            parts.push(format!("{} only", names.join(" or ")));
        }
        parts.extend(self.regions.iter().map(|r| r.label().to_owned()));
        parts.join(", ")
    }
}

/// `code` as the `'static` code restrictions hold (facts stored as text come back through
/// here); `None` for a code no table knows.
pub fn static_code(code: &str) -> Option<&'static str> {
    crate::countries::by_code(code)
        .map(|c| c.code)
        .or_else(|| MORE_COUNTRIES.iter().find(|(_, c, _)| *c == code).map(|(_, c, _)| *c))
}

/// Countries outside `crate::countries`' table that restrictions name.
#[rustfmt::skip]
const MORE_COUNTRIES: &[(&str, &str, &str)] = &[
    ("india", "IN", "India"), ("japan", "JP", "Japan"), ("brazil", "BR", "Brazil"),
    ("australia", "AU", "Australia"), ("new zealand", "NZ", "New Zealand"), ("mexico", "MX", "Mexico"),
    ("argentina", "AR", "Argentina"), ("chile", "CL", "Chile"), ("colombia", "CO", "Colombia"),
    ("singapore", "SG", "Singapore"), ("vietnam", "VN", "Vietnam"), ("israel", "IL", "Israel"),
    ("romania", "RO", "Romania"), ("hungary", "HU", "Hungary"), ("greece", "GR", "Greece"),
    ("ukraine", "UA", "Ukraine"), ("estonia", "EE", "Estonia"), ("latvia", "LV", "Latvia"),
    ("lithuania", "LT", "Lithuania"), ("croatia", "HR", "Croatia"), ("slovakia", "SK", "Slovakia"),
    ("slovenia", "SI", "Slovenia"), ("bulgaria", "BG", "Bulgaria"), ("cyprus", "CY", "Cyprus"),
    ("malta", "MT", "Malta"), ("iceland", "IS", "Iceland"), ("serbia", "RS", "Serbia"),
    ("turkey", "TR", "Turkey"), ("south africa", "ZA", "South Africa"), ("philippines", "PH", "Philippines"),
    ("indonesia", "ID", "Indonesia"), ("china", "CN", "China"), ("south korea", "KR", "South Korea"),
    ("united arab emirates", "AE", "United Arab Emirates"), ("uae", "AE", "United Arab Emirates"),
];

/// Region words, lower-case word sequences.
#[rustfmt::skip]
const REGIONS: &[(&str, Region)] = &[
    ("worldwide", Region::Worldwide), ("anywhere", Region::Worldwide), ("global", Region::Worldwide),
    ("globally", Region::Worldwide), ("weltweit", Region::Worldwide), ("european union", Region::Eu),
    ("eu", Region::Eu), ("e.u", Region::Eu), ("europe", Region::Europe), ("european", Region::Europe),
    ("europa", Region::Europe), ("europaweit", Region::Europe), ("eea", Region::Europe),
    ("emea", Region::Emea), ("americas", Region::Americas), ("north america", Region::NorthAmerica),
    ("north american", Region::NorthAmerica), ("latam", Region::LatinAmerica),
    ("latin america", Region::LatinAmerica), ("south america", Region::LatinAmerica), ("apac", Region::Apac),
    ("asia pacific", Region::Apac), ("asia", Region::Apac),
];

/// Country-wide German words ("Deutschlandweit remote").
#[rustfmt::skip]
const COUNTRY_WIDE: &[(&str, &str)] = &[
    ("deutschlandweit", "DE"), ("bundesweit", "DE"), ("deutschlands", "DE"), ("österreichweit", "AT"),
    ("oesterreichweit", "AT"), ("schweizweit", "CH"),
];

/// Words just before a place that make it a restriction ("based in", "remote from", "within").
#[rustfmt::skip]
const BEFORE: &[&str] = &["based", "located", "reside", "residing", "resident", "residents", "living",
    "live", "work", "remote", "anywhere", "within", "across", "throughout", "innerhalb", "ganz", "aus",
    "wohnsitz", "only", "from"];
/// Words just after a place that make it a restriction ("UK only", "EU-based", "US citizens").
#[rustfmt::skip]
const AFTER: &[&str] = &["only", "based", "citizens", "residents", "nationals", "applicants", "candidates",
    "wide", "remote"];
/// Time-zone words ("US time zones", "EST", "CET").
const US_ZONES: &[&str] = &["est", "edt", "pst", "pdt", "cst", "cdt", "mst", "eastern", "pacific", "central"];
const EU_ZONES: &[&str] = &["cet", "cest", "gmt", "bst", "eet", "wet"];

/// Country codes read in capitals.
#[rustfmt::skip]
const CODES: &[&str] = &["uk", "gb", "us", "nl", "pl", "fr", "es", "ch", "at", "ie", "be", "lu", "cz", "dk",
    "fi"];

/// What a short text counts as: a location or a title.
const SHORT: usize = 8;

/// The remote restriction `text` states, if any (see the module docs for what is read).
pub fn remote_restriction(text: &str) -> Option<Restriction> {
    let original: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '.'))
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
        .collect();
    // Most words of a description are already lower case: borrowed, not copied.
    let lower: Vec<Cow<str>> =
        original
            .iter()
            .map(|w| {
                if w.chars().any(char::is_uppercase) {
                    Cow::Owned(w.to_lowercase())
                } else {
                    Cow::Borrowed(*w)
                }
            })
            .collect();
    let short = lower.len() <= SHORT;
    let mut out = Restriction::default();
    let mut i = 0;
    // In a long text only words near a cue are looked at (fast on long descriptions).
    let before_cue: Vec<bool> = lower.iter().map(|w| BEFORE.contains(&w.as_ref())).collect();
    let after_cue: Vec<bool> =
        lower.iter().map(|w| AFTER.contains(&w.as_ref()) || w.starts_with("time") || w == "hours").collect();
    let cue = |i: usize| {
        let uppercase_zone = original[i].len() <= 4 && original[i].chars().all(|c| c.is_ascii_uppercase());
        uppercase_zone
            || before_cue[i.saturating_sub(3)..i].contains(&true)
            || after_cue.iter().skip(i + 1).take(4).any(|c| *c)
            || COUNTRY_WIDE.iter().any(|(w, _)| *w == lower[i])
    };
    while i < lower.len() {
        if !short && !cue(i) {
            i += 1;
            continue;
        }
        let Some((place, len)) = place_at(&original, &lower, i) else {
            i += 1;
            continue;
        };
        let after = lower.get(i + len).map(AsRef::as_ref).unwrap_or_default();
        let zone = matches!(after, "time" | "timezone" | "timezones" | "hours")
            || matches!(place, Place::Region(Region::UsTimeZones | Region::EuropeanTimeZones));
        let before = (0..i).rev().map(|j| lower[j].as_ref()).find(|w| !matches!(*w, "the" | "in" | "of"));
        let stated = short || zone || AFTER.contains(&after) || before.is_some_and(|b| BEFORE.contains(&b));
        // "US time zones", "UK hours": the time zones of the country's part of the world.
        let place = match place {
            Place::Country(c) if zone && Region::UsTimeZones.allows(c) => Place::Region(Region::UsTimeZones),
            Place::Country(c) if zone && Region::EuropeanTimeZones.allows(c) => {
                Place::Region(Region::EuropeanTimeZones)
            }
            other => other,
        };
        if stated {
            match place {
                Place::Country(c) if !out.countries.contains(&c) => out.countries.push(c),
                Place::Region(r) => {
                    let r = if zone { zone_of(r) } else { r };
                    if !out.regions.contains(&r) {
                        out.regions.push(r);
                    }
                }
                Place::Country(_) => {}
            }
        }
        i += len;
    }
    if out.regions.len() + out.countries.len() > 1 {
        out.regions.retain(|r| *r != Region::Worldwide);
    }
    (!out.countries.is_empty() || !out.regions.is_empty()).then_some(out)
}

#[derive(Debug, Clone, Copy)]
enum Place {
    Country(&'static str),
    Region(Region),
}

/// The time zones of a region or a country's region ("US time zones").
fn zone_of(region: Region) -> Region {
    match region {
        Region::Americas | Region::NorthAmerica | Region::LatinAmerica | Region::UsTimeZones => {
            Region::UsTimeZones
        }
        Region::Eu | Region::Europe | Region::Emea | Region::EuropeanTimeZones => Region::EuropeanTimeZones,
        other => other,
    }
}

/// The place named at word `i`, with how many words it takes.
fn place_at(original: &[&str], lower: &[Cow<str>], i: usize) -> Option<(Place, usize)> {
    let word = lower[i].as_ref();
    let zone_next = lower.get(i + 1).is_some_and(|w| w.starts_with("time"));
    if original[i].len() <= 4 && original[i].chars().all(|c| c.is_ascii_uppercase()) {
        if US_ZONES.contains(&word) {
            return Some((Place::Region(Region::UsTimeZones), 1));
        }
        if EU_ZONES.contains(&word) {
            return Some((Place::Region(Region::EuropeanTimeZones), 1));
        }
    }
    if zone_next && US_ZONES.contains(&word) {
        return Some((Place::Region(Region::UsTimeZones), 1));
    }
    if zone_next && EU_ZONES.contains(&word) {
        return Some((Place::Region(Region::EuropeanTimeZones), 1));
    }
    if let Some((_, code)) = COUNTRY_WIDE.iter().find(|(w, _)| *w == word) {
        return Some((Place::Country(code), 1));
    }
    let phrase = |len: usize| lower.get(i..i + len).map(|w| w.join(" "));
    for len in (1..=3).rev() {
        let Some(p) = phrase(len) else { continue };
        // Two-letter region words only in capitals ("EU", not "eu" inside a sentence).
        if len == 1 && p == "eu" && original[i] != "EU" {
            continue;
        }
        if let Some((_, r)) = REGIONS.iter().find(|(n, _)| *n == p) {
            return Some((Place::Region(*r), len));
        }
        if let Some((_, code, _)) = MORE_COUNTRIES.iter().find(|(n, _, _)| *n == p) {
            return Some((Place::Country(code), len));
        }
    }
    // Codes in capitals ("UK", "USA"), only those that are not also common abbreviations
    // (IT, SE, PT, NO) or US states (CA, DE; see `countries`).
    if original[i].len() <= 3 && original[i].chars().all(|c| c.is_ascii_uppercase() || c == '.') {
        let code = match word {
            "usa" | "u.s" => "US",
            w if CODES.contains(&w) => countries::by_code(w)?.code,
            _ => return None,
        };
        return Some((Place::Country(code), 1));
    }
    // Names from the country table, starting at this word ("United Kingdom", "Germany").
    for len in 1..=3 {
        let p = phrase(len)?;
        if p.len() > 2
            && country_named(&p).is_some()
            && (len == 1 || country_named(&lower[i + 1..i + len].join(" ")).is_none())
        {
            return Some((Place::Country(country_named(&p)?), len));
        }
    }
    None
}

/// The one country a (lower-case) name means, from either table.
pub(super) fn country_named(name: &str) -> Option<&'static str> {
    thread_local! {
        static SEEN: RefCell<HashMap<String, Option<&'static str>>> = RefCell::new(HashMap::new());
    }
    remembered(&SEEN, name, country_named_uncached)
}

fn country_named_uncached(name: &str) -> Option<&'static str> {
    if let Some((_, code, _)) = MORE_COUNTRIES.iter().find(|(n, _, _)| *n == name) {
        return Some(code);
    }
    match countries::parse_entry(name).as_slice() {
        [one] if name.chars().count() > 2 => Some(one.code),
        _ => None,
    }
}

/// "UK", "US", else the English name.
pub(super) fn short_name(code: &str) -> &str {
    match code {
        "GB" => "UK",
        "US" => "US",
        _ => countries::by_code(code)
            .map(|c| c.name)
            .or_else(|| MORE_COUNTRIES.iter().find(|(_, c, _)| *c == code).map(|(_, _, name)| *name))
            .unwrap_or(code),
    }
}

/// The countries (ISO codes) a user's entry names: a code, a name, or a location naming one.
/// Remembered per text (the same entries and job places come back for every job scored), so
/// the country tables are searched once per distinct text; the answer never changes.
pub(super) fn entry_countries(entry: &str) -> Vec<&'static str> {
    thread_local! {
        static SEEN: RefCell<HashMap<String, Vec<&'static str>>> = RefCell::new(HashMap::new());
    }
    remembered(&SEEN, entry, entry_countries_uncached)
}

/// `compute(key)`, remembered in `cache` (at most 4096 texts, then started afresh).
fn remembered<T: Clone>(
    cache: &'static std::thread::LocalKey<RefCell<HashMap<String, T>>>,
    key: &str,
    compute: impl FnOnce(&str) -> T,
) -> T {
    if let Some(found) = cache.with(|seen| seen.borrow().get(key).cloned()) {
        return found;
    }
    let found = compute(key);
    cache.with(|seen| {
        let mut seen = seen.borrow_mut();
        if seen.len() >= 4096 {
            seen.clear();
        }
        seen.insert(key.to_owned(), found.clone());
    });
    found
}

fn entry_countries_uncached(entry: &str) -> Vec<&'static str> {
    let trimmed = entry.trim();
    let mut out: Vec<&'static str> = countries::parse_entry(trimmed).iter().map(|c| c.code).collect();
    out.extend(countries::named_in(trimmed).iter().map(|c| c.code));
    let lower = trimmed.to_lowercase();
    for (name, code, _) in MORE_COUNTRIES {
        if crate::text::contains_word(&lower, name) || (lower.len() == 2 && code.eq_ignore_ascii_case(&lower))
        {
            out.push(code);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The region a user's work-countries entry names as a whole ("EU", "European Union",
/// "Europe", "EEA"), if it is one.
pub(super) fn entry_region(entry: &str) -> Option<Region> {
    let words: Vec<String> = crate::text::words(entry).collect();
    match words.join(" ").as_str() {
        "eu" | "e.u" | "european union" | "europäische union" | "europaeische union" | "the eu" => {
            Some(Region::Eu)
        }
        "europe" | "europa" | "eea" | "european economic area" => Some(Region::Europe),
        _ => None,
    }
}

/// The countries of a region given as a work-countries entry ([`entry_region`]).
pub(super) fn region_countries(region: Region) -> Vec<&'static str> {
    let lists: &[&[&'static str]] = match region {
        Region::Eu => &[EU],
        Region::Europe => &[EU, EUROPE_NON_EU],
        _ => &[],
    };
    lists.iter().flat_map(|l| l.iter().copied()).collect()
}
