//! The entries of the experience and education sections: lines grouped around their date
//! ranges, then each title line split into its parts ("Position — Company", "Position at
//! Company", "Company | Position", or the two on separate lines). It exists apart from the
//! draft because this grouping is the guesswork of the import and wants its own tests.

use super::basics::{clean, strip_bullet};
use super::dates::{self, Range};

/// One entry: its title lines (without dates), its range, its bullet lines and its prose.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub titles: Vec<String>,
    pub range: Option<Range>,
    pub bullets: Vec<String>,
    pub prose: Vec<String>,
    /// Whether the range came before the titles (then later title lines still belong here).
    date_first: bool,
    /// Whether the range was on a title line (then one more title line belongs here).
    inline: bool,
}

/// Groups a section's lines into entries.
pub fn group(lines: &[String]) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut cur = Entry::default();
    let flush = |cur: &mut Entry, entries: &mut Vec<Entry>| {
        let done = std::mem::take(cur);
        if !done.titles.is_empty() || done.range.is_some() {
            entries.push(done);
        } else if let Some(last) = entries.last_mut() {
            last.bullets.extend(done.bullets);
            last.prose.extend(done.prose);
        }
    };
    for raw in lines {
        // Setext underlines and rules ("-----", "=====") separate, they are not text.
        let rule =
            raw.trim().len() >= 3 && raw.trim().chars().all(|c| matches!(c, '-' | '=' | '_' | '*' | '─'));
        if raw.trim().is_empty() || rule {
            if cur.range.is_some() && (!cur.titles.is_empty() || !cur.bullets.is_empty()) {
                flush(&mut cur, &mut entries);
            }
            continue;
        }
        if let Some(bullet) = strip_bullet(raw) {
            let text = clean(bullet);
            // A bulleted line with a date range in it is an entry of its own ("- 2019 – 2021 Dev at X").
            if let Some(range) =
                dates::find(&text).filter(|r| r.start.is_some() && r.end.is_some() || r.present)
            {
                if cur.range.is_some() || !cur.bullets.is_empty() {
                    flush(&mut cur, &mut entries);
                }
                if !range.rest.is_empty() {
                    cur.titles.push(range.rest.clone());
                }
                cur.range = Some(range);
            } else if !text.is_empty() {
                cur.bullets.push(text);
            }
            continue;
        }
        let line = clean(raw);
        let range = dates::find(&line).filter(|r| r.start.is_some());
        match range {
            Some(range) => {
                if cur.range.is_some() || !cur.bullets.is_empty() || !cur.prose.is_empty() {
                    flush(&mut cur, &mut entries);
                }
                if range.rest.is_empty() {
                    cur.date_first = cur.titles.is_empty();
                } else {
                    cur.inline = cur.titles.is_empty();
                    cur.titles.push(range.rest.clone());
                }
                cur.range = Some(range);
            }
            // A wrapped bullet (PDF line breaks): its next line starts in lower case.
            None if line.chars().next().is_some_and(char::is_lowercase) && !cur.bullets.is_empty() => {
                let last = cur.bullets.last_mut().expect("a bullet");
                last.push(' ');
                last.push_str(&line);
            }
            None if is_prose(&line) => cur.prose.push(line),
            None => {
                let second_line = cur.inline && cur.titles.len() == 1;
                let closed = cur.range.is_some() && !cur.date_first && !second_line;
                if closed || !cur.bullets.is_empty() || !cur.prose.is_empty() || cur.titles.len() >= 3 {
                    flush(&mut cur, &mut entries);
                }
                cur.titles.push(line);
            }
        }
    }
    flush(&mut cur, &mut entries);
    entries
}

/// A sentence rather than a title: long, or ending in a full stop.
fn is_prose(line: &str) -> bool {
    line.split_whitespace().count() > 12 || (line.ends_with('.') && line.split_whitespace().count() > 4)
}

