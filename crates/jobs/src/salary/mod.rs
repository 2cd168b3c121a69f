//! Salary from free text: "$120,000 - $150,000 a year", "€60k–80k", "50.000 - 65.000 EUR
//! jährlich", "£45 per hour", "up to 90k USD". The result is marked `Parsed`.
//!
//! Read like a person: every money-looking figure or range in the text is a candidate,
//! percentages ("100%"), counts ("20 valid images", "5+ years"), magnitudes ("$50M raised") and
//! years are not; a candidate scores for a currency, a range, an interval and salary words
//! nearby, loses for bonus/budget words, and the best one wins (the earliest on a tie).

mod lexicon;
mod number;

use crate::posting::{Salary, SalaryInterval, SalarySource};
use lexicon::{
    code, ALLOWED_AFTER, DOLLAR_PREFIXES, INTERVALS, NOT_MONEY_AFTER, OTHER_MONEY_WORDS, SALARY_WORDS,
    SYMBOLS,
};
use number::read_number;

/// The lowest figure that can be a salary.
const MIN_FIGURE: f64 = 5.0;
/// Candidates scoring below this are no salary.
const MIN_SCORE: i32 = 3;

/// Finds the salary figure or range in `text` that reads most like one; `None` when there is no
/// plausible one.
pub fn parse_salary(text: &str) -> Option<Salary> {
    let c: Vec<char> = text.to_lowercase().chars().collect();
    let mut best: Option<(i32, Salary, (usize, usize))> = None;
    let mut i = 0;
    while i < c.len() {
        if !c[i].is_ascii_digit() || !starts_figure(&c, i) {
            i += 1;
            continue;
        }
        match candidate(&c, i) {
            Some(cand) => {
                i = cand.end.max(i + 1);
                if let Some((score, salary)) = judge(&c, &cand) {
                    if best.as_ref().is_none_or(|(b, _, _)| score > *b) {
                        best = Some((score, salary, (cand.start, cand.end)));
                    }
                }
            }
            None => i += 1,
        }
    }
    let (_, mut salary, (start, end)) = best?;
    // Lower-casing rarely changes the number of characters ("İ"); then the lower-case text is
    // quoted, still the same words.
    let original: Vec<char> = text.chars().collect();
    let quoted = if original.len() == c.len() { &original } else { &c };
    salary.source_text = Some(sentence_around(quoted, start, end));
    Some(salary)
}

/// The sentence (or line, or bullet) holding `start..end`, at most about 160 characters before
/// and 80 after; a cut falls between words and is marked "…".
fn sentence_around(c: &[char], start: usize, end: usize) -> String {
    let is_break = |i: usize| match c[i] {
        '\n' | '•' | '|' => true,
        '.' | '!' | '?' | ';' => c.get(i + 1).is_none_or(|n| n.is_whitespace()),
        _ => false,
    };
    let mut from = start;
    while from > 0 && start - from < 160 && !is_break(from - 1) {
        from -= 1;
    }
    let cut_before = from > 0 && !is_break(from - 1);
    if cut_before {
        while from < start && !c[from].is_whitespace() {
            from += 1;
        }
    }
    let mut to = end;
    while to < c.len() && to - end < 80 && !is_break(to) {
        to += 1;
    }
    let cut_after = to < c.len() && !is_break(to);
    if cut_after {
        while to > end && !c[to - 1].is_whitespace() {
            to -= 1;
        }
    } else if to < c.len() && matches!(c[to], '.' | '!' | '?') {
        to += 1;
    }
    let text = c[from..to].iter().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ");
    // A list item's dash or star is markup, not words.
    let text = text.trim_start_matches(['-', '*', ' ']).trim_end_matches([',', ';', ':']).to_owned();
    format!("{}{text}{}", if cut_before { "…" } else { "" }, if cut_after { "…" } else { "" })
}

/// A figure starts at `i` unless it continues a number or a word ("h1b", "x86"); a currency
/// code glued to it ("usd50") is fine.
fn starts_figure(c: &[char], i: usize) -> bool {
    let Some(&prev) = i.checked_sub(1).and_then(|p| c.get(p)) else { return true };
    if prev.is_ascii_digit() || prev == '.' || prev == ',' || prev == '\'' {
        return false;
    }
    // The later parts of a date, a time or a phone number: "2026-11-20", "10:30", "030/1234".
    let joined = matches!(prev, '-' | '/' | ':');
    if joined && i.checked_sub(2).and_then(|p| c.get(p)).is_some_and(char::is_ascii_digit) {
        return false;
    }
    !prev.is_alphabetic() || code(&word_before(c, i).0).is_some()
}

