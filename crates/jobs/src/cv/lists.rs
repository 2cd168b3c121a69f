//! The list sections: skills ("Rust, Go; SQL", "Backend: Rust, Go" as a category) and spoken
//! languages ("German (native)", "Englisch – fließend", "English: C1"). It exists apart from
//! the draft because lists are split the same way in both and kept exactly as spelled.

use serde_json::{json, Value};

use super::basics::{clean, strip_bullet};

/// Splits a list on commas, semicolons, bullets and `|`, not inside brackets.
pub fn split_list(line: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in line.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
        if depth <= 0 && matches!(c, ',' | ';' | '|' | '•' | '·' | '\t' | '▪') {
            items.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    items.push(cur);
    items
        .into_iter()
        .map(|i| i.trim().trim_end_matches('.').trim().to_owned())
        .filter(|i| !i.is_empty())
        .collect()
}

const LANGUAGE_CATEGORIES: &[&str] = &["languages", "language", "sprachen", "sprache", "sprachkenntnisse"];

/// Skills (and the languages a "Languages: …" line in the skills section lists).
pub fn skills(lines: &[String]) -> (Vec<Value>, Vec<Value>) {
    let (mut skills, mut languages) = (Vec::new(), Vec::new());
    for raw in lines {
        let line = clean(strip_bullet(raw).unwrap_or(raw));
        if line.is_empty() {
            continue;
        }
        let category = line.split_once(':').filter(|(c, rest)| {
            let words = c.split_whitespace().count();
            (1..=4).contains(&words) && !rest.trim().is_empty() && !c.contains("http")
        });
        match category {
            Some((cat, rest))
                if LANGUAGE_CATEGORIES.contains(&cat.trim().to_lowercase().as_str())
                    && split_list(rest).iter().all(|i| is_spoken_language(i)) =>
            {
                languages.extend(split_list(rest).iter().filter_map(|i| language(i)));
            }
            Some((cat, rest)) => {
                skills.push(json!({ "name": cat.trim(), "keywords": split_list(rest) }));
            }
            None => skills.extend(split_list(&line).into_iter().map(|s| json!({ "name": s }))),
        }
    }
    (skills, languages)
}

const SPOKEN: &[&str] = &[
    "english",
    "german",
    "french",
    "spanish",
    "italian",
    "portuguese",
    "dutch",
    "polish",
    "russian",
    "turkish",
    "arabic",
    "chinese",
    "mandarin",
    "japanese",
    "korean",
    "swedish",
    "danish",
    "norwegian",
    "czech",
    "greek",
    "hindi",
    "ukrainian",
    "romanian",
    "hungarian",
    "englisch",
    "deutsch",
    "französisch",
    "spanisch",
    "italienisch",
    "portugiesisch",
    "niederländisch",
    "polnisch",
    "russisch",
    "türkisch",
    "arabisch",
    "chinesisch",
    "japanisch",
    "koreanisch",
    "schwedisch",
    "dänisch",
    "norwegisch",
    "tschechisch",
    "griechisch",
    "ukrainisch",
    "rumänisch",
    "ungarisch",
];

/// Whether a list item names a spoken language ("Languages: Rust, Go" is a skill list).
fn is_spoken_language(item: &str) -> bool {
    let first = item.split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
    SPOKEN.contains(&first.to_lowercase().as_str())
}

/// `{language, fluency}` from "German (native)", "Englisch – fließend", "English: C1".
pub fn language(item: &str) -> Option<Value> {
    let item = item.trim();
    if item.is_empty() {
        return None;
    }
    let split = if let Some((lang, rest)) = item.split_once('(') {
        Some((lang, rest.trim_end_matches(')')))
    } else {
        [":", " – ", " — ", " - ", "–", " / "].iter().find_map(|sep| item.split_once(sep))
    };
    let (lang, fluency) = match split {
        Some((l, f)) => (l.trim(), Some(f.trim())),
        None => match item.split_once(' ') {
            Some((l, f)) if item.split_whitespace().count() == 2 => (l, Some(f.trim())),
            _ => (item, None),
        },
    };
    let mut obj = json!({ "language": lang });
    if let Some(f) = fluency.filter(|f| !f.is_empty()) {
        obj["fluency"] = json!(f);
    }
    Some(obj)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_and_lists() {
        assert_eq!(language("German (native)"), Some(json!({"language": "German", "fluency": "native"})));
        assert_eq!(
            language("Englisch – fließend"),
            Some(json!({"language": "Englisch", "fluency": "fließend"}))
        );
        assert_eq!(language("English: C1"), Some(json!({"language": "English", "fluency": "C1"})));
        assert_eq!(
            split_list("Rust, Go (basic, learning); SQL | Docker"),
            ["Rust", "Go (basic, learning)", "SQL", "Docker"]
        );
        let (skills, languages) =
            skills(&["Languages: Rust, Go".into(), "Sprachen: Deutsch, Englisch (C1)".into()]);
        assert_eq!(skills, [json!({"name": "Languages", "keywords": ["Rust", "Go"]})]);
        assert_eq!(languages.len(), 2);
    }
}