const COMPANY_WORDS: &[&str] = &[
    "gmbh",
    "ag",
    "se",
    "kg",
    "inc",
    "inc.",
    "ltd",
    "ltd.",
    "llc",
    "corp",
    "corp.",
    "co.",
    "plc",
    "e.v.",
    "gbr",
    "ug",
    "bv",
    "b.v.",
    "s.a.",
    "oy",
    "ab",
    "group",
    "gruppe",
    "bank",
    "consulting",
    "solutions",
    "technologies",
    "labs",
    "studio",
    "agency",
    "agentur",
    "university",
    "universität",
    "hochschule",
    "college",
    "institute",
    "institut",
    "school",
    "schule",
    "gymnasium",
    "academy",
    "akademie",
];

const POSITION_WORDS: &[&str] = &[
    "engineer",
    "developer",
    "entwickler",
    "entwicklerin",
    "manager",
    "managerin",
    "consultant",
    "berater",
    "beraterin",
    "analyst",
    "analystin",
    "designer",
    "designerin",
    "architect",
    "architekt",
    "scientist",
    "specialist",
    "spezialist",
    "lead",
    "head",
    "leiter",
    "leiterin",
    "intern",
    "praktikant",
    "praktikantin",
    "werkstudent",
    "werkstudentin",
    "director",
    "direktor",
    "officer",
    "administrator",
    "admin",
    "assistant",
    "assistent",
    "assistenz",
    "teamleiter",
    "ingenieur",
    "ingenieurin",
    "programmer",
    "programmierer",
    "tester",
    "owner",
    "referent",
    "referentin",
    "sachbearbeiter",
    "sachbearbeiterin",
    "trainee",
    "student",
    "researcher",
    "cto",
    "ceo",
    "coordinator",
    "koordinator",
    "technician",
    "techniker",
    "support",
    "devops",
    "sre",
];

fn has_word(text: &str, words: &[&str]) -> bool {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '/'))
        .any(|w| words.contains(&w.to_lowercase().as_str()))
}

pub fn looks_like_company(s: &str) -> bool {
    has_word(s, COMPANY_WORDS)
}

pub fn looks_like_position(s: &str) -> bool {
    has_word(s, POSITION_WORDS)
}

/// `(position, company, location)` from an entry's title lines.
pub fn position_and_company(titles: &[String]) -> (Option<String>, Option<String>, Option<String>) {
    let Some(first) = titles.first() else { return (None, None, None) };
    // One line with a separator: the left side is the position, except for "Company | Position".
    for (sep, company_first) in [
        (" — ", false),
        (" – ", false),
        (" - ", false),
        (" | ", true),
        (" @ ", false),
        (" at ", false),
        (" bei ", false),
        (", ", false),
    ] {
        let parts: Vec<&str> = first.split(sep).map(str::trim).filter(|p| !p.is_empty()).collect();
        if parts.len() < 2 {
            continue;
        }
        // "Hollis & Park — Milwaukee, WI" over "Account Executive": employer and place, then the role.
        if let (true, Some(role)) = (matches!(sep, " — " | " – " | " - "), titles.get(1)) {
            let (com, place) = company_and_place(first);
            if place.is_some() {
                return (Some(role.clone()), Some(com), place);
            }
        }
        let (mut pos, mut com) = if company_first { (parts[1], parts[0]) } else { (parts[0], parts[1]) };
        let swap = (looks_like_company(pos) && !looks_like_company(com))
            || (looks_like_position(com) && !looks_like_position(pos));
        if swap {
            std::mem::swap(&mut pos, &mut com);
        }
        let mut location = (parts.len() > 2).then(|| parts[2..].join(sep.trim_start()));
        let mut position = pos.to_owned();
        // "Second in Department, Mathematics, Oakfield Academy, Stockport": the employer is the
        // part that reads like one, else the one before the place.
        if sep == ", " && parts.len() > 2 {
            let at = parts.iter().rposition(|p| looks_like_company(p)).unwrap_or(parts.len() - 2).max(1);
            position = parts[..at].join(", ");
            com = parts[at];
            location = (at + 1 < parts.len()).then(|| parts[at + 1..].join(", "));
        }
        let (com, place) = company_and_place(com);
        location = location.or(place);
        if location.is_none() {
            location = titles.get(1).filter(|l| l.split_whitespace().count() <= 3).cloned();
        }
        return (Some(position), Some(com), location);
    }
    match titles.get(1) {
        Some(second) => {
            let (mut pos, mut com) = (first.clone(), second.clone());
            if (looks_like_company(&pos) && !looks_like_company(&com))
                || (looks_like_position(&com) && !looks_like_position(&pos))
            {
                std::mem::swap(&mut pos, &mut com);
            }
            let (com, location) = company_and_place(&com);
            (Some(pos), Some(com), location)
        }
        None if looks_like_company(first) && !looks_like_position(first) => (None, Some(first.clone()), None),
        None => (Some(first.clone()), None, None),
    }
}

