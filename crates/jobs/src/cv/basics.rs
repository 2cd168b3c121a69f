//! The CV's header read into JSON Resume `basics`: name, label, email, phone, links and
//! location. It exists apart from the sections because the header has no headings, only short
//! lines and `|`-separated contact segments, and each value must be text found there as written.

use serde_json::{json, Map, Value};

use super::dates;

/// Strips Markdown and list decoration from a line: `# `, `**`, `__`, leading bullets.
pub fn clean(line: &str) -> String {
    let s = line.trim().trim_start_matches('#').trim();
    let s = s.replace("**", "").replace("__", "");
    let s = s.trim();
    let s = strip_bullet(s).unwrap_or(s);
    s.trim().to_owned()
}

/// The line without its bullet, if it starts with one.
pub fn strip_bullet(line: &str) -> Option<&str> {
    let t = line.trim_start();
    for bullet in ["- ", "* ", "+ ", "• ", "· ", "– ", "▪ ", "◦ ", "‣ ", "➢ ", "✓ ", "○ ", "■ "]
    {
        if let Some(rest) = t.strip_prefix(bullet) {
            return Some(rest.trim());
        }
    }
    for bullet in ['•', '·', '▪', '◦', '‣', '■'] {
        if let Some(rest) = t.strip_prefix(bullet) {
            return Some(rest.trim());
        }
    }
    None
}

/// The parts of a header line: split at `|`, `·`, `•`, tabs and runs of 2+ spaces.
pub fn segments(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in line.split(['|', '·', '•', '\t', '◦', '⋅']) {
        for piece in part.split("  ") {
            let p = piece.trim().trim_matches(|c: char| c == ',' || c == ';').trim();
            if !p.is_empty() {
                out.push(p.to_owned());
            }
        }
    }
    out
}

const NOT_NAMES: &[&str] =
    &["lebenslauf", "curriculum vitae", "resume", "résumé", "cv", "tabellarischer lebenslauf"];

/// Whether a segment looks like a person's name: 2–4 words of letters (hyphens, apostrophes
/// and abbreviating dots allowed), each starting with a capital, no digits or `@`.
pub fn looks_like_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if !(2..=4).contains(&words.len()) || NOT_NAMES.contains(&s.to_lowercase().as_str()) {
        return false;
    }
    words.iter().all(|w| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
            && w.chars().filter(|c| c.is_alphabetic()).count() >= 1
    }) && words.iter().filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2).count() >= 2
}

/// The first email address in `text` as written (`mailto:` and brackets dropped).
pub fn find_email(text: &str) -> Option<String> {
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, '|' | '<' | '>' | '(' | ')' | '[' | ']' | ',' | ';')
    })
    .map(|t| t.trim_start_matches("mailto:").trim_end_matches(['.', ':']))
    .map(|t| t.rsplit_once(':').filter(|(l, _)| !l.contains('@')).map_or(t, |(_, r)| r))
    .find(|t| is_email(t))
    .map(str::to_owned)
}

fn is_email(t: &str) -> bool {
    let Some((local, domain)) = t.split_once('@') else { return false };
    let Some((host, tld)) = domain.rsplit_once('.') else { return false };
    !local.is_empty()
        && !host.is_empty()
        && !domain.contains('@')
        && local.chars().all(|c| c.is_alphanumeric() || "._%+-'".contains(c))
        && domain.chars().all(|c| c.is_alphanumeric() || ".-".contains(c))
        && tld.len() >= 2
        && tld.chars().all(char::is_alphabetic)
}

/// The first phone number in `line`: a run of digits, `+`, spaces, dashes, dots, brackets and
/// slashes with 7 to 15 digits that is not a date range.
pub fn find_phone(line: &str) -> Option<String> {
    let mut best = None;
    let mut run = String::new();
    for c in line.chars().chain(std::iter::once('\u{0}')) {
        if c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')' | '/' | '.' | '–' | '\u{a0}') {
            run.push(c);
            continue;
        }
        let candidate =
            run.trim_matches(|c: char| !c.is_ascii_digit() && c != '+' && c != '(' && c != ')').trim();
        let candidate = candidate.trim_end_matches('(').trim_start_matches(')').trim();
        let digits = candidate.chars().filter(char::is_ascii_digit).count();
        let date_like = dates::find(candidate).is_some_and(|r| r.rest.is_empty() && r.start.is_some());
        if (7..=15).contains(&digits) && !date_like && best.is_none() {
            best = Some(candidate.to_owned());
        }
        run.clear();
    }
    best
}

/// Links in `text`: `http(s)://…`, `www.…` and bare `linkedin.com/…`, `github.com/…`, `xing.com/…`.
pub fn find_links(text: &str) -> Vec<String> {
    let mut links = Vec::new();
    for token in
        text.split(|c: char| c.is_whitespace() || matches!(c, '|' | '<' | '>' | '(' | ')' | '[' | ']' | ','))
    {
        let t = token.trim_end_matches(['.', ';', ':']);
        let lower = t.to_lowercase();
        let link = lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("www.")
            || ["linkedin.com/", "github.com/", "xing.com/", "gitlab.com/"].iter().any(|d| lower.contains(d));
        if link && !t.contains('@') && !links.iter().any(|l| l == t) {
            links.push(t.to_owned());
        }
    }
    links
}

