//! What the user typed into the jobs list's search box, as an FTS5 query that can never be
//! read as query syntax.

use crate::{Error, Result};

/// The most words a search takes.
pub const MAX_SEARCH_WORDS: usize = 16;

/// The full-text query for what the user typed: each word quoted (so `AND`, `NEAR`, quotes,
/// `*` or `-` are plain text, never syntax), all required, the last one a prefix so that a
/// word being typed already finds. Words are split where the index splits them (anything but
/// letters and digits). `None` for a blank search; an error naming `search` for one without
/// any letter or digit, or with too many words.
pub fn fts_query(text: &str) -> Result<Option<String>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return Err(Error::invalid("search: type a word to search for (letters or digits)"));
    }
    if words.len() > MAX_SEARCH_WORDS {
        return Err(Error::invalid(format!("search: at most {MAX_SEARCH_WORDS} words, got {}", words.len())));
    }
    let last = words.len() - 1;
    let terms: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| if i == last { format!("\"{w}\"*") } else { format!("\"{w}\"") })
        .collect();
    Ok(Some(terms.join(" ")))
}
