//! The words of salary text: currencies, intervals, salary and non-salary words.

use crate::posting::SalaryInterval;

/// Currency symbols.
pub(super) const SYMBOLS: &[(char, &str)] = &[('$', "USD"), ('€', "EUR"), ('£', "GBP"), ('₹', "INR")];

/// Letters written right before `$` ("US$", "CA$").
pub(super) const DOLLAR_PREFIXES: &[(&str, &str)] =
    &[("us", "USD"), ("ca", "CAD"), ("c", "CAD"), ("a", "AUD"), ("au", "AUD"), ("nz", "NZD"), ("s", "SGD")];

/// Currency codes and names, as whole (lowercase) words.
pub(super) const CODES: &[(&str, &str)] = &[
    ("usd", "USD"),
    ("dollar", "USD"),
    ("dollars", "USD"),
    ("eur", "EUR"),
    ("euro", "EUR"),
    ("euros", "EUR"),
    ("gbp", "GBP"),
    ("chf", "CHF"),
    ("cad", "CAD"),
    ("aud", "AUD"),
    ("nzd", "NZD"),
    ("sgd", "SGD"),
    ("inr", "INR"),
    ("jpy", "JPY"),
    ("sek", "SEK"),
    ("nok", "NOK"),
    ("dkk", "DKK"),
    ("pln", "PLN"),
];

/// Words right after a figure that make it a share or a magnitude, not money.
pub(super) const NOT_MONEY_AFTER: &[&str] = &[
    "percent",
    "prozent",
    "pct",
    "m",
    "mm",
    "mn",
    "mio",
    "million",
    "millions",
    "millionen",
    "b",
    "bn",
    "billion",
    "billions",
    "mrd",
    "milliarden",
];

/// Words that may follow a figure without a currency that is still money ("50000 per year");
/// any other word makes it a count ("20 valid images", "3 days a week").
pub(super) const ALLOWED_AFTER: &[&str] = &[
    "per",
    "a",
    "an",
    "pro",
    "im",
    "je",
    "brutto",
    "gross",
    "netto",
    "net",
    "base",
    "hourly",
    "daily",
    "weekly",
    "monthly",
    "yearly",
    "annually",
    "annual",
    "jährlich",
    "monatlich",
    "stündlich",
    "to",
    "bis",
    "and",
    "und",
    "p",
    "pa",
    "or",
    "plus",
];

/// Words near a figure that make it a salary.
pub(super) const SALARY_WORDS: &[&str] = &[
    "salary",
    "salaries",
    "compensation",
    "gehalt",
    "vergütung",
    "verguetung",
    "pay range",
    "pay rate",
    "pay band",
    "base pay",
    "wage",
    "remuneration",
    "stundenlohn",
    "bruttolohn",
    "entgelt",
    "ote",
];

/// Words near a figure that make it something other than the salary.
pub(super) const OTHER_MONEY_WORDS: &[&str] = &[
    "bonus",
    // "The trial project is paid at $25 USD per hour": a paid try-out, not the job's pay.
    "trial",
    "budget",
    "stipend",
    "allowance",
    "relocation",
    "signing",
    "sign-on",
    "reimburs",
    "raised",
    "funding",
    "revenue",
    "valuation",
    "prämie",
    "zuschuss",
];

pub(super) const INTERVALS: &[(&str, SalaryInterval)] = &[
    ("per hour", SalaryInterval::Hour),
    ("/hour", SalaryInterval::Hour),
    ("/hr", SalaryInterval::Hour),
    ("/h", SalaryInterval::Hour),
    ("an hour", SalaryInterval::Hour),
    ("hourly", SalaryInterval::Hour),
    ("pro stunde", SalaryInterval::Hour),
    ("/stunde", SalaryInterval::Hour),
    ("stündlich", SalaryInterval::Hour),
    ("per day", SalaryInterval::Day),
    ("/day", SalaryInterval::Day),
    ("a day", SalaryInterval::Day),
    ("daily", SalaryInterval::Day),
    ("day rate", SalaryInterval::Day),
    ("pro tag", SalaryInterval::Day),
    ("tagessatz", SalaryInterval::Day),
    ("per week", SalaryInterval::Week),
    ("/week", SalaryInterval::Week),
    ("/wk", SalaryInterval::Week),
    ("a week", SalaryInterval::Week),
    ("weekly", SalaryInterval::Week),
    ("pro woche", SalaryInterval::Week),
    ("per month", SalaryInterval::Month),
    ("/month", SalaryInterval::Month),
    ("/mo", SalaryInterval::Month),
    ("a month", SalaryInterval::Month),
    ("monthly", SalaryInterval::Month),
    ("pro monat", SalaryInterval::Month),
    ("im monat", SalaryInterval::Month),
    ("/monat", SalaryInterval::Month),
    ("monatlich", SalaryInterval::Month),
    ("per year", SalaryInterval::Year),
    ("/year", SalaryInterval::Year),
    ("/yr", SalaryInterval::Year),
    ("a year", SalaryInterval::Year),
    ("per annum", SalaryInterval::Year),
    ("p.a", SalaryInterval::Year),
    ("annual", SalaryInterval::Year),
    ("annually", SalaryInterval::Year),
    ("yearly", SalaryInterval::Year),
    ("jährlich", SalaryInterval::Year),
    ("pro jahr", SalaryInterval::Year),
    ("im jahr", SalaryInterval::Year),
    ("/jahr", SalaryInterval::Year),
    ("jahresgehalt", SalaryInterval::Year),
];

/// The currency a (lowercase) code or name stands for.
pub(super) fn code(word: &str) -> Option<&'static str> {
    CODES.iter().find(|(w, _)| *w == word).map(|(_, cur)| *cur)
}
