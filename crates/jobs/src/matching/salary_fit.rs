//! Salary fit in one unit: the posting's salary and the user's minimum are both turned into a
//! yearly figure in the user's currency before they are compared, and the explanation shows
//! the conversion ("USD 120,000 a year ≈ EUR 103,800 (rates of 2025-10-31) ≥ your EUR
//! 80,000"), so a person can check it.
//!
//! A working year is 52 weeks of 5 days of 8 hours: [`HOURS_PER_YEAR`] = 40 h × 52 = 2080,
//! [`DAYS_PER_YEAR`] = 5 × 52 = 260 (paid holidays are not taken off: contracts quote hourly
//! and daily rates over the same year). Currencies are converted with an offline table of
//! approximate euro reference rates shipped in the repo (`data/exchange_rates.json`, with its
//! date); nothing is downloaded. Pure: no I/O, no clock.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::posting::{Salary, SalaryInterval};

/// Working hours in a year: 40 hours a week × 52 weeks.
pub const HOURS_PER_YEAR: f64 = 2080.0;
/// Working days in a year: 5 days a week × 52 weeks.
pub const DAYS_PER_YEAR: f64 = 260.0;
pub const WEEKS_PER_YEAR: f64 = 52.0;
pub const MONTHS_PER_YEAR: f64 = 12.0;

/// Score when the user set no minimum: nothing to weigh.
pub const NO_MINIMUM: f64 = 1.0;
/// Score when the posting states no salary against the user's minimum: a gap a person weighs
/// (the job may pay less), but a strong match otherwise still reaches the default high-match
/// threshold (80 %), since many boards state no pay.
pub const NOT_STATED: f64 = 0.8;
/// Score when a figure is in a currency the table does not know.
pub const UNCONVERTIBLE: f64 = 0.85;
/// Up to this share under the minimum is "a little under" (a gap, [`super::GAP`] and just
/// below); more is "clearly under" (a mismatch, falling to [`FLOOR`]).
pub const A_LITTLE: f64 = 0.10;
/// The lowest score of a salary below the minimum.
pub const FLOOR: f64 = 0.3;

/// `amount` per `interval`, per year (see the module docs for the working year).
pub fn to_yearly(amount: f64, interval: SalaryInterval) -> f64 {
    amount * periods_per_year(interval)
}

/// How many of `interval` make a working year.
pub fn periods_per_year(interval: SalaryInterval) -> f64 {
    match interval {
        SalaryInterval::Hour => HOURS_PER_YEAR,
        SalaryInterval::Day => DAYS_PER_YEAR,
        SalaryInterval::Week => WEEKS_PER_YEAR,
        SalaryInterval::Month => MONTHS_PER_YEAR,
        SalaryInterval::Year => 1.0,
    }
}

/// The shipped rate table: units of each currency for one euro.
#[derive(Debug, Deserialize)]
pub struct Rates {
    /// Always "EUR".
    pub base: String,
    /// The day the rates are of (ISO 8601), shown in explanations.
    pub date: String,
    /// How approximate they are.
    pub note: String,
    pub rates: HashMap<String, f64>,
}

/// The table in `data/exchange_rates.json`, parsed once.
pub fn rates() -> &'static Rates {
    static RATES: OnceLock<Rates> = OnceLock::new();
    RATES.get_or_init(|| {
        serde_json::from_str(include_str!("../../data/exchange_rates.json"))
            .expect("data/exchange_rates.json is valid (checked by tests)")
    })
}

/// `amount` in currency `from` converted to currency `to` (ISO 4217 codes, any case), through
/// the euro; `None` when the table lacks either. The same code converts to itself, known or not.
pub fn convert(amount: f64, from: &str, to: &str) -> Option<f64> {
    let (from, to) = (from.trim().to_ascii_uppercase(), to.trim().to_ascii_uppercase());
    if from == to {
        return Some(amount);
    }
    let table = &rates().rates;
    let (f, t) = (table.get(&from)?, table.get(&to)?);
    Some(amount / f * t)
}

/// How many monthly salaries a year `text` states, when it states more than 12: Austrian and
/// German contracts pay 13 or 14 ("14 Gehälter", "14 Monatsgehälter", "14 x", "x 14", "14
/// monthly salaries", "14-mal"); `None` when it says nothing of the kind.
pub fn salaries_per_year(text: &str) -> Option<u32> {
    const AFTER: &[&str] = &[
        "x",
        "×",
        "mal",
        "gehälter",
        "gehaelter",
        "monatsgehälter",
        "monatsgehaelter",
        "monthly",
        "salaries",
        "payments",
        "monatsbezüge",
        "bezüge",
        "jahresgehälter",
    ];
    let lower = text.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '×'))
        .flat_map(split_digits)
        .filter(|t| !t.is_empty())
        .collect();
    tokens.iter().enumerate().find_map(|(i, t)| {
        let n: u32 = t.parse().ok().filter(|n| (13..=15).contains(n))?;
        let next = tokens.get(i + 1).copied().unwrap_or_default();
        let prev = if i > 0 { tokens[i - 1] } else { "" };
        // "x 14", but not a size ("3 x 14 cm").
        let times_before = matches!(prev, "x" | "×") && !(i >= 2 && tokens[i - 2].parse::<u32>().is_ok());
        (AFTER.contains(&next) || times_before).then_some(n)
    })
}

/// "14x" → "14", "x"; "×14" → "×", "14": digits apart from what touches them.
fn split_digits(word: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut digit = None;
    for (i, c) in word.char_indices() {
        let d = c.is_ascii_digit();
        if digit.is_some_and(|p| p != d) {
            out.push(&word[start..i]);
            start = i;
        }
        digit = Some(d);
    }
    out.push(&word[start..]);
    out
}

