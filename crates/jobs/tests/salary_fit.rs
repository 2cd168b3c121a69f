//! Salary fit in one unit: intervals and currencies converted before comparing, and the
//! conversion shown in the reason.

use jobhunter_jobs::matching::salary_fit::{self, convert, fit, rates, to_yearly, HOURS_PER_YEAR};
use jobhunter_jobs::posting::{Salary, SalaryInterval, SalarySource};

fn salary(
    min: Option<f64>,
    max: Option<f64>,
    currency: Option<&str>,
    interval: Option<SalaryInterval>,
) -> Salary {
    Salary {
        min,
        max,
        currency: currency.map(str::to_owned),
        interval,
        source: SalarySource::Stated,
        source_text: None,
    }
}

#[test]
fn the_rate_table_is_dated_and_has_the_currencies_job_seekers_meet() {
    let table = rates();
    assert_eq!(table.base, "EUR");
    assert!(chrono::NaiveDate::parse_from_str(&table.date, "%Y-%m-%d").is_ok(), "{}", table.date);
    assert!(table.note.contains("pproximate"));
    for code in [
        "EUR", "USD", "GBP", "CHF", "PLN", "SEK", "NOK", "DKK", "CZK", "HUF", "INR", "VND", "JPY", "CAD",
        "AUD", "BRL",
    ] {
        assert!(table.rates.get(code).is_some_and(|r| *r > 0.0), "{code}");
    }
    assert!(table.rates.len() >= 30, "{}", table.rates.len());
    assert_eq!(table.rates["EUR"], 1.0);
}

#[test]
fn intervals_become_yearly_over_a_documented_working_year() {
    assert_eq!(HOURS_PER_YEAR, 2080.0);
    assert_eq!(to_yearly(50.0, SalaryInterval::Hour), 104_000.0);
    assert_eq!(to_yearly(400.0, SalaryInterval::Day), 104_000.0);
    assert_eq!(to_yearly(2_000.0, SalaryInterval::Week), 104_000.0);
    assert_eq!(to_yearly(5_000.0, SalaryInterval::Month), 60_000.0);
    assert_eq!(to_yearly(60_000.0, SalaryInterval::Year), 60_000.0);
}

#[test]
fn currencies_convert_through_the_euro() {
    let usd = rates().rates["USD"];
    assert!((convert(100.0, "EUR", "USD").unwrap() - 100.0 * usd).abs() < 1e-9);
    assert!((convert(100.0 * usd, "usd", "eur").unwrap() - 100.0).abs() < 1e-9);
    // A round trip through a third currency comes back.
    let gbp = convert(1000.0, "CHF", "GBP").unwrap();
    assert!((convert(gbp, "GBP", "CHF").unwrap() - 1000.0).abs() < 1e-6);
    assert_eq!(convert(5.0, "XYZ", "XYZ"), Some(5.0));
    assert_eq!(convert(5.0, "XYZ", "EUR"), None);
}

#[test]
fn no_minimum_fits_and_no_salary_is_a_small_gap() {
    let s = salary(Some(50_000.0), None, Some("EUR"), None);
    assert_eq!(fit(None, Some("EUR"), None, Some(&s)), (1.0, "you set no minimum".into()));
    assert_eq!(fit(Some(60_000.0), Some("EUR"), None, None), (0.8, "no salary stated".into()));
    let empty = salary(None, None, Some("EUR"), None);
    assert_eq!(fit(Some(60_000.0), Some("EUR"), None, Some(&empty)).1, "no salary stated");
}

#[test]
fn a_dollar_salary_above_a_euro_minimum_fits_and_shows_the_conversion() {
    let s = salary(Some(100_000.0), Some(120_000.0), Some("USD"), Some(SalaryInterval::Year));
    let (score, reason) = fit(Some(80_000.0), Some("EUR"), None, Some(&s));
    assert_eq!(score, 1.0);
    let eur = convert(120_000.0, "USD", "EUR").unwrap();
    let shown = salary_fit::grouped((eur / 100.0).round() * 100.0);
    assert_eq!(
        reason,
        format!("USD 120,000 a year ≈ EUR {shown} (rates of {}) ≥ your EUR 80,000 a year", rates().date)
    );
}

#[test]
fn hourly_rates_and_monthly_minimums_meet_in_one_unit() {
    // 60 EUR an hour = 124,800 a year; the minimum 9,000 a month = 108,000 a year.
    let s = salary(None, Some(60.0), Some("EUR"), Some(SalaryInterval::Hour));
    let (score, reason) = fit(Some(9_000.0), Some("eur"), Some(SalaryInterval::Month), Some(&s));
    assert_eq!(score, 1.0);
    assert_eq!(reason, "EUR 60 an hour = EUR 124,800 a year ≥ your EUR 9,000 a month = EUR 108,000 a year");
}

