//! Date ranges as CVs write them ("03/2021 – present", "Jan 2020 - Dec 2022", "seit 2021",
//! "2018–heute", "März 2019 – Februar 2021"), read into JSON Resume dates (`YYYY-MM` or `YYYY`).
//! It exists because a job or a degree is recognized by its dates: the line that holds a range
//! is where an entry's title, employer or school is, and the rest of that line is the text.

/// A range found in a line: the start (if any), the end (`None` when open or absent), whether
/// the end is "present", and the line with the range taken out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    pub start: Option<String>,
    pub end: Option<String>,
    pub present: bool,
    pub rest: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Date(String),
    Month(u8),
    Year(String),
    Present,
    Since,
    Sep,
    Other,
}

#[rustfmt::skip]
const MONTHS: &[(&str, u8)] = &[
    ("januar", 1), ("january", 1), ("jänner", 1), ("jan", 1),
    ("februar", 2), ("february", 2), ("feb", 2),
    ("märz", 3), ("maerz", 3), ("march", 3), ("mär", 3), ("mrz", 3), ("mar", 3),
    ("april", 4), ("apr", 4),
    ("mai", 5), ("may", 5),
    ("juni", 6), ("june", 6), ("jun", 6),
    ("juli", 7), ("july", 7), ("jul", 7),
    ("august", 8), ("aug", 8),
    ("september", 9), ("sept", 9), ("sep", 9),
    ("oktober", 10), ("october", 10), ("okt", 10), ("oct", 10),
    ("november", 11), ("nov", 11),
    ("dezember", 12), ("december", 12), ("dez", 12), ("dec", 12),
];

const PRESENT: &[&str] =
    &["present", "current", "today", "now", "heute", "aktuell", "jetzt", "dato", "ongoing", "laufend"];

fn year(s: &str) -> Option<String> {
    let ok =
        s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) && (s.starts_with("19") || s.starts_with("20"));
    ok.then(|| s.to_owned())
}

fn month_num(s: &str) -> Option<u8> {
    let m: u8 = s.parse().ok().filter(|_| s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))?;
    (1..=12).contains(&m).then_some(m)
}

/// One word (no spaces, no range dashes) as a token.
fn token(word: &str) -> Tok {
    let w =
        word.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | ',' | ';' | ':' | '|' | '*' | '_'));
    let lower = w.to_lowercase();
    let bare = lower.trim_end_matches('.');
    if bare.is_empty() {
        return Tok::Other;
    }
    if matches!(bare, "to" | "bis" | "until" | "till") {
        return Tok::Sep;
    }
    if matches!(bare, "seit" | "since" | "ab") {
        return Tok::Since;
    }
    if PRESENT.contains(&bare) {
        return Tok::Present;
    }
    if let Some(y) = year(bare) {
        return Tok::Year(y);
    }
    if let Some(&(_, m)) = MONTHS.iter().find(|(name, _)| *name == bare) {
        return Tok::Month(m);
    }
    // 03/2021, 3.2021, 01.03.2021, 2021-03, 2021/03
    let parts: Vec<&str> = bare.split(['/', '.', '-']).collect();
    match parts.as_slice() {
        [m, y] => match (month_num(m), year(y)) {
            (Some(m), Some(y)) => return Tok::Date(format!("{y}-{m:02}")),
            _ => {
                if let (Some(y), Some(m)) = (year(m), month_num(y)) {
                    return Tok::Date(format!("{y}-{m:02}"));
                }
            }
        },
        [d, m, y] if d.len() <= 2 && d.bytes().all(|b| b.is_ascii_digit()) => {
            if let (Some(m), Some(y)) = (month_num(m), year(y)) {
                return Tok::Date(format!("{y}-{m:02}"));
            }
        }
        _ => {}
    }
    Tok::Other
}

/// Splits a line into words with their byte spans; range dashes are words of their own, except
/// inside an ISO `2021-03`.
fn words(line: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    for (i, &(pos, c)) in chars.iter().enumerate() {
        let dash = matches!(c, '–' | '—' | '-' | '‒' | '−');
        let iso = c == '-' && is_iso_dash(line, pos);
        if c.is_whitespace() || (dash && !iso) {
            if let Some(s) = start.take() {
                spans.push((s, pos));
            }
            if dash {
                spans.push((pos, pos + c.len_utf8()));
            }
        } else if start.is_none() {
            start = Some(pos);
        }
        if i + 1 == chars.len() {
            if let Some(s) = start.take() {
                spans.push((s, line.len()));
            }
        }
    }
    spans
}