/// How well `salary` meets the user's minimum (`min` per `min_interval`, a year when `None`,
/// in `min_currency`), 0..1 with a one-line reason. The posting's upper figure (its max, else
/// its min) counts: a range reaching the minimum is open to it. A posting without a currency
/// is read in the user's; a user without a currency compares in the posting's. A monthly
/// figure paid 13 or 14 times a year (see [`salaries_per_year`], read from the salary's own
/// words) counts that many times; [`fit_in`] also reads the posting's text.
pub fn fit(
    min: Option<f64>,
    min_currency: Option<&str>,
    min_interval: Option<SalaryInterval>,
    salary: Option<&Salary>,
) -> (f64, String) {
    fit_in(min, min_currency, min_interval, salary, None)
}

/// [`fit`], reading how many monthly salaries a year are paid from the salary's own words or,
/// failing those, from `posting_text` (the description).
pub fn fit_in(
    min: Option<f64>,
    min_currency: Option<&str>,
    min_interval: Option<SalaryInterval>,
    salary: Option<&Salary>,
    posting_text: Option<&str>,
) -> (f64, String) {
    let in_text = || posting_text.and_then(salaries_per_year);
    fit_with(min, min_currency, min_interval, salary, in_text)
}

/// [`fit_in`] with the salaries a year the posting's text states already read.
pub fn fit_with(
    min: Option<f64>,
    min_currency: Option<&str>,
    min_interval: Option<SalaryInterval>,
    salary: Option<&Salary>,
    salaries_in_text: impl FnOnce() -> Option<u32>,
) -> (f64, String) {
    let Some(min) = min.filter(|m| *m > 0.0) else {
        return (NO_MINIMUM, "you set no minimum".into());
    };
    let Some((amount, salary)) = salary.and_then(|s| Some((s.max.or(s.min).filter(|a| *a > 0.0)?, s))) else {
        return (NOT_STATED, "no salary stated".into());
    };
    let interval = salary.interval.unwrap_or(SalaryInterval::Year);
    let min_interval = min_interval.unwrap_or(SalaryInterval::Year);
    let job_currency = salary.currency.as_deref().map(|c| c.trim().to_ascii_uppercase());
    let user_currency = min_currency.map(|c| c.trim().to_ascii_uppercase()).filter(|c| !c.is_empty());

    // The posting's side of the sentence: as stated, per year, converted.
    let mut offered_text = money(job_currency.as_deref(), amount, interval);
    let payments = (interval == SalaryInterval::Month)
        .then(|| salary.source_text.as_deref().and_then(salaries_per_year).or_else(salaries_in_text))
        .flatten();
    let yearly = payments.map_or_else(|| to_yearly(amount, interval), |n| amount * f64::from(n));
    if let Some(n) = payments {
        offered_text += &format!(" × {n} salaries");
    }
    if interval != SalaryInterval::Year {
        offered_text += &format!(" = {}", money(job_currency.as_deref(), yearly, SalaryInterval::Year));
    }
    let target = user_currency.clone().or_else(|| job_currency.clone());
    let offered = match (&job_currency, &target) {
        (Some(from), Some(to)) if from != to => match convert(yearly, from, to) {
            Some(v) => {
                let rounded = (v / 100.0).round() * 100.0;
                offered_text += &format!(" ≈ {to} {} (rates of {})", grouped(rounded), rates().date);
                v
            }
            None => {
                let unknown = if rates().rates.contains_key(from) { to } else { from };
                return (
                    UNCONVERTIBLE,
                    format!("{offered_text}: no exchange rate for {unknown} to compare with your minimum"),
                );
            }
        },
        _ => yearly,
    };

    let mut wanted_text = format!("your {}", money(user_currency.as_deref(), min, min_interval));
    let wanted = to_yearly(min, min_interval);
    if min_interval != SalaryInterval::Year {
        wanted_text += &format!(" = {}", money(user_currency.as_deref(), wanted, SalaryInterval::Year));
    }
    if job_currency.is_none() && user_currency.is_some() {
        offered_text += " (currency not stated)";
    }
    if offered >= wanted {
        (1.0, format!("{offered_text} ≥ {wanted_text}"))
    } else {
        (below(offered, wanted), format!("{offered_text} < {wanted_text}"))
    }
}

/// The score of `offered` under `wanted` (both yearly, one currency): a little under is a gap
/// (0.80 just under down to 0.75 at 10 %), clearly under a mismatch (0.60 at 10 % falling by
/// 0.1 per further 10 %, to no less than [`FLOOR`]).
fn below(offered: f64, wanted: f64) -> f64 {
    let short = (wanted - offered) / wanted;
    if short <= A_LITTLE {
        super::GAP + 0.02 - 0.5 * short
    } else {
        (super::MISMATCH + 0.05 - (short - A_LITTLE)).max(FLOOR)
    }
}

/// "EUR 80,000 a year", "60 an hour" (no currency known).
fn money(currency: Option<&str>, amount: f64, interval: SalaryInterval) -> String {
    let per = match interval {
        SalaryInterval::Hour => "an hour",
        SalaryInterval::Day => "a day",
        SalaryInterval::Week => "a week",
        SalaryInterval::Month => "a month",
        SalaryInterval::Year => "a year",
    };
    match currency {
        Some(c) => format!("{c} {} {per}", grouped(amount)),
        None => format!("{} {per}", grouped(amount)),
    }
}

/// A figure with thousands separators: whole numbers from 1,000 up, else with two decimals
/// when it has cents ("62.50").
pub fn grouped(amount: f64) -> String {
    if amount < 1000.0 && amount.fract().abs() > 0.005 {
        return format!("{amount:.2}");
    }
    let digits = format!("{:.0}", amount.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if amount < 0.0 {
        out.insert(0, '-');
    }
    out
}