#[test]
fn below_the_minimum_the_score_falls_with_the_gap() {
    let at =
        |max: f64| fit(Some(100_000.0), Some("EUR"), None, Some(&salary(None, Some(max), Some("EUR"), None)));
    assert_eq!(at(100_000.0).0, 1.0);
    // A little under (up to 10 %) is a gap, clearly under a mismatch, falling to the floor.
    let (ten, reason) = at(90_000.0);
    assert!((ten - 0.75).abs() < 1e-9, "{ten}");
    assert_eq!(reason, "EUR 90,000 a year < your EUR 100,000 a year");
    assert!((at(99_000.0).0 - 0.795).abs() < 1e-9);
    assert!((at(75_000.0).0 - 0.45).abs() < 1e-9);
    assert_eq!(at(30_000.0).0, 0.3);
    assert!(at(95_000.0).0 > at(85_000.0).0);
}

#[test]
fn a_posting_in_rupees_against_a_minimum_in_pounds() {
    // 2,500,000 INR a year is far below 60,000 GBP a year.
    let s = salary(Some(1_800_000.0), Some(2_500_000.0), Some("INR"), None);
    let (score, reason) = fit(Some(60_000.0), Some("GBP"), None, Some(&s));
    assert_eq!(score, salary_fit::FLOOR);
    assert!(reason.starts_with("INR 2,500,000 a year ≈ GBP "), "{reason}");
    assert!(reason.ends_with("< your GBP 60,000 a year"), "{reason}");
}

#[test]
fn unknown_currencies_and_missing_ones_are_said() {
    let s = salary(None, Some(900_000.0), Some("XAU"), None);
    let (score, reason) = fit(Some(60_000.0), Some("EUR"), None, Some(&s));
    assert_eq!(score, salary_fit::UNCONVERTIBLE);
    assert!(reason.contains("no exchange rate for XAU"), "{reason}");
    // No currency on the posting: read in the user's, and said.
    let s = salary(None, Some(70_000.0), None, None);
    let (score, reason) = fit(Some(60_000.0), Some("EUR"), None, Some(&s));
    assert_eq!(score, 1.0);
    assert_eq!(reason, "70,000 a year (currency not stated) ≥ your EUR 60,000 a year");
    // No currency on the minimum: compared in the posting's.
    let s = salary(None, Some(70_000.0), Some("CHF"), None);
    assert_eq!(fit(Some(80_000.0), None, None, Some(&s)).1, "CHF 70,000 a year < your 80,000 a year");
}

#[test]
fn fourteen_monthly_salaries_count_fourteen_times() {
    for text in [
        "14 Gehälter",
        "Bruttomonatsgehalt ab € 4.300,– (14 x jährlich)",
        "(14x)",
        "x 14",
        "14 monthly salaries",
        "14 Monatsgehälter",
        "14-mal im Jahr",
    ] {
        assert_eq!(salary_fit::salaries_per_year(text), Some(14), "{text}");
    }
    assert_eq!(salary_fit::salaries_per_year("13 Gehälter"), Some(13));
    for text in ["14 days of leave", "3 x 14 cm", "Vollzeit, 40 Stunden", "EUR 4,300 a month"] {
        assert_ne!(salary_fit::salaries_per_year(text), Some(14), "{text}");
    }
    let monthly = salary(Some(4300.0), None, Some("EUR"), Some(SalaryInterval::Month));
    let text = "Für diese Position bieten wir ein Bruttomonatsgehalt ab € 4.300,– (14 x jährlich).";
    let (score, reason) = salary_fit::fit_in(Some(58_000.0), Some("EUR"), None, Some(&monthly), Some(text));
    assert_eq!(score, 1.0, "4,300 × 14 = 60,200 ≥ 58,000: {reason}");
    assert!(reason.contains("× 14 salaries") && reason.contains("60,200"), "{reason}");
    // Without the text: 12 months, below the minimum.
    let (score, reason) = fit(Some(58_000.0), Some("EUR"), None, Some(&monthly));
    assert!(score < 1.0 && reason.contains("51,600"), "{reason}");
    // The salary's own words count too.
    let mut stated = monthly.clone();
    stated.source_text = Some("€ 4.300 brutto pro Monat (14 Gehälter)".into());
    assert_eq!(fit(Some(58_000.0), Some("EUR"), None, Some(&stated)).0, 1.0);
    // A yearly figure is never multiplied.
    let yearly = salary(Some(60_000.0), None, Some("EUR"), Some(SalaryInterval::Year));
    let (_, reason) =
        salary_fit::fit_in(Some(58_000.0), Some("EUR"), None, Some(&yearly), Some("14 Gehälter"));
    assert!(!reason.contains("×"), "{reason}");
}