/// One amount: the figure, its "k", its currency and where it starts and ends (currency
/// included).
#[derive(Debug, Clone)]
struct Amount {
    start: usize,
    end: usize,
    value: f64,
    k: bool,
    /// Written with thousands groups ("80.000").
    grouped: bool,
    year_like: bool,
    currency: Option<&'static str>,
    /// The currency was written after the figure ("$260,800 CAD"): it names the range's currency.
    currency_after: bool,
}

#[derive(Debug)]
struct Candidate {
    start: usize,
    end: usize,
    min: Amount,
    max: Option<Amount>,
}

impl Candidate {
    fn currency(&self) -> Option<&'static str> {
        let max = self.max.as_ref();
        // "$152,100—$260,800 CAD": the code after the range is its currency, not the "$".
        max.filter(|m| m.currency_after)
            .and_then(|m| m.currency)
            .or(self.min.currency)
            .or(max.and_then(|m| m.currency))
    }
}

fn candidate(c: &[char], i: usize) -> Option<Candidate> {
    let mut a = amount(c, i)?;
    if a.currency.is_none() && is_count(c, a.end) {
        return None;
    }
    let Some(mut b) = range_end(c, &a) else {
        return Some(Candidate { start: a.start, end: a.end, min: a, max: None });
    };
    // "€60k–80k", "60–80k": the "k" counts for both; so do the thousands in "60-80.000 €".
    if a.k && !b.k && b.value < 1000.0 {
        b.value *= 1000.0;
    } else if (b.k || b.grouped) && !a.k && !a.grouped && a.value < 1000.0 && a.value * 1000.0 <= b.value {
        a.value *= 1000.0;
    }
    if b.value < a.value || b.value > a.value * 10.0 || (b.currency.is_none() && is_count(c, b.end)) {
        return Some(Candidate { start: a.start, end: a.end, min: a, max: None });
    }
    Some(Candidate { start: a.start, end: b.end, min: a, max: Some(b) })
}

/// The second figure of "a - b", "a–b", "a — b", "a to b", "between a and b".
fn range_end(c: &[char], a: &Amount) -> Option<Amount> {
    let mut j = skip_ws(c, a.end);
    match c.get(j) {
        Some('-' | '–' | '—' | '‒' | '−' | '~') => j += 1,
        Some(ch) if ch.is_alphabetic() => {
            let (w, end) = word_at(c, j);
            let between = || {
                let before = window_before(c, a.start, 20);
                before.contains("between") || before.contains("zwischen")
            };
            match w.as_str() {
                "to" | "bis" => j = end,
                "and" | "und" if between() => j = end,
                _ => return None,
            }
        }
        _ => return None,
    }
    j = skip_ws(c, j);
    if !c.get(j)?.is_ascii_digit() {
        // A currency written before the second figure: "$1 - $2", "USD 1 - USD 2", "CA$1 - CA$2".
        let (w, end) = word_at(c, j);
        let prefix = DOLLAR_PREFIXES.iter().any(|(p, _)| *p == w) && c.get(end) == Some(&'$');
        if code(&w).is_some() || prefix {
            j = end;
        }
        if c.get(j).is_some_and(|ch| SYMBOLS.iter().any(|(s, _)| ch == s)) {
            j += 1;
        }
        j = skip_ws(c, j);
    }
    if !c.get(j)?.is_ascii_digit() {
        return None;
    }
    amount(c, j)
}

