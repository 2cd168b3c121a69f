//! What a posting says about the working week beyond its workplace label: how many days a week
//! are spent in the office ("four days together in our studio", "1 Tag Homeoffice", "vier Tage
//! pro Woche im Büro") and how much of the job is travel ("about 40 % travel",
//! "Reisetätigkeit ca. 30 %"). A posting labelled on site may be four office days and one at
//! home, which a person who wants hybrid weighs differently from five. Pure.

/// Number words up to five in English, German, Dutch and French.
#[rustfmt::skip]
const NUMBERS: &[(&str, u8)] = &[
    ("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5),
    ("one", 1), ("two", 2), ("three", 3), ("four", 4), ("five", 5),
    ("ein", 1), ("eine", 1), ("einen", 1), ("zwei", 2), ("drei", 3), ("vier", 4), ("fünf", 5), ("fuenf", 5),
    ("een", 1), ("twee", 2), ("drie", 3), ("vijf", 5),
    ("un", 1), ("une", 1), ("deux", 2), ("trois", 3), ("quatre", 4), ("cinq", 5),
];
const DAY_WORDS: &[&str] = &["day", "days", "tag", "tage", "tagen", "dag", "dagen", "jour", "jours"];
/// Words that put the days in the office.
#[rustfmt::skip]
const OFFICE_WORDS: &[&str] = &["office", "studio", "büro", "buero", "kantoor", "site", "onsite", "hq",
    "headquarters", "together", "präsenz", "vor", "bureau", "campus"];
/// Words that put the days at home (the rest of the week is in the office).
#[rustfmt::skip]
const HOME_WORDS: &[&str] = &["home", "homeoffice", "remote", "mobil", "mobile", "thuis", "télétravail",
    "teletravail", "remotely"];
#[rustfmt::skip]
const TRAVEL_WORDS: &[&str] = &["travel", "travelling", "traveling", "reisetätigkeit", "reisebereitschaft",
    "reisen", "déplacements", "deplacements", "reizen"];

/// Days a week in the office the text states, 1..5, when it states them: the first clause
/// pairing a number of days with an office or a home word (a home count is taken from five).
pub fn office_days(text: &str) -> Option<u8> {
    for clause in text.split(['.', ';', '\n', ',', '(', ')', '•']) {
        let words: Vec<String> = clause
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        for (i, word) in words.iter().enumerate() {
            let Some(&(_, n)) = NUMBERS.iter().find(|(w, _)| w == word) else { continue };
            if !words.iter().skip(i + 1).take(2).any(|w| DAY_WORDS.contains(&w.as_str())) {
                continue;
            }
            let after = || words.iter().skip(i + 1).take(8);
            if after().any(|w| HOME_WORDS.contains(&w.as_str())) {
                return Some(5 - n.min(5));
            }
            if after().any(|w| OFFICE_WORDS.contains(&w.as_str())) {
                return Some(n);
            }
        }
    }
    None
}

/// The share of travel the text states ("40 % travel", "Travel up to 50 %", "Reisetätigkeit
/// ca. 30 %"), in percent: a percentage within [`TRAVEL_REACH`] bytes of a travel word on the
/// same line.
pub fn travel_percent(text: &str) -> Option<u32> {
    let lower = text.to_lowercase();
    for line in lower.split(['\n', ';', '•']) {
        let travel: Vec<usize> =
            TRAVEL_WORDS.iter().flat_map(|w| line.match_indices(w).map(|(i, _)| i)).collect();
        if travel.is_empty() {
            continue;
        }
        let mut digits = String::new();
        let mut start = 0;
        for (i, c) in line.char_indices() {
            if c.is_ascii_digit() {
                if digits.is_empty() {
                    start = i;
                }
                digits.push(c);
                continue;
            }
            if !digits.is_empty() {
                let rest = line[i..].trim_start();
                let percent =
                    rest.starts_with('%') || rest.starts_with("percent") || rest.starts_with("prozent");
                if percent && travel.iter().any(|t| t.abs_diff(start) <= TRAVEL_REACH) {
                    return digits.parse().ok().filter(|p| *p <= 100);
                }
                digits.clear();
            }
        }
    }
    None
}

/// How near a percentage must be to a travel word.
const TRAVEL_REACH: usize = 40;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_days_in_several_phrasings() {
        assert_eq!(
            office_days("We are office-first: four days together in our studio, one day from home."),
            Some(4)
        );
        assert_eq!(
            office_days("Präsenzkultur: vier Tage pro Woche im Münchner Büro, ein Tag mobil"),
            Some(4)
        );
        assert_eq!(office_days("Hybrid work (2 days in our Munich office)"), Some(2));
        assert_eq!(office_days("1 Tag Homeoffice pro Woche"), Some(4));
        assert_eq!(
            office_days("On site in Amsterdam, five days a week."),
            None,
            "no office word after the days"
        );
        assert_eq!(office_days("Hybrid: 3 days per week on site in Augsburg"), Some(3));
        assert_eq!(office_days("30 days of holiday"), None);
    }

    #[test]
    fn travel_share() {
        assert_eq!(travel_percent("On-site visits in Czechia (about 40 % travel)"), Some(40));
        assert_eq!(travel_percent("- Travel up to 50 %"), Some(50));
        assert_eq!(travel_percent("Reisetätigkeit ca. 30%"), Some(30));
        assert_eq!(travel_percent("Willingness to travel"), None);
        assert_eq!(travel_percent("We grew 40 % last year."), None);
        assert_eq!(travel_percent("We grew 40 % in sales last year and we are hiring. Some travel."), None);
    }
}
