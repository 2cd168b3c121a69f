//! HTML to clean text, and the small text helpers every adapter needs. Boards send
//! descriptions as HTML, sometimes escaped once more (Greenhouse), with entities and inline
//! styles; matching and the CV want plain words.

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
/// this quadratic, issue #10).
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

/// Collapses runs of spaces within lines and blank lines between them.
pub fn collapse_whitespace(text: &str) -> String {
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