/// The amount whose figure starts at `i`; `None` for a percentage, a magnitude or a figure
/// that is no number ("1.2.3").
fn amount(c: &[char], i: usize) -> Option<Amount> {
    let (mut value, mut end, grouped) = read_number(c, i)?;
    let mut k = false;
    if c.get(end) == Some(&'k') && !c.get(end + 1).is_some_and(|n| n.is_alphabetic()) {
        k = true;
        value *= 1000.0;
        end += 1;
    }
    let after = skip_ws(c, end);
    if c.get(after) == Some(&'%') {
        return None;
    }
    let (next, _) = word_at(c, after);
    if NOT_MONEY_AFTER.contains(&next.as_str()) || (next == "per" && word_at(c, after + 4).0 == "cent") {
        return None;
    }
    let (before, start) = currency_before(c, i).map_or((None, i), |(cur, s)| (Some(cur), s));
    // "$50 USD": a currency on both sides is one currency, the one written after ("$50 CAD").
    let after_cur = currency_after(c, end);
    let end = after_cur.map_or(end, |(_, e)| e);
    let currency = after_cur.map(|(cur, _)| cur).or(before);
    let year_like = !k && !grouped && (1900.0..=2100.0).contains(&value) && value.fract() == 0.0;
    Some(Amount { start, end, value, k, grouped, year_like, currency, currency_after: after_cur.is_some() })
}

/// A figure without currency followed by "+" or a noun counts things: "5+ years", "20 images".
fn is_count(c: &[char], end: usize) -> bool {
    let j = skip_ws(c, end);
    match c.get(j) {
        Some('+') => true,
        Some(ch) if ch.is_alphabetic() => {
            let (w, _) = word_at(c, j);
            !ALLOWED_AFTER.contains(&w.as_str()) && code(&w).is_none()
        }
        _ => false,
    }
}

/// A currency right before the figure at `i` ("$", "US$", "EUR "), and where it starts.
fn currency_before(c: &[char], i: usize) -> Option<(&'static str, usize)> {
    let mut j = i;
    if j > 0 && c[j - 1].is_whitespace() {
        j -= 1;
    }
    let prev = *c.get(j.checked_sub(1)?)?;
    if let Some((_, cur)) = SYMBOLS.iter().find(|(s, _)| *s == prev) {
        if prev == '$' {
            let (w, start) = word_before(c, j - 1);
            if let Some((_, cur)) = DOLLAR_PREFIXES.iter().find(|(p, _)| *p == w) {
                return Some((cur, start));
            }
        }
        return Some((cur, j - 1));
    }
    let (w, start) = word_before(c, j);
    code(&w).map(|cur| (cur, start))
}

/// A currency right after a figure ending at `end` ("€", " EUR"), and where it ends.
fn currency_after(c: &[char], end: usize) -> Option<(&'static str, usize)> {
    let j = if c.get(end).is_some_and(|ch| ch.is_whitespace()) { end + 1 } else { end };
    let ch = *c.get(j)?;
    if let Some((_, cur)) = SYMBOLS.iter().find(|(s, _)| *s == ch) {
        return Some((cur, j + 1));
    }
    let (w, e) = word_at(c, j);
    code(&w).map(|cur| (cur, e))
}

/// Scores a candidate; `None` when it is no salary.
fn judge(c: &[char], cand: &Candidate) -> Option<(i32, Salary)> {
    let currency = cand.currency();
    let k = cand.min.k || cand.max.as_ref().is_some_and(|m| m.k);
    let around: String = c[cand.start.saturating_sub(80)..(cand.end + 30).min(c.len())].iter().collect();
    let salary_word = SALARY_WORDS.iter().any(|w| contains_word(&around, w));
    let before = window_before(c, cand.start, 25);
    let after = window_after(c, cand.end, 40);
    let interval = first_hint(&after, false).or_else(|| first_hint(&before, true));
    let lead: String = after.split([',', '+']).next().unwrap_or_default().to_owned();
    let lead = ["plus", "and", "with", "und", "or"]
        .iter()
        .fold(lead, |l, cut| l.split(&format!(" {cut} ")).next().unwrap_or_default().to_owned());
    let other = OTHER_MONEY_WORDS.iter().any(|w| before.contains(w) || lead.contains(w));

    let values = [Some(&cand.min), cand.max.as_ref()];
    if values.iter().flatten().any(|a| a.value < MIN_FIGURE) {
        return None;
    }
    if currency.is_none() {
        // Without a currency: a "k" figure, or salary words with a range, an interval or a
        // yearly-sized figure; never a year ("since 2019", "2019-2024").
        if values.iter().flatten().any(|a| a.year_like) {
            return None;
        }
        let min = cand.min.value;
        let sized = interval.is_some() || (cand.max.is_some() && min >= 1_000.0) || min >= 10_000.0;
        // "401k" is a retirement plan.
        let plan = cand.max.is_none() && cand.min.k && min == 401_000.0;
        if plan || !(k || (salary_word && sized)) {
            return None;
        }
    }
    let score = 4 * i32::from(currency.is_some())
        + 3 * i32::from(cand.max.is_some())
        + 2 * i32::from(interval.is_some())
        + 3 * i32::from(salary_word)
        + i32::from(k)
        - 5 * i32::from(other);
    if score < MIN_SCORE {
        return None;
    }
    let (min, max) = match &cand.max {
        Some(max) => (Some(cand.min.value), Some(max.value)),
        None if ["up to", "bis zu", "max"].iter().any(|w| window_before(c, cand.start, 16).contains(w)) => {
            (None, Some(cand.min.value))
        }
        None => (Some(cand.min.value), None),
    };
    let interval = interval.or_else(|| {
        let v = max.or(min)?;
        Some(if v >= 10_000.0 {
            SalaryInterval::Year
        } else if v >= 1_000.0 {
            SalaryInterval::Month
        } else {
            SalaryInterval::Hour
        })
    });
    let salary = Salary {
        min,
        max,
        currency: currency.map(str::to_owned),
        interval,
        source: SalarySource::Parsed,
        source_text: None,
    };
    Some((score, salary))
}

