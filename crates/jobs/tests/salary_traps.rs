//! Free-text salaries as real postings write them, traps included (issue #11): percentages,
//! counts and "payment" prose are no money; the best-stated range wins over the first number.

use jobhunter_jobs::posting::{Salary, SalaryInterval, SalarySource};
use jobhunter_jobs::salary::parse_salary;

#[track_caller]
fn check(text: &str, min: Option<f64>, max: Option<f64>, currency: &str, interval: SalaryInterval) {
    let s: Salary = parse_salary(text).unwrap_or_else(|| panic!("no salary in {text:?}"));
    assert_eq!((s.min, s.max), (min, max), "{text}");
    assert_eq!(s.currency.as_deref(), Some(currency), "{text}");
    assert_eq!(s.interval, Some(interval), "{text}");
    assert_eq!(s.source, SalarySource::Parsed, "{text}");
}

#[track_caller]
fn none(text: &str) {
    assert_eq!(parse_salary(text), None, "{text}");
}

#[test]
fn greenhouse_gitlab_bonus_percentage_is_not_the_salary() {
    let text = "This role is eligible for incentive pay targeted at up to 100% of the offered base \
                salary. Remote, Global: the base salary range for this role is listed below.\n\
                United States Salary Range $139,200—$235,200 USD";
    check(text, Some(139_200.0), Some(235_200.0), "USD", SalaryInterval::Year);
}

#[test]
fn remotive_pay_per_task_and_image_counts_are_no_salary() {
    none("Pay per task");
    let text = "Pay per task\nYou will receive payment once you submit a minimum of 20 valid images. \
                Payment is made weekly.";
    none(text);
    none("a minimum of 20 valid images");
}

#[test]
fn lever_range_with_code_after_is_yearly_usd() {
    check("$116,994 - $167,135 USD", Some(116_994.0), Some(167_135.0), "USD", SalaryInterval::Year);
}

#[test]
fn german_dots_en_dash_and_brutto_im_jahr() {
    check("60.000 – 75.000 € brutto im Jahr", Some(60_000.0), Some(75_000.0), "EUR", SalaryInterval::Year);
    check("Gehalt: 55.000 bis 70.000 EUR", Some(55_000.0), Some(70_000.0), "EUR", SalaryInterval::Year);
    check("60\u{202f}000 – 75\u{202f}000 €", Some(60_000.0), Some(75_000.0), "EUR", SalaryInterval::Year);
}

#[test]
fn k_suffixes_symbols_and_codes() {
    check("€45k-€55k", Some(45_000.0), Some(55_000.0), "EUR", SalaryInterval::Year);
    check("USD 90K to 110K", Some(90_000.0), Some(110_000.0), "USD", SalaryInterval::Year);
    check("CHF 120'000 – 140'000 per annum", Some(120_000.0), Some(140_000.0), "CHF", SalaryInterval::Year);
    check("between $50 and $60 an hour", Some(50.0), Some(60.0), "USD", SalaryInterval::Hour);
    check("CA$95,000 – CA$120,000", Some(95_000.0), Some(120_000.0), "CAD", SalaryInterval::Year);
}

#[test]
fn hourly_and_monthly_figures() {
    check("£30 per hour", Some(30.0), None, "GBP", SalaryInterval::Hour);
    check("Rate: $85/hr on a 6-month contract", Some(85.0), None, "USD", SalaryInterval::Hour);
    check("Vergütung: 4.200 € pro Monat", Some(4_200.0), None, "EUR", SalaryInterval::Month);
}

#[test]
fn percentages_counts_and_years_alone_are_no_salary() {
    none("up to 100% bonus");
    none("a bonus of up to 100 percent of base");
    none("5+ years of experience");
    none("Work from the office 3 days a week");
    none("Our salary bands have been public since 2019.");
    none("We raised $50M in 2024 and serve 10k+ customers.");
}

#[test]
fn the_best_candidate_wins_over_the_first_number() {
    // Figures before the salary: years, a percentage, a count, a team budget.
    let text = "You bring 5+ years of Rust. We pay a 10% bonus and a $2,000 learning budget.\n\
                Compensation: €70,000 – €85,000 per year.";
    check(text, Some(70_000.0), Some(85_000.0), "EUR", SalaryInterval::Year);
    // A stated range beats a lone figure that came first.
    let text = "Signing bonus of $10,000. Base pay range: $120,000 to $140,000.";
    check(text, Some(120_000.0), Some(140_000.0), "USD", SalaryInterval::Year);
    // Equity after the salary does not become a range.
    check("€120K – €150K • 0.5% – 1.0%", Some(120_000.0), Some(150_000.0), "EUR", SalaryInterval::Year);
}

#[test]
fn up_to_gives_a_maximum_only() {
    check("Up to 95k EUR per year.", None, Some(95_000.0), "EUR", SalaryInterval::Year);
    check("bis zu 80.000 € jährlich", None, Some(80_000.0), "EUR", SalaryInterval::Year);
}

#[test]
fn dates_plans_and_bare_small_numbers_near_salary_words_are_no_salary() {
    none("Posted 2026-11-20. Salary: competitive");
    none("Salary: competitive, 401k, 30 days of vacation");
    none("Our compensation team has 11 - 20 members");
    // Without a currency a range still counts next to a salary word.
    let s = parse_salary("Salary: 65,000 - 80,000").unwrap();
    assert_eq!((s.min, s.max, s.currency), (Some(65_000.0), Some(80_000.0), None));
    assert_eq!(s.interval, Some(SalaryInterval::Year));
}

#[test]
fn shorthand_thousands_and_lakhs() {
    check("60-80.000 € brutto", Some(60_000.0), Some(80_000.0), "EUR", SalaryInterval::Year);
    check("₹12,00,000 - ₹18,00,000", Some(1_200_000.0), Some(1_800_000.0), "INR", SalaryInterval::Year);
    check("EUR 4.000 - 5.000 brutto monatlich", Some(4_000.0), Some(5_000.0), "EUR", SalaryInterval::Month);
}
