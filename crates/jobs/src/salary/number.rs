//! Figures as postings write them.

/// Digits with thousands separators (`,` `.` `'` and thin or no-break spaces before groups of
/// three) and at most one decimal mark: "120,000", "50.000", "60 000", "1.234,56", "45.50".
/// Returns the value, the end and whether it had thousands groups.
pub(super) fn read_number(c: &[char], i: usize) -> Option<(f64, usize, bool)> {
    let mut groups = vec![String::new()];
    let mut seps = Vec::new();
    let mut j = i;
    loop {
        while let Some(d) = c.get(j).filter(|d| d.is_ascii_digit()) {
            groups.last_mut()?.push(*d);
            j += 1;
        }
        let next_digit = c.get(j + 1).is_some_and(|d| d.is_ascii_digit());
        let sep = match c.get(j) {
            Some(s @ (',' | '.' | '\'' | '’')) if next_digit => *s,
            Some(' ' | '\u{a0}' | '\u{2009}' | '\u{202f}')
                if groups.last()?.len() <= 3
                    && (1..=3).all(|o| c.get(j + o).is_some_and(|d| d.is_ascii_digit()))
                    && !c.get(j + 4).is_some_and(|d| d.is_ascii_digit()) =>
            {
                ' '
            }
            _ => break,
        };
        seps.push(sep);
        groups.push(String::new());
        j += 1;
    }
    let value = number_value(&groups, &seps)?;
    // A run of hundreds of digits parses as infinity: no salary at all (found by fuzzing).
    value.is_finite().then_some((value, j, groups.len() > 1))
}

fn number_value(groups: &[String], seps: &[char]) -> Option<f64> {
    // Western groups of three, or Indian lakhs and crores ("12,00,000").
    let thousands = |gs: &[String]| {
        let western = gs[0].len() <= 3 && gs[1..].iter().all(|g| g.len() == 3);
        let indian = |(last, mid): (&String, &[String])| {
            gs[0].len() <= 2 && last.len() == 3 && mid.iter().all(|g| g.len() == 2)
        };
        western || gs[1..].split_last().is_some_and(indian)
    };
    let decimal = |s: char, g: &String| matches!(s, '.' | ',') && (1..=2).contains(&g.len());
    match (groups, seps) {
        ([one], []) => one.parse().ok(),
        (_, _) if thousands(groups) && seps.iter().all(|s| *s == seps[0]) => groups.concat().parse().ok(),
        ([int, frac], [s]) if decimal(*s, frac) => format!("{int}.{frac}").parse().ok(),
        ([.., frac], [.., s]) if decimal(*s, frac) && !seps[..seps.len() - 1].contains(s) => {
            let int = &groups[..groups.len() - 1];
            (int.len() == 1 || thousands(int))
                .then(|| format!("{}.{frac}", int.concat()).parse().ok())
                .flatten()
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_forms() {
        let n = |s: &str| read_number(&s.chars().collect::<Vec<_>>(), 0).map(|(v, _, _)| v);
        assert_eq!(n("120,000"), Some(120_000.0));
        assert_eq!(n("1.234,56"), Some(1_234.56));
        assert_eq!(n("1,234,567.5"), Some(1_234_567.5));
        assert_eq!(n("60\u{202f}000"), Some(60_000.0));
        assert_eq!(n("120'000"), Some(120_000.0));
        assert_eq!(n("45,5"), Some(45.5));
        assert_eq!(n("1.2.3"), None);
    }
}