fn network(url: &str) -> Option<&'static str> {
    let lower = url.to_lowercase();
    [("linkedin.com", "LinkedIn"), ("github.com", "GitHub"), ("gitlab.com", "GitLab"), ("xing.com", "XING")]
        .into_iter()
        .find(|(domain, _)| lower.contains(domain))
        .map(|(_, name)| name)
}

const COUNTRIES: &[&str] = &[
    "germany",
    "deutschland",
    "austria",
    "österreich",
    "switzerland",
    "schweiz",
    "usa",
    "united states",
    "uk",
    "united kingdom",
    "france",
    "frankreich",
    "netherlands",
    "niederlande",
    "spain",
    "spanien",
    "italy",
    "italien",
    "poland",
    "polen",
    "canada",
    "ireland",
    "sweden",
    "denmark",
    "norway",
    "belgium",
    "portugal",
    "de",
    "at",
    "ch",
    "us",
    "gb",
];

/// `{city, countryCode?}` from a "City, Country" segment whose country is a known one.
fn location(segment: &str) -> Option<Value> {
    let (city, country) = segment.split_once(", ")?;
    let city = city.trim().trim_start_matches(|c: char| c.is_ascii_digit()).trim();
    let country = country.trim();
    let wordy = |s: &str| {
        !s.is_empty()
            && s.split_whitespace().count() <= 3
            && s.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '.'))
            && s.chars().next().is_some_and(char::is_uppercase)
    };
    if !wordy(city) || !wordy(country) || !COUNTRIES.contains(&country.to_lowercase().as_str()) {
        return None;
    }
    let mut loc = json!({ "city": city });
    if country.len() == 2 && country.chars().all(|c| c.is_ascii_uppercase()) && country != "UK" {
        loc["countryCode"] = json!(country);
    }
    Some(loc)
}

fn is_contact(s: &str) -> bool {
    find_email(s).is_some() || find_phone(s).is_some() || !find_links(s).is_empty() || location(s).is_some()
}

/// `basics` from the header lines; `contact_text` is searched for email, phone and links the
/// header lacks (some CVs put contacts in a side column or at the end).
pub fn read(header: &[String], contact_text: &[String]) -> Map<String, Value> {
    let mut basics = Map::new();
    let lines: Vec<String> = header.iter().map(|l| clean(l)).filter(|l| !l.is_empty()).collect();
    // Name, then a label: the rest of the name's line or the next short non-contact line.
    'name: for (i, line) in lines.iter().enumerate() {
        let segs = segments(line);
        for (j, seg) in segs.iter().enumerate() {
            if looks_like_name(seg) {
                basics.insert("name".into(), json!(seg));
                let next = segs
                    .get(j + 1)
                    .cloned()
                    .or_else(|| lines.get(i + 1).and_then(|l| segments(l).into_iter().next()));
                if let Some(label) = next.filter(|l| l.split_whitespace().count() <= 8 && !is_contact(l)) {
                    if segments(&label).len() == 1 {
                        basics.insert("label".into(), json!(label));
                    }
                }
                break 'name;
            }
        }
    }
    let header_text = lines.join("\n");
    let all_text = contact_text.join("\n");
    if let Some(email) = find_email(&header_text).or_else(|| find_email(&all_text)) {
        basics.insert("email".into(), json!(email));
    }
    let labelled = contact_text.iter().filter(|l| {
        let lower = l.to_lowercase();
        ["tel", "phone", "mobil", "handy", "fon", "mobile"].iter().any(|w| lower.contains(w))
    });
    let phone = lines.iter().flat_map(|l| segments(l)).find_map(|s| find_phone(&s));
    if let Some(phone) = phone.or_else(|| labelled.into_iter().find_map(|l| find_phone(l))) {
        basics.insert("phone".into(), json!(phone));
    }
    let mut links = find_links(&header_text);
    for l in find_links(&all_text) {
        if !links.contains(&l) {
            links.push(l);
        }
    }
    let mut profiles = Vec::new();
    for link in links {
        match network(&link) {
            Some(net) => profiles.push(json!({ "network": net, "url": link })),
            None if !basics.contains_key("url") => {
                basics.insert("url".into(), json!(link));
            }
            None => {}
        }
    }
    if !profiles.is_empty() {
        basics.insert("profiles".into(), Value::Array(profiles));
    }
    if let Some(loc) = lines.iter().flat_map(|l| segments(l)).find_map(|s| location(&s)) {
        basics.insert("location".into(), loc);
    }
    basics
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts() {
        assert_eq!(find_email("Mail: <jane.doe@example.com>").as_deref(), Some("jane.doe@example.com"));
        assert_eq!(find_email("E-Mail:jane@x.de").as_deref(), Some("jane@x.de"));
        assert_eq!(find_phone("Tel.: +49 (0)170 123-4567").as_deref(), Some("+49 (0)170 123-4567"));
        assert_eq!(find_phone("2019 - 2021"), None);
        assert_eq!(find_phone("03/2019 – 05/2021"), None);
        assert!(looks_like_name("Jane Doe"));
        assert!(looks_like_name("Anna-Lena Müller"));
        assert!(!looks_like_name("Curriculum Vitae"));
        assert!(!looks_like_name("jane@x.de"));
        assert_eq!(location("Berlin, Germany"), Some(json!({"city": "Berlin"})));
        assert_eq!(location("Senior Engineer, Acme"), None);
    }
}
