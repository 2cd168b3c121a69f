//! Salary from free text: "$120,000 - $150,000 a year", "€60k–80k", "50.000 - 65.000 EUR
//! jährlich", "£45 per hour", "up to 90k USD". The result is marked `Parsed`.

use crate::posting::{Salary, SalaryInterval, SalarySource};

const CURRENCIES: &[(&str, &str)] = &[
    ("$", "USD"),
    ("usd", "USD"),
    ("€", "EUR"),
    ("eur", "EUR"),
    ("euro", "EUR"),
    ("£", "GBP"),
    ("gbp", "GBP"),
    ("chf", "CHF"),
    ("cad", "CAD"),
    ("aud", "AUD"),
];

/// Finds a salary figure or range in `text`; `None` when there is no plausible one. In a long
/// text only the first line or sentence that names a currency or a salary word is read, so
/// "5+ years" elsewhere does not become a salary.
pub fn parse_salary(text: &str) -> Option<Salary> {
    text.split(['\n', ';']).flat_map(sentences).find_map(parse_segment)
}

/// Splits at ". " (a period followed by a space), keeping "45.50" and "50.000" whole.
fn sentences(line: &str) -> impl Iterator<Item = &str> {
    line.split(". ")
}

fn parse_segment(text: &str) -> Option<Salary> {
    let lower = text.to_lowercase();
    let currency = CURRENCIES
        .iter()
        .filter_map(|(sym, code)| find_token(&lower, sym).map(|at| (at, *code)))
        .min_by_key(|(at, _)| *at)
        .map(|(_, code)| code.to_owned());
    let numbers = numbers(&lower);
    if numbers.is_empty() {
        return None;
    }
    // A salary needs a currency or a "k" figure or an explicit salary word.
    let salary_word =
        ["salary", "gehalt", "compensation", "pay", "vergütung"].iter().any(|w| lower.contains(w));
    if currency.is_none() && !numbers.iter().any(|n| n.1) && !salary_word {
        return None;
    }
    let values: Vec<f64> = numbers.iter().map(|n| n.0).filter(|v| *v >= 5.0).collect();
    let (min, max) = match values.as_slice() {
        [] => return None,
        [one] if lower.contains("up to") || lower.contains("bis zu") => (None, Some(*one)),
        [one] => (Some(*one), None),
        [a, b, ..] => (Some(a.min(*b)), Some(a.max(*b))),
    };
    let interval = interval(&lower).or_else(|| {
        let v = max.or(min)?;
        Some(if v >= 10_000.0 { SalaryInterval::Year } else { SalaryInterval::Hour })
    });
    Some(Salary { min, max, currency, interval, source: SalarySource::Parsed })
}

fn find_token(text: &str, token: &str) -> Option<usize> {
    if token.chars().all(|c| c.is_alphabetic()) {
        text.match_indices(token).map(|(i, _)| i).find(|&i| {
            let before = text[..i].chars().last().is_none_or(|c| !c.is_alphabetic());
            let after = text[i + token.len()..].chars().next().is_none_or(|c| !c.is_alphabetic());
            before && after
        })
    } else {
        text.find(token)
    }
}

fn interval(text: &str) -> Option<SalaryInterval> {
    const HINTS: &[(&str, SalaryInterval)] = &[
        ("per hour", SalaryInterval::Hour),
        ("/hour", SalaryInterval::Hour),
        ("/hr", SalaryInterval::Hour),
        ("an hour", SalaryInterval::Hour),
        ("hourly", SalaryInterval::Hour),
        ("pro stunde", SalaryInterval::Hour),
        ("per day", SalaryInterval::Day),
        ("daily", SalaryInterval::Day),
        ("per month", SalaryInterval::Month),
        ("/month", SalaryInterval::Month),
        ("monthly", SalaryInterval::Month),
        ("monatlich", SalaryInterval::Month),
        ("per year", SalaryInterval::Year),
        ("/year", SalaryInterval::Year),
        ("a year", SalaryInterval::Year),
        ("annual", SalaryInterval::Year),
        ("yearly", SalaryInterval::Year),
        ("jährlich", SalaryInterval::Year),
        ("pro jahr", SalaryInterval::Year),
    ];
    HINTS
        .iter()
        .filter_map(|(h, i)| text.find(h).map(|at| (at, *i)))
        .min_by_key(|(at, _)| *at)
        .map(|(_, i)| i)
}

/// Numbers with their "k" suffix flag: "120,000" -> 120000, "60k" -> 60000, "50.000" -> 50000,
/// "45.50" -> 45.5.
fn numbers(text: &str) -> Vec<(f64, bool)> {
    let bytes: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == ',' || bytes[i] == '.') {
            i += 1;
        }
        let raw: String = bytes[start..i].iter().collect::<String>().trim_end_matches(['.', ',']).to_owned();
        let thousands = i < bytes.len() && (bytes[i] == 'k' || bytes[i] == 'K');
        // A run of hundreds of digits parses as infinity: no salary at all (found by fuzzing).
        let value = parse_number(&raw).map(|v| if thousands { v * 1000.0 } else { v });
        if let Some(v) = value.filter(|v| v.is_finite()) {
            out.push((v, thousands));
        }
    }
    out
}

fn parse_number(raw: &str) -> Option<f64> {
    // Groups of three after a separator are thousands ("120,000", "50.000"); otherwise a
    // single separator with one or two digits after it is a decimal mark ("45.50", "45,5").
    let groups: Vec<&str> = raw.split([',', '.']).collect();
    if groups.len() > 1 && groups[1..].iter().all(|g| g.len() == 3) {
        return groups.concat().parse().ok();
    }
    if groups.len() == 2 {
        return format!("{}.{}", groups[0], groups[1]).parse().ok();
    }
    groups.concat().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hundreds_of_digits_are_no_salary() {
        let text = format!("Salary: ${} per year", "9".repeat(400));
        assert_eq!(parse_salary(&text), None);
    }

    fn check(
        text: &str,
        min: Option<f64>,
        max: Option<f64>,
        currency: Option<&str>,
        interval: SalaryInterval,
    ) {
        let s = parse_salary(text).unwrap_or_else(|| panic!("no salary in {text:?}"));
        assert_eq!((s.min, s.max), (min, max), "{text}");
        assert_eq!(s.currency.as_deref(), currency, "{text}");
        assert_eq!(s.interval, Some(interval), "{text}");
        assert_eq!(s.source, SalarySource::Parsed);
    }

    #[test]
    fn ranges_tiers_and_free_text() {
        check(
            "$120,000 - $150,000 a year",
            Some(120_000.0),
            Some(150_000.0),
            Some("USD"),
            SalaryInterval::Year,
        );
        check("€60k–80k", Some(60_000.0), Some(80_000.0), Some("EUR"), SalaryInterval::Year);
        check(
            "50.000 - 65.000 EUR jährlich",
            Some(50_000.0),
            Some(65_000.0),
            Some("EUR"),
            SalaryInterval::Year,
        );
        check("£45.50 per hour", Some(45.5), None, Some("GBP"), SalaryInterval::Hour);
        check("Salary: up to 90k USD", None, Some(90_000.0), Some("USD"), SalaryInterval::Year);
        check("4.500 € monatlich", Some(4_500.0), None, Some("EUR"), SalaryInterval::Month);
    }

    #[test]
    fn numbers_that_are_not_salaries() {
        assert!(parse_salary("5 years of experience with Rust").is_none());
        assert!(parse_salary("Team of 12 engineers in 3 countries").is_none());
    }
}
