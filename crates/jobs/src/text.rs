//! HTML to clean text, and the small text helpers every adapter needs. Boards send
//! descriptions as HTML, sometimes escaped once more (Greenhouse), with entities and inline
//! styles; matching and the CV want plain words. Text is also cleaned: UTF-8 that went
//! through a Latin-1/cp1252 decoder once too often ("weâ€™re", RemoteOK) is repaired, control
//! characters other than line breaks and tabs are dropped, and a tag cut off by truncation
//! (`... <span class="figma-icon`) is dropped rather than kept as text (issue #11).

/// Decodes HTML entities until the text stops changing (handles double escaping:
/// `&amp;lt;p&amp;gt;` -> `&lt;p&gt;` -> `<p>`), at most three rounds.
pub fn unescape_html(text: &str) -> String {
    let mut current = text.to_owned();
    for _ in 0..3 {
        let next = html_escape::decode_html_entities(&current).into_owned();
        if next == current {
            break;
        }
        current = next;
    }
    current
}

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "hr",
];

/// Plain text from HTML: tags removed (block tags become line breaks, list items get "- "),
/// script and style content dropped, entities decoded, whitespace collapsed.
///
/// Linear in the input: a `<` with no `>` after it is kept as text, and once a search for `>`
/// has failed no later `<` searches again (hostile input of many unclosed `<` used to make
/// this quadratic, issue #10). An unclosed `<` that starts a tag cut off by truncation
/// (`<span class="x`, `<a href="...`, `</sp`) ends the text there: see [`is_dangling_tag`].
pub fn html_to_text(html: &str) -> String {
    let html = unescape_html(html);
    let mut out = String::with_capacity(html.len());
    let mut chars = html.char_indices().peekable();
    let mut skip_until: Option<&str> = None;
    // Set once no `>` follows: every later `<` is text.
    let mut no_more_tags = false;
    while let Some((i, c)) = chars.next() {
        if c != '<' {
            if skip_until.is_none() {
                out.push(c);
            }
            continue;
        }
        // A found `>` is consumed with its tag, so successful searches cover disjoint spans.
        let end = if no_more_tags { None } else { html[i..].find('>') };
        let Some(end) = end else {
            no_more_tags = true;
            if is_dangling_tag(&html[i + c.len_utf8()..]) {
                break;
            }
            if skip_until.is_none() {
                out.push(c);
            }
            continue;
        };
        let tag = &html[i + 1..i + end];
        while chars.peek().is_some_and(|(j, _)| *j <= i + end) {
            chars.next();
        }
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(until) = skip_until {
            if closing && name == until {
                skip_until = None;
            }
            continue;
        }
        match name.as_str() {
            "script" if !closing => skip_until = Some("script"),
            "style" if !closing => skip_until = Some("style"),
            "li" if !closing => out.push_str("\n- "),
            n if BLOCK_TAGS.contains(&n) => out.push('\n'),
            _ => {}
        }
    }
    let decoded = html_escape::decode_html_entities(&out).replace('\u{a0}', " ");
    collapse_whitespace(&decoded)
}

/// Whether the text after an unclosed `<` (no `>` anywhere after it) is a tag cut off by
/// truncation: `</name`, or `<name attr=` with or without a quoted value after it. Plain text
/// such as `a < b`, `<3` or `<<<a` is not. Looks at most 64 characters ahead (stays linear).
fn is_dangling_tag(rest: &str) -> bool {
    let mut chars = rest.chars().take(64).peekable();
    let closing = chars.next_if_eq(&'/').is_some();
    if chars.next_if(char::is_ascii_alphabetic).is_none() {
        return false;
    }
    while chars.next_if(char::is_ascii_alphanumeric).is_some() {}
    if closing {
        return chars.peek().is_none_or(|c| c.is_whitespace());
    }
    if chars.next_if(|c| c.is_whitespace()).is_none() {
        return false;
    }
    while chars.next_if(|c| c.is_whitespace()).is_some() {}
    let mut attr = 0;
    while chars.next_if(|c| c.is_ascii_alphanumeric() || "-_:".contains(*c)).is_some() {
        attr += 1;
    }
    while chars.next_if(|c| c.is_whitespace()).is_some() {}
    attr > 0 && chars.next() == Some('=')
}

