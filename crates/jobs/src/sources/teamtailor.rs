//! Teamtailor careers sites' RSS feed: `https://<company>.teamtailor.com/jobs.rss`, RSS 2.0
//! with Teamtailor's own elements. The channel's `<title>` names the company; each `<item>`
//! has `title`, `description` (HTML, escaped or in CDATA), `pubDate` (RFC 2822), `link`,
//! `guid`, `remoteStatus` (none, hybrid, fully, temporary), `tt:locations/tt:location` (each
//! `tt:name`, `tt:city`, `tt:country`), `tt:department` and `tt:role`. No salary field: one is
//! parsed from the text. The whole feed is every open job of the site (no paging).

use super::fields::slug_company;
use super::personio::{read_tree, Node};
use crate::posting::{parse_datetime, Posting, Workplace};
use crate::salary::parse_salary;
use crate::text::{html_to_text, unescape_html};
use crate::{Error, Result};

pub(super) fn parse(source: &str, company: &str, body: &str) -> Result<Vec<Posting>> {
    let root = read_tree(source, body)?;
    let channel = match root.name.as_str() {
        "rss" => root.child("channel"),
        _ => None,
    }
    .ok_or_else(|| {
        Error::malformed(source, format!("expected an RSS <rss><channel> feed, found <{}>", root.name))
    })?;
    let name = channel.text_of("title");
    channel
        .all("item")
        .enumerate()
        .map(|(i, item)| posting(source, company, name.as_deref(), i, item))
        .collect()
}

fn posting(source: &str, slug: &str, name: Option<&str>, i: usize, item: &Node) -> Result<Posting> {
    let title =
        item.text_of("title").ok_or_else(|| Error::malformed(source, format!("item[{i}]: no <title>")))?;
    let link = item.text_of("link");
    let id = item
        .text_of("guid")
        .or_else(|| link.clone())
        .ok_or_else(|| Error::malformed(source, format!("item[{i}]: no <guid> or <link>")))?;
    let raw = item.text_of("description").unwrap_or_default();
    // Escaped once more than needed ("&lt;p&gt;" after XML decoding): decode to markup.
    let html = if !raw.contains('<') && raw.contains("&lt;") { unescape_html(&raw) } else { raw };
    let text = html_to_text(&html);
    let mut warnings = Vec::new();
    let company = match name {
        Some(n) => n.to_owned(),
        None => slug_company(slug, &mut warnings),
    };
    let locations: Vec<String> =
        item.child("tt:locations").into_iter().flat_map(|l| l.all("tt:location")).filter_map(place).collect();
    let workplace = match item.text_of("remoteStatus").map(|r| r.to_ascii_lowercase()).as_deref() {
        Some("fully") => Some(Workplace::Remote),
        Some("hybrid") => Some(Workplace::Hybrid),
        // "none": no remote work at all; "temporary": remote for now, on site later.
        Some("none") => Some(Workplace::Onsite),
        _ => None,
    };
    Ok(Posting {
        source: source.to_owned(),
        source_job_id: id,
        salary: parse_salary(&text),
        company,
        workplace,
        location: locations.first().cloned(),
        locations,
        description_text: text,
        description_html: Some(html),
        apply_url: link.clone(),
        url: link,
        posted_at: item.text_of("pubDate").as_deref().and_then(parse_datetime),
        tags: [item.text_of("tt:department"), item.text_of("tt:role")].into_iter().flatten().collect(),
        title,
        warnings,
        ..Posting::default()
    })
}

/// "City, Country" when the location says them, else its name ("HQ, Stockholm").
fn place(location: &Node) -> Option<String> {
    let parts: Vec<String> =
        [location.text_of("tt:city"), location.text_of("tt:country")].into_iter().flatten().collect();
    if parts.is_empty() {
        return location.text_of("tt:name");
    }
    Some(parts.join(", "))
}
