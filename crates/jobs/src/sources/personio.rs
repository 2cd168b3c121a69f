//! Personio's public job feed: `https://<company>.jobs.personio.de/xml`, an XML document
//! `<workzag-jobs>` with one `<position>` per open job: `id`, `name` (the title), `subcompany`
//! (the hiring company, often missing), `office` and `additionalOffices/office`, `department`,
//! `recruitingCategory`, `employmentType` (permanent, intern, trainee, freelance, temporary,
//! working_student), `schedule` (full-time, part-time, full-or-part-time), `seniority`,
//! `keywords` (comma-separated), `createdAt` (RFC 3339) and `jobDescriptions/jobDescription`
//! sections, each a `name` and an HTML `value` in CDATA. The feed has no posting URL and no
//! salary field: the page is `<host>/job/<id>` and a salary is parsed from the text. An empty
//! `<workzag-jobs/>` is a company with no open positions (not an error); any other document
//! (an HTML page for an unknown company) is malformed.
//!
//! [`Node`] and [`read_tree`], a small XML tree reader, serve the Teamtailor feed too.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::fields::slug_company;
use crate::posting::{parse_datetime, Posting, Workplace};
use crate::salary::parse_salary;
use crate::text::html_to_text;
use crate::{Error, Result};

/// One XML element: its qualified name (`tt:city`), its own text (CDATA and entities
/// resolved) and its child elements.
#[derive(Debug, Default)]
pub(super) struct Node {
    pub name: String,
    pub text: String,
    pub children: Vec<Node>,
}

