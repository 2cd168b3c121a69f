//! A small table of countries (those job boards here mostly list), to tell which country a
//! job's location names and which countries a user typed. Deliberately small and strict: a
//! country is only recognized by a name from the table (English, the local name, German) or,
//! in a location, by its ISO 3166 alpha-2 code written in capitals as a word of its own. `CA`
//! and `DE` are not read from locations, since they are also US state codes ("San Francisco,
//! CA", "Wilmington, DE"); "Canada" and "Germany"/"Deutschland" are. A location that names no
//! country from the table names none: nothing is guessed from cities.

/// One country of the table.
#[derive(Debug, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166 alpha-2.
    pub code: &'static str,
    /// The English name, for messages.
    pub name: &'static str,
    /// Lower-case names, as words separated by single spaces.
    names: &'static [&'static str],
}

const fn c(code: &'static str, name: &'static str, names: &'static [&'static str]) -> Country {
    Country { code, name, names }
}

static COUNTRIES: [Country; 20] = [
    c("DE", "Germany", &["germany", "deutschland", "federal republic of germany"]),
    c("AT", "Austria", &["austria", "österreich", "oesterreich"]),
    c("CH", "Switzerland", &["switzerland", "schweiz", "suisse", "svizzera"]),
    c("NL", "Netherlands", &["netherlands", "the netherlands", "nederland", "holland", "niederlande"]),
    c(
        "GB",
        "United Kingdom",
        &[
            "united kingdom",
            "great britain",
            "britain",
            "england",
            "scotland",
            "wales",
            "northern ireland",
            "großbritannien",
            "grossbritannien",
            "vereinigtes königreich",
        ],
    ),
    c(
        "US",
        "United States",
        &["united states", "united states of america", "usa", "u.s.a", "u.s", "vereinigte staaten"],
    ),
    c("FR", "France", &["france", "frankreich"]),
    c("ES", "Spain", &["spain", "españa", "espana", "spanien"]),
    c("IT", "Italy", &["italy", "italia", "italien"]),
    c("PL", "Poland", &["poland", "polska", "polen"]),
    c("PT", "Portugal", &["portugal"]),
    c("IE", "Ireland", &["ireland", "éire", "eire", "irland"]),
    c("SE", "Sweden", &["sweden", "sverige", "schweden"]),
    c("DK", "Denmark", &["denmark", "danmark", "dänemark", "daenemark"]),
    c("NO", "Norway", &["norway", "norge", "norwegen"]),
    c("FI", "Finland", &["finland", "suomi", "finnland"]),
    c("BE", "Belgium", &["belgium", "belgië", "belgie", "belgique", "belgien"]),
    c("LU", "Luxembourg", &["luxembourg", "luxemburg"]),
    c("CZ", "Czechia", &["czechia", "czech republic", "česko", "cesko", "tschechien"]),
    c("CA", "Canada", &["canada", "kanada"]),
];

/// Places whose names contain a country's name but are elsewhere, blanked before reading.
const NOT_COUNTRIES: [&str; 2] = ["new south wales", "new england"];

/// Codes that are also US state codes, not read from locations.
const AMBIGUOUS_CODES: [&str; 2] = ["CA", "DE"];

/// The country with this ISO code (any case), `UK` read as `GB`.
pub fn by_code(code: &str) -> Option<&'static Country> {
    let code = code.trim().to_ascii_uppercase();
    let code = if code == "UK" { "GB".to_owned() } else { code };
    COUNTRIES.iter().find(|c| c.code == code)
}

