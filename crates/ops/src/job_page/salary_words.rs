//! A salary in words for the jobs list ("60,000–80,000 EUR / year").

/// `60,000–80,000 EUR / year`, `from 50 USD / hour`, `up to 90,000`; `None` without figures.
pub fn salary_text(
    min: Option<f64>,
    max: Option<f64>,
    currency: Option<String>,
    interval: Option<String>,
) -> Option<String> {
    let figures = match (min, max) {
        (Some(a), Some(b)) if (a - b).abs() < f64::EPSILON => group(a),
        (Some(a), Some(b)) => format!("{}–{}", group(a), group(b)),
        (Some(a), None) => format!("from {}", group(a)),
        (None, Some(b)) => format!("up to {}", group(b)),
        (None, None) => return None,
    };
    let mut text = figures;
    if let Some(c) = currency.filter(|c| !c.is_empty()) {
        text.push(' ');
        text.push_str(&c);
    }
    if let Some(i) = interval.filter(|i| !i.is_empty()) {
        text.push_str(" / ");
        text.push_str(&i);
    }
    Some(text)
}

/// 85000.0 -> "85,000"; 42.5 -> "42.5".
fn group(value: f64) -> String {
    if value.fract().abs() > f64::EPSILON {
        return format!("{value:.2}").trim_end_matches('0').to_owned();
    }
    let digits = format!("{}", value.round() as i64);
    let (sign, digits) = digits.strip_prefix('-').map(|d| ("-", d)).unwrap_or(("", digits.as_str()));
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{sign}{out}")
}