impl Node {
    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child named `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of the first child named `name`; `None` when missing or empty.
    pub fn text_of(&self, name: &str) -> Option<String> {
        let text = self.child(name)?.text.trim();
        (!text.is_empty()).then(|| text.to_owned())
    }
}

/// The document's root element as a tree; a document that is not well-formed XML (or has no
/// element) is a `Malformed` error naming `source`.
pub(super) fn read_tree(source: &str, body: &str) -> Result<Node> {
    let mut reader = Reader::from_str(body);
    let mut stack: Vec<Node> = Vec::new();
    loop {
        let event = reader.read_event().map_err(|e| {
            Error::malformed(source, format!("not well-formed XML at byte {}: {e}", reader.error_position()))
        })?;
        match event {
            Event::Start(e) => {
                let name = qualified_name(&e);
                stack.push(Node { name, ..Node::default() });
            }
            Event::Empty(e) => {
                let name = qualified_name(&e);
                let node = Node { name, ..Node::default() };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => return Ok(node),
                }
            }
            Event::Text(t) => {
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(c) => {
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&c.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(node) = stack.last_mut() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => node.text.push(c),
                        _ => {
                            let entity = format!("&{};", r.into_inner());
                            node.text.push_str(&html_escape::decode_html_entities(&entity));
                        }
                    }
                }
            }
            Event::End(_) => {
                let Some(node) = stack.pop() else {
                    return Err(Error::malformed(source, "an end tag without its start"));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => return Ok(node),
                }
            }
            Event::Eof => return Err(Error::malformed(source, "empty document: no XML element")),
            _ => {}
        }
    }
}

fn qualified_name(e: &quick_xml::events::BytesStart) -> String {
    let name = e.name();
    let name: &str = name.as_ref();
    name.to_owned()
}

/// Postings of a Personio feed; `public_base` is the company's job page host (posting URLs).
pub(super) fn parse(source: &str, company: &str, public_base: &str, body: &str) -> Result<Vec<Posting>> {
    let root = read_tree(source, body)?;
    if root.name != "workzag-jobs" {
        return Err(Error::malformed(
            source,
            format!("expected Personio's <workzag-jobs> feed, found <{}>", root.name),
        ));
    }
    root.all("position").enumerate().map(|(i, p)| position(source, company, public_base, i, p)).collect()
}

fn position(source: &str, company: &str, public_base: &str, i: usize, p: &Node) -> Result<Posting> {
    let id = p.text_of("id").ok_or_else(|| Error::malformed(source, format!("position[{i}]: no <id>")))?;
    let title =
        p.text_of("name").ok_or_else(|| Error::malformed(source, format!("position[{i}]: no <name>")))?;
    let mut html = String::new();
    for section in p.child("jobDescriptions").iter().flat_map(|d| d.all("jobDescription")) {
        let value = section.text_of("value").unwrap_or_default();
        if value.is_empty() {
            continue;
        }
        if let Some(name) = section.text_of("name") {
            html.push_str(&format!("<h3>{}</h3>", html_escape::encode_text(&name)));
        }
        html.push_str(&value);
    }
    let text = html_to_text(&html);
    let mut warnings = Vec::new();
    let company = match p.text_of("subcompany") {
        Some(c) => c,
        None => slug_company(company, &mut warnings),
    };
    let office = p.text_of("office");
    let others = p.child("additionalOffices").into_iter().flat_map(|o| o.all("office"));
    let locations: Vec<String> = office.iter().cloned().chain(others.filter_map(office_text)).collect();
    let keywords = p.text_of("keywords").unwrap_or_default();
    let tags = [p.text_of("department"), p.text_of("recruitingCategory")]
        .into_iter()
        .flatten()
        .chain(keywords.split(',').map(|k| k.trim().to_owned()))
        .collect();
    let url = format!("{}/job/{id}", public_base.trim_end_matches('/'));
    Ok(Posting {
        source: source.to_owned(),
        source_job_id: id,
        salary: parse_salary(&text),
        company,
        workplace: locations.iter().find_map(|l| Workplace::from_text(l)),
        location: locations.first().cloned(),
        locations,
        employment_type: kind(p.text_of("employmentType").as_deref(), p.text_of("schedule").as_deref()),
        description_text: text,
        description_html: Some(html),
        apply_url: Some(url.clone()),
        url: Some(url),
        posted_at: p.text_of("createdAt").as_deref().and_then(parse_datetime),
        title,
        tags,
        warnings,
        ..Posting::default()
    })
}

fn office_text(node: &Node) -> Option<String> {
    let text = node.text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The employment type from `employmentType` when it says more than "permanent" (intern,
/// freelance, ...), else from `schedule` (full-time, part-time).
fn kind(employment: Option<&str>, schedule: Option<&str>) -> Option<String> {
    let special = match employment.map(|e| e.trim().to_ascii_lowercase()).as_deref() {
        Some("intern") => Some("Internship"),
        Some("trainee") => Some("Trainee"),
        Some("freelance") => Some("Contract"),
        Some("temporary") => Some("Temporary"),
        Some("working_student") => Some("Working student"),
        _ => None,
    };
    if let Some(special) = special {
        return Some(special.to_owned());
    }
    match schedule.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
        Some("full-or-part-time") => Some("Full-time or part-time".to_owned()),
        Some(s) => super::employment_type(s),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trees_keep_cdata_entities_and_prefixes() {
        let root = read_tree("t", "<a><tt:b>x &amp; <![CDATA[<p>y</p>]]></tt:b><c/></a>").unwrap();
        assert_eq!(root.name, "a");
        assert_eq!(root.text_of("tt:b").as_deref(), Some("x & <p>y</p>"));
        assert!(root.child("c").is_some() && root.text_of("c").is_none());
        assert!(read_tree("t", "").is_err() && read_tree("t", "<a><b></a>").is_err());
        assert!(read_tree("t", "</a>").is_err() && read_tree("t", "<a>").is_err());
    }

    #[test]
    fn employment_types_from_type_and_schedule() {
        assert_eq!(kind(Some("permanent"), Some("full-time")).as_deref(), Some("Full-time"));
        assert_eq!(kind(Some("intern"), Some("full-time")).as_deref(), Some("Internship"));
        assert_eq!(kind(None, Some("part-time")).as_deref(), Some("Part-time"));
        assert_eq!(kind(None, None), None);
    }
}