/// Whether `text` names a place: "Berlin", "Seattle, WA", "Frankfurt am Main".
fn is_place(text: &str) -> bool {
    text.split(", ").all(|p| {
        let p = p.trim();
        !p.is_empty()
            && p.split_whitespace().count() <= 3
            && p.chars().next().is_some_and(char::is_uppercase)
            && !p.chars().any(|c| c.is_ascii_digit())
            && !looks_like_company(p)
            && !looks_like_position(p)
    })
}

/// "Acme GmbH, Berlin", "Harborview Medical Center, Seattle, WA" or "Acme — Chicago": the
/// employer and where (the longest tail that is a place).
fn company_and_place(text: &str) -> (String, Option<String>) {
    let text = text.trim().trim_end_matches(',').trim();
    for sep in [" — ", " – ", " - "] {
        if let Some((c, l)) = text.rsplit_once(sep) {
            if is_place(l) && !c.trim().is_empty() {
                return (c.trim().to_owned(), Some(l.trim().to_owned()));
            }
        }
    }
    for (i, _) in text.match_indices(", ") {
        let (c, l) = (&text[..i], &text[i + 2..]);
        if is_place(l) && !c.trim().is_empty() {
            return (c.trim().to_owned(), Some(l.trim().to_owned()));
        }
    }
    (text.to_owned(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(|l| l.trim().to_owned()).collect()
    }

    #[test]
    fn title_then_dates_then_bullets() {
        let e = group(&lines(
            "Senior Engineer — Acme GmbH\n03/2021 – present\n- Built things\n- Led team\nDeveloper at Foo Inc\n2018 – 2021\n- Wrote code",
        ));
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].titles, ["Senior Engineer — Acme GmbH"]);
        assert_eq!(e[0].bullets, ["Built things", "Led team"]);
        assert_eq!(e[1].range.as_ref().unwrap().start.as_deref(), Some("2018"));
        let (p, c, _) = position_and_company(&e[1].titles);
        assert_eq!((p.as_deref(), c.as_deref()), (Some("Developer"), Some("Foo Inc")));
    }

    #[test]
    fn dates_first_and_two_line_titles() {
        let e = group(&lines("2019 – 2021\nSoftwareentwickler\nMusterfirma GmbH, München\n\n2016 – 2019\nPraktikant\nBeispiel AG"));
        assert_eq!(e.len(), 2);
        let (p, c, l) = position_and_company(&e[0].titles);
        assert_eq!(p.as_deref(), Some("Softwareentwickler"));
        assert_eq!(c.as_deref(), Some("Musterfirma GmbH"));
        assert_eq!(l.as_deref(), Some("München"));
        assert_eq!(position_and_company(&["Acme | Data Analyst".to_owned()]).1.as_deref(), Some("Acme"));
    }
}