fn is_iso_dash(line: &str, pos: usize) -> bool {
    let (before, after) = (&line.as_bytes()[..pos], &line.as_bytes()[pos + 1..]);
    let digits = |b: &[u8]| !b.is_empty() && b.iter().all(u8::is_ascii_digit);
    let n = before.len();
    let four = n >= 4 && digits(&before[n - 4..]) && (n == 4 || !before[n - 5].is_ascii_digit());
    let two = after.len() >= 2 && digits(&after[..2]) && after.get(2).is_none_or(|b| !b.is_ascii_digit());
    four && two
}

/// The first date range (or single date) in `line`.
pub fn find(line: &str) -> Option<Range> {
    let spans = words(line);
    let toks: Vec<Tok> = spans
        .iter()
        .map(|&(s, e)| {
            let w = &line[s..e];
            if matches!(w, "–" | "—" | "-" | "‒" | "−") {
                Tok::Sep
            } else {
                token(w)
            }
        })
        .collect();
    // Dates: (token index of first word, index after last word, value or None for "present").
    let mut i = 0;
    let date_at = |i: usize| -> Option<(usize, Option<String>)> {
        match toks.get(i)? {
            Tok::Date(d) => Some((i + 1, Some(d.clone()))),
            Tok::Year(y) => Some((i + 1, Some(y.clone()))),
            Tok::Month(m) => match toks.get(i + 1)? {
                Tok::Year(y) => Some((i + 2, Some(format!("{y}-{m:02}")))),
                _ => None,
            },
            Tok::Present => Some((i + 1, None)),
            _ => None,
        }
    };
    while i < toks.len() {
        let since = toks[i] == Tok::Since;
        let first = if since { i + 1 } else { i };
        let Some((after, start)) = date_at(first) else {
            i += 1;
            continue;
        };
        if start.is_none() && !since {
            i += 1;
            continue;
        }
        let (last, end, present) = if since {
            (after, None, true)
        } else {
            let mut j = after;
            while toks.get(j) == Some(&Tok::Sep) {
                j += 1;
            }
            match date_at(j).filter(|_| j > after) {
                Some((after_end, end)) => (after_end, end.clone(), end.is_none()),
                None => (after, None, false),
            }
        };
        let (from, to) = (spans[i].0, spans[last - 1].1);
        let rest = format!("{} {}", &line[..from], &line[to..]);
        return Some(Range { start, end, present, rest: tidy(&rest) });
    }
    None
}

/// The rest of a line once its dates are out: no empty brackets, no dangling separators.
fn tidy(s: &str) -> String {
    let s = s.replace("()", " ").replace("[]", " ");
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '|' | ',' | ';' | ':' | '–' | '—' | '-' | '·' | '•')
    })
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(line: &str) -> (Option<String>, Option<String>, bool, String) {
        let r = find(line).unwrap();
        (r.start, r.end, r.present, r.rest)
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_owned())
    }

    #[test]
    fn shapes() {
        assert_eq!(r("03/2021 – present"), (s("2021-03"), None, true, String::new()));
        assert_eq!(r("2019 – 2021"), (s("2019"), s("2021"), false, String::new()));
        assert_eq!(r("Jan 2020 - Dec 2022"), (s("2020-01"), s("2022-12"), false, String::new()));
        assert_eq!(r("seit 2021"), (s("2021"), None, true, String::new()));
        assert_eq!(r("2018–heute"), (s("2018"), None, true, String::new()));
        assert_eq!(r("März 2019 – Februar 2021"), (s("2019-03"), s("2021-02"), false, String::new()));
        assert_eq!(r("2021-03 to 2022-11"), (s("2021-03"), s("2022-11"), false, String::new()));
        assert_eq!(
            r("Dev, Acme (01.2018 - 12.2019)"),
            (s("2018-01"), s("2019-12"), false, "Dev, Acme".into())
        );
        assert_eq!(r("Acme | 2015"), (s("2015"), None, false, "Acme".into()));
        assert!(find("Senior Engineer at Acme").is_none());
        assert!(find("10115 Berlin").is_none());
        assert!(find("-").is_none() && find("- 2019").is_some() && find("x-").is_none());
    }
}