/// The interval hint nearest the figure: the first in text after it, the last in text before.
fn first_hint(text: &str, last: bool) -> Option<SalaryInterval> {
    let hits = INTERVALS.iter().flat_map(|(h, iv)| {
        text.match_indices(h).filter(|(at, _)| bounded(text, *at, h)).map(move |(at, _)| (at, *iv))
    });
    let hit = if last { hits.max_by_key(|(at, _)| *at) } else { hits.min_by_key(|(at, _)| *at) };
    hit.map(|(_, iv)| iv)
}

/// `word` at byte `at` of `text` is not part of a longer word.
fn bounded(text: &str, at: usize, word: &str) -> bool {
    let letter_edge = |w: Option<char>, edge: Option<char>| {
        !w.is_some_and(char::is_alphabetic) || !edge.is_some_and(char::is_alphabetic)
    };
    letter_edge(word.chars().next(), text[..at].chars().next_back())
        && letter_edge(word.chars().next_back(), text[at + word.len()..].chars().next())
}

fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| match word {
        // Short words only whole ("ote", not "remote"; "wage", not "Dienstwagen").
        "ote" => bounded(text, at, word),
        "wage" => !text[..at].chars().next_back().is_some_and(char::is_alphabetic),
        // Longer ones may be inflected or compounded ("salaries", "Jahresgehalt").
        _ => true,
    })
}

/// Where a line, a sentence or a listed part ends: text windows do not cross it.
fn is_boundary(c: &[char], i: usize) -> bool {
    match c[i] {
        '\n' | ';' | '•' | '|' | '·' => true,
        '.' => c.get(i + 1).is_none_or(|n| n.is_whitespace()),
        _ => false,
    }
}

/// Up to `max` characters before `start`, stopping at a boundary or another figure.
fn window_before(c: &[char], start: usize, max: usize) -> String {
    let mut j = start;
    while j > 0 && start - j < max && !is_boundary(c, j - 1) && !c[j - 1].is_ascii_digit() {
        j -= 1;
    }
    c[j..start].iter().collect()
}

/// Up to `max` characters after `end`, stopping at a boundary or another figure.
fn window_after(c: &[char], end: usize, max: usize) -> String {
    let mut j = end;
    while j < c.len() && j - end < max && !is_boundary(c, j) && !c[j].is_ascii_digit() {
        j += 1;
    }
    c[end..j].iter().collect()
}

fn skip_ws(c: &[char], mut j: usize) -> usize {
    while c.get(j).is_some_and(|ch| ch.is_whitespace()) {
        j += 1;
    }
    j
}

/// The alphabetic word starting at `j` and where it ends (empty when none).
fn word_at(c: &[char], j: usize) -> (String, usize) {
    let mut e = j;
    while c.get(e).is_some_and(|ch| ch.is_alphabetic()) {
        e += 1;
    }
    (c[j.min(c.len())..e.max(j.min(c.len()))].iter().collect(), e)
}

/// The alphabetic word ending right before `j` and where it starts.
fn word_before(c: &[char], j: usize) -> (String, usize) {
    let mut s = j;
    while s > 0 && c[s - 1].is_alphabetic() {
        s -= 1;
    }
    (c[s..j].iter().collect(), s)
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
