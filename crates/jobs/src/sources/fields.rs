//! Field readings several adapters share: a board's workplace word, a structured salary with
//! the words it is shown as, location lists, and the board slug as the company name of last
//! resort. Each reports what it could not read as a [`PostingWarning`] rather than dropping it.

use crate::posting::{PostingWarning, Salary, SalaryInterval, SalarySource, Workplace};

/// The warning field a slug-named company carries; the fetcher removes it when it finds the
/// board's human name.
pub(crate) const COMPANY_FROM_SLUG: &str = "company";

/// The board's slug as company name (the last resort), with the warning saying so.
pub(crate) fn slug_company(slug: &str, warnings: &mut Vec<PostingWarning>) -> String {
    warnings.push(PostingWarning::new(
        COMPANY_FROM_SLUG,
        format!("the board gives no company name; the board's name '{slug}' is shown instead"),
    ));
    slug.to_owned()
}

/// A board's workplace value (`workplaceType`): known words map to the three values,
/// "unspecified" or empty is unknown, anything else is unknown and reported.
pub(crate) fn workplace(
    field: &str,
    raw: Option<&str>,
    warnings: &mut Vec<PostingWarning>,
) -> Option<Workplace> {
    let raw = raw.map(str::trim).filter(|r| !r.is_empty())?;
    let parsed = Workplace::parse(raw);
    let unspecified = ["unspecified", "unknown", "none", "null"].iter().any(|u| raw.eq_ignore_ascii_case(u));
    if parsed.is_none() && !unspecified {
        warnings.push(PostingWarning::new(field, format!("unknown workplace '{raw}'")));
    }
    parsed
}

/// Locations written as one text with several places ("Berlin; Munich", "NYC | Remote").
pub(crate) fn split_locations(raw: &str) -> Vec<String> {
    raw.split([';', '|']).map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// A salary from a board's structured fields, with the fields written out as its source text
/// ("salaryRange: 116994–167135 USD per-year-salary"). `None` without a figure.
pub(crate) fn stated_salary(
    field: &str,
    min: Option<f64>,
    max: Option<f64>,
    currency: Option<String>,
    raw_interval: Option<&str>,
    interval: Option<SalaryInterval>,
) -> Option<Salary> {
    let min = min.filter(|v| v.is_finite() && *v > 0.0);
    let max = max.filter(|v| v.is_finite() && *v > 0.0);
    if min.is_none() && max.is_none() {
        return None;
    }
    let figure = |v: f64| if v.fract() == 0.0 { format!("{v:.0}") } else { v.to_string() };
    let range = match (min, max) {
        (Some(a), Some(b)) if a != b => format!("{}–{}", figure(a), figure(b)),
        (a, b) => figure(a.or(b).unwrap_or_default()),
    };
    let parts: Vec<String> =
        [Some(range), currency.clone(), raw_interval.map(str::to_owned)].into_iter().flatten().collect();
    let currency = currency.map(|c| c.trim().to_ascii_uppercase()).filter(|c| !c.is_empty());
    Some(Salary {
        min,
        max,
        currency,
        interval,
        source: SalarySource::Stated,
        source_text: Some(format!("{field}: {}", parts.join(" "))),
    })
}

/// The company a board page names in its `<title>`: "Spotify", "Jobs at Notion",
/// "Notion Careers", "Acme - Jobs". `None` when there is no usable title.
pub(crate) fn board_page_name(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let start = lower.find("<title")?;
    let open_end = start + lower[start..].find('>')? + 1;
    let close = open_end + lower[open_end..].find("</title")?;
    let title = crate::text::unescape_html(&html[open_end..close]);
    let mut name = title.split_whitespace().collect::<Vec<_>>().join(" ");
    for prefix in ["Jobs at ", "Careers at ", "Current openings at ", "Working at "] {
        // `get`: a title's multi-byte character may straddle the prefix's length.
        if name.len() > prefix.len()
            && name.get(..prefix.len()).is_some_and(|h| h.eq_ignore_ascii_case(prefix))
        {
            name = name[prefix.len()..].to_owned();
        }
    }
    for sep in [" | ", " - ", " – ", " — ", " · "] {
        if let Some((head, _)) = name.split_once(sep) {
            name = head.to_owned();
        }
    }
    for suffix in [" Jobs", " Careers", " Job Board", " Open Positions"] {
        let tail = name.get(name.len().saturating_sub(suffix.len())..);
        if name.len() > suffix.len() && tail.is_some_and(|t| t.eq_ignore_ascii_case(suffix)) {
            name.truncate(name.len() - suffix.len());
        }
    }
    let name = name.trim().to_owned();
    let generic = ["lever", "ashby", "jobs", "careers", "not found", "404"]
        .iter()
        .any(|g| name.eq_ignore_ascii_case(g));
    (!name.is_empty() && !generic && name.chars().count() <= 80).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workplace_words_and_unknown_ones() {
        let mut w = Vec::new();
        assert_eq!(workplace("workplaceType", Some("OnSite"), &mut w), Some(Workplace::Onsite));
        assert_eq!(workplace("workplaceType", Some("hybrid"), &mut w), Some(Workplace::Hybrid));
        assert_eq!(workplace("workplaceType", Some("unspecified"), &mut w), None);
        assert!(w.is_empty());
        assert_eq!(workplace("workplaceType", Some("sometimes"), &mut w), None);
        assert_eq!(w, [PostingWarning::new("workplaceType", "unknown workplace 'sometimes'")]);
    }

    #[test]
    fn board_page_titles_name_the_company() {
        assert_eq!(board_page_name("<html><head><title>Spotify</title></head>").as_deref(), Some("Spotify"));
        assert_eq!(board_page_name("<TITLE>Jobs at Notion</TITLE>").as_deref(), Some("Notion"));
        assert_eq!(board_page_name("<title>Ramp Careers | Ashby</title>").as_deref(), Some("Ramp"));
        assert_eq!(
            board_page_name("<title>Procter &amp; Gamble - Jobs</title>").as_deref(),
            Some("Procter & Gamble")
        );
        assert_eq!(board_page_name("<title>Not Found</title>"), None);
        assert_eq!(board_page_name("<p>no title</p>"), None);
        // Multi-byte characters where a prefix or suffix would end: read, not a panic.
        assert_eq!(board_page_name("<title>Jobs a€ Zürich</title>").as_deref(), Some("Jobs a€ Zürich"));
        assert_eq!(board_page_name("<title>Zürich €€</title>").as_deref(), Some("Zürich €€"));
    }

    #[test]
    fn stated_salaries_keep_their_fields_as_text() {
        let s = stated_salary(
            "salaryRange",
            Some(116994.0),
            Some(167135.0),
            Some("usd".into()),
            Some("per-year-salary"),
            Some(SalaryInterval::Year),
        )
        .unwrap();
        assert_eq!(s.currency.as_deref(), Some("USD"));
        assert_eq!(s.source_text.as_deref(), Some("salaryRange: 116994–167135 usd per-year-salary"));
        assert!(stated_salary("x", Some(0.0), None, None, None, None).is_none());
    }
}