/// Repaired mojibake and no control characters: see [`repair_mojibake`], [`strip_control`].
pub fn clean_text(text: &str) -> String {
    strip_control(&repair_mojibake(text))
}

/// Drops control characters except `\n` and `\t`; a `\r` becomes a line break (`\r\n` one).
pub fn strip_control(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' if chars.peek() != Some(&'\n') => out.push('\n'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Repairs UTF-8 that was decoded as Latin-1 or Windows-1252 on the way: "weâ€™re" and
/// "we\u{e2}\u{80}\u{99}re" become "we’re". Only a UTF-8 lead byte followed by exactly the
/// continuation bytes it needs (each read back as its Latin-1/cp1252 byte) that decode to one
/// valid character is replaced; everything else, correct UTF-8 included, is kept as it is.
pub fn repair_mojibake(text: &str) -> String {
    // Fast path: no character that could be a lead byte ('Â'..='ô').
    if !text.chars().any(|c| ('\u{c2}'..='\u{f4}').contains(&c)) {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        match mojibake_at(&chars[i..]) {
            Some((c, used)) => {
                out.push(c);
                i += used;
            }
            None => {
                out.push(chars[i]);
                i += 1;
            }
        }
    }
    out
}

/// The character a mojibake sequence at the start of `chars` stands for, and its length.
fn mojibake_at(chars: &[char]) -> Option<(char, usize)> {
    let lead = cp1252_byte(*chars.first()?)?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = [lead, 0, 0, 0];
    for (k, byte) in bytes.iter_mut().enumerate().take(len).skip(1) {
        *byte = cp1252_byte(*chars.get(k)?).filter(|b| (0x80..=0xBF).contains(b))?;
    }
    let decoded = std::str::from_utf8(&bytes[..len]).ok()?;
    Some((decoded.chars().next()?, len))
}

/// The byte a Latin-1 or Windows-1252 decoder turned into `c`.
fn cp1252_byte(c: char) -> Option<u8> {
    const CP1252: [(char, u8); 27] = [
        ('€', 0x80),
        ('‚', 0x82),
        ('ƒ', 0x83),
        ('„', 0x84),
        ('…', 0x85),
        ('†', 0x86),
        ('‡', 0x87),
        ('ˆ', 0x88),
        ('‰', 0x89),
        ('Š', 0x8A),
        ('‹', 0x8B),
        ('Œ', 0x8C),
        ('Ž', 0x8E),
        ('‘', 0x91),
        ('’', 0x92),
        ('“', 0x93),
        ('”', 0x94),
        ('•', 0x95),
        ('–', 0x96),
        ('—', 0x97),
        ('˜', 0x98),
        ('™', 0x99),
        ('š', 0x9A),
        ('›', 0x9B),
        ('œ', 0x9C),
        ('ž', 0x9E),
        ('Ÿ', 0x9F),
    ];
    match u8::try_from(u32::from(c)) {
        Ok(b) => Some(b),
        Err(_) => CP1252.iter().find(|(k, _)| *k == c).map(|(_, b)| *b),
    }
}

/// Collapses runs of spaces within lines and blank lines between them; cleans the text first
/// ([`clean_text`]).
pub fn collapse_whitespace(text: &str) -> String {
    let text = clean_text(text);
    let mut lines = Vec::new();
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() || line == "-" {
            continue;
        }
        lines.push(line);
    }
    lines.join("\n")
}

/// Lower-case words (letters, digits, `+`, `#`, `.` inside words: "c++", "c#", "node.js").
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '+' || c == '#' || c == '.'))
        .map(|w| w.trim_matches('.').to_lowercase())
        .filter(|w| !w.is_empty())
}