/// The countries a job location names, in the order it names them, each once.
pub fn named_in(location: &str) -> Vec<&'static Country> {
    let mut found: Vec<(usize, &'static Country)> = Vec::new();
    let mut text = normalized(location);
    for name in NOT_COUNTRIES {
        blank(&mut text, name);
    }
    // Longest names first, each blanked once found, so "Northern Ireland" is not Ireland too.
    let mut names: Vec<(&str, &'static Country)> =
        COUNTRIES.iter().flat_map(|c| c.names.iter().map(move |n| (*n, c))).collect();
    names.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
    for (name, country) in names {
        while let Some(i) = blank(&mut text, name) {
            found.push((i, country));
        }
    }
    // Codes: a word of its own, in capitals ("Berlin, DE" is not read: see the module docs),
    // after the names.
    for word in location.split(|c: char| !c.is_alphanumeric()) {
        if word.len() == 2 && word.chars().all(|c| c.is_ascii_uppercase()) && !AMBIGUOUS_CODES.contains(&word)
        {
            if let Some(country) = by_code(word) {
                found.push((usize::MAX, country));
            }
        }
    }
    found.sort_by_key(|(i, _)| *i);
    let mut out: Vec<&'static Country> = Vec::new();
    for (_, country) in found {
        if !out.contains(&country) {
            out.push(country);
        }
    }
    out
}

/// The countries a user's entry means: a code (any case: "de", "UK") or names ("Germany",
/// "Deutschland"); empty when the table does not know it.
pub fn parse_entry(entry: &str) -> Vec<&'static Country> {
    let entry = entry.trim();
    if entry.chars().count() == 2 {
        return by_code(entry).into_iter().collect();
    }
    let text = normalized(entry);
    COUNTRIES.iter().filter(|c| c.names.iter().any(|n| text.contains(&format!(" {n} ")))).collect()
}

/// Blanks the first occurrence of the words `name` in `text` (as [`normalized`] made it);
/// returns where it was.
fn blank(text: &mut String, name: &str) -> Option<usize> {
    let needle = format!(" {name} ");
    let i = text.find(&needle)?;
    text.replace_range(i + 1..i + needle.len() - 1, &" ".repeat(needle.len() - 2));
    Some(i)
}

/// Lower-case words separated by single spaces, with a space at each end.
fn normalized(text: &str) -> String {
    let mut out = String::from(" ");
    for word in crate::text::words(text) {
        out.push_str(&word);
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(location: &str) -> Vec<&'static str> {
        named_in(location).iter().map(|c| c.code).collect()
    }

    #[test]
    fn reads_names_and_capital_codes() {
        assert_eq!(codes("Berlin, Germany"), ["DE"]);
        assert_eq!(codes("München, Deutschland"), ["DE"]);
        assert_eq!(codes("Vienna, Austria / Zürich, Schweiz"), ["AT", "CH"]);
        assert_eq!(codes("London, UK"), ["GB"]);
        assert_eq!(codes("New York, NY, USA"), ["US"]);
        assert_eq!(codes("Austin, TX, U.S."), ["US"]);
        assert_eq!(codes("Belfast, Northern Ireland"), ["GB"]);
        assert_eq!(codes("Dublin, Ireland"), ["IE"]);
        assert_eq!(codes("Amsterdam, NL"), ["NL"]);
        assert_eq!(codes("Toronto, Canada"), ["CA"]);
        assert!(codes("Sydney, New South Wales").is_empty());
    }

    #[test]
    fn does_not_guess() {
        assert!(codes("Berlin").is_empty());
        assert!(codes("San Francisco, CA").is_empty());
        assert!(codes("Wilmington, DE").is_empty());
        assert!(codes("Berlin, de").is_empty());
        assert!(codes("Remote, anywhere").is_empty());
        assert!(codes("Frankfurt am Main").is_empty());
    }

    #[test]
    fn user_entries_are_codes_or_names() {
        let code = |e: &str| parse_entry(e).iter().map(|c| c.code).collect::<Vec<_>>();
        assert_eq!(code("de"), ["DE"]);
        assert_eq!(code("UK"), ["GB"]);
        assert_eq!(code("Deutschland"), ["DE"]);
        assert_eq!(code("the Netherlands"), ["NL"]);
        assert_eq!(code("United States"), ["US"]);
        assert!(code("Japan").is_empty());
        assert!(code("xx").is_empty());
    }
}
