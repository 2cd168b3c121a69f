//! Untrusted text (job titles, company names, error messages) reaches notification receivers
//! that read markup: Slack's mrkdwn turns `<!channel>` into a ping and `<https://x|label>`
//! into a link that shows `label`, and desktop notification daemons render a small HTML subset
//! in the body. Escaping `&`, `<` and `>` keeps such text literal in both.

/// `text` with `&`, `<` and `>` escaped as `&amp;`, `&lt;` and `&gt;` (what both Slack and the
/// freedesktop notification body markup expect).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_sequences_and_links_stay_literal() {
        assert_eq!(
            escape("<!channel> <https://x|Reset password> & co"),
            "&lt;!channel&gt; &lt;https://x|Reset password&gt; &amp; co"
        );
        assert_eq!(escape("Rust Engineer, Berlin"), "Rust Engineer, Berlin");
    }
}