/// Whether `word` (lower case, may contain `-`) occurs in `lower_text` as a whole word: not
/// inside a longer word ("remote" is in "Remote, US", not in "remoteness").
pub fn contains_word(lower_text: &str, word: &str) -> bool {
    lower_text.match_indices(word).any(|(i, _)| {
        let before = lower_text[..i].chars().next_back();
        let after = lower_text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Whether every keyword appears (case-insensitive, whole words) in one of the texts.
pub fn matches_keywords(keywords: &[String], texts: &[&str]) -> bool {
    if keywords.is_empty() {
        return true;
    }
    let haystack: std::collections::HashSet<String> = texts.iter().flat_map(|t| words(t)).collect();
    keywords.iter().all(|k| {
        let kw: Vec<String> = words(k).collect();
        !kw.is_empty() && kw.iter().all(|w| haystack.contains(w))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_escaped_html_becomes_text() {
        let greenhouse = "&amp;lt;p&amp;gt;We build &amp;lt;strong&amp;gt;Rust&amp;lt;/strong&amp;gt; tools &amp;amp; more.&amp;lt;/p&amp;gt;&amp;lt;ul&amp;gt;&amp;lt;li&amp;gt;Tokio&amp;lt;/li&amp;gt;&amp;lt;li&amp;gt;SQLite&amp;lt;/li&amp;gt;&amp;lt;/ul&amp;gt;";
        assert_eq!(html_to_text(greenhouse), "We build Rust tools & more.\n- Tokio\n- SQLite");
    }

    #[test]
    fn scripts_styles_and_entities() {
        let html =
            "<style>p{color:red}</style><div>Caf&eacute;&nbsp;team</div><script>alert(1)</script><br/>Berlin";
        assert_eq!(html_to_text(html), "Café team\nBerlin");
    }

    #[test]
    fn many_unclosed_angle_brackets_stay_text_in_linear_time() {
        // Small case first: unclosed `<` are text, a later complete tag still is a tag only
        // when its `>` exists.
        assert_eq!(html_to_text("<<<a"), "<<<a");
        assert_eq!(html_to_text("a<b>c<<d"), "ac<<d");
        assert_eq!(html_to_text("<p>x</p><<y"), "x\n<<y");
        // The hostile one: 200,000 `<` then text. Quadratic before (each `<` scanned to the
        // end for a `>`); the result is the same shape as the small case.
        let n = 200_000;
        let hostile = format!("{}text", "<".repeat(n));
        let out = html_to_text(&hostile);
        assert_eq!(out.len(), n + 4);
        assert!(out.ends_with("<text") && out.bytes().take(n).all(|b| b == b'<'));
        assert_eq!(out, hostile);
        // Interleaved with text and an unterminated script: still returns, text kept.
        let mixed = format!("{}<b>bold</b>{}tail", "< x ".repeat(50_000), "<".repeat(50_000));
        let out = html_to_text(&mixed);
        assert!(out.ends_with("tail") && out.contains("bold"), "{}", &out[out.len() - 20..]);
    }

    #[test]
    fn unclosed_angle_brackets_do_not_hang() {
        // A hang guard, not a benchmark: 2,000,000 unclosed `<` took minutes when each one
        // searched the rest of the input for a `>`; linear, it is a fraction of a second even
        // unoptimised. The limit is two orders of magnitude above that.
        let n = 2_000_000;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(html_to_text(&format!("{}end", "<".repeat(n))));
        });
        let out = rx.recv_timeout(std::time::Duration::from_secs(60)).expect("html_to_text hung");
        assert_eq!(out.len(), n + 3);
        assert!(out.ends_with("<end"));
    }

    #[test]
    fn keywords_match_whole_words_case_insensitively() {
        let kw = vec!["Rust".to_string(), "backend engineer".to_string()];
        assert!(matches_keywords(&kw, &["Senior Backend Engineer", "We love rust."]));
        assert!(!matches_keywords(&kw, &["Senior Backend Engineer", "We love trust."]));
        assert!(matches_keywords(&["c++".into()], &["Modern C++ developer"]));
        assert!(matches_keywords(&[], &["anything"]));
    }
}
