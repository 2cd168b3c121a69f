//! RSS 2.0 (and RDF/RSS 1.0) and Atom job feeds (`feed:<url>`), read with a pull parser.
//! Items/entries become postings: title, link (Atom `<link href>`), guid/id, pubDate
//! (RFC 2822) or published/updated (RFC 3339), description / content:encoded / content as
//! HTML (CDATA or escaped, sometimes escaped twice) to text, salary parsed from the title or
//! text (or a `<salary>` element), company from `<company>`, `dc:creator`, `<author>`, else the
//! job feeds' "Company: Title" item titles, else the feed's author or title. `<type>` is the
//! employment type; `<region>` and `<country>` are locations. The spec's argument is the feed
//! URL: no base-URL override applies.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::posting::{parse_datetime, Posting, PostingWarning, Workplace};
use crate::salary::parse_salary;
use crate::text::{html_to_text, unescape_html};
use crate::{Error, Result};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Rss,
    Atom,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Field {
    FeedTitle,
    FeedAuthor,
    Title,
    Link,
    Id,
    Published,
    Updated,
    Description,
    Content,
    Author,
    Creator,
    Category,
    Company,
    Location,
    Country,
    Salary,
    Type,
}

#[derive(Default)]
struct Item {
    title: Option<String>,
    link: Option<String>,
    id: Option<String>,
    published: Option<String>,
    updated: Option<String>,
    description: Option<String>,
    content: Option<String>,
    author: Option<String>,
    creator: Option<String>,
    categories: Vec<String>,
    company: Option<String>,
    location: Option<String>,
    country: Option<String>,
    salary: Option<String>,
    kind: Option<String>,
}

impl Item {
    fn set(&mut self, field: Field, value: String) {
        let value = value.trim().to_owned();
        if value.is_empty() {
            return;
        }
        let slot = match field {
            Field::Title => &mut self.title,
            Field::Link => &mut self.link,
            Field::Id => &mut self.id,
            Field::Published => &mut self.published,
            Field::Updated => &mut self.updated,
            Field::Description => &mut self.description,
            Field::Content => &mut self.content,
            Field::Author => &mut self.author,
            Field::Creator => &mut self.creator,
            Field::Company => &mut self.company,
            Field::Location => &mut self.location,
            Field::Salary => &mut self.salary,
            Field::Country => &mut self.country,
            Field::Type => &mut self.kind,
            Field::Category => {
                self.categories.push(value);
                return;
            }
            Field::FeedTitle | Field::FeedAuthor => return,
        };
        if slot.is_none() {
            *slot = Some(value);
        }
    }
}

/// What the parser is capturing: a field and the stack depth its element opened at.
struct Capture {
    field: Field,
    depth: usize,
    text: String,
}

pub(super) fn parse(source: &str, feed_url: &str, body: &str) -> Result<Vec<Posting>> {
    let mut reader = Reader::from_str(body);
    let mut stack: Vec<String> = Vec::new();
    let mut kind = None;
    let mut feed_title = None;
    let mut feed_author = None;
    let mut items: Vec<Item> = Vec::new();
    let mut current: Option<(Item, usize)> = None;
    let mut capture: Option<Capture> = None;
    loop {
        let event = reader.read_event().map_err(|e| {
            Error::malformed(source, format!("not well-formed XML at byte {}: {e}", reader.error_position()))
        })?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let name = local_name(e);
            if let Some(cap) = capture.as_mut() {
                // Markup inside a captured field (Atom `type="xhtml"` content): keep it as HTML.
                if empty {
                    cap.text.push_str(&format!("<{name}/>"));
                } else {
                    cap.text.push_str(&format!("<{name}>"));
                    stack.push(name);
                }
                continue;
            }
            {
                if stack.is_empty() {
                    kind = Some(match name.as_str() {
                        "rss" | "RDF" => Kind::Rss,
                        "feed" => Kind::Atom,
                        other => {
                            return Err(Error::malformed(
                                source,
                                format!("expected an RSS <rss> or Atom <feed> document, found <{other}>"),
                            ))
                        }
                    });
                }
                let kind = kind.expect("root seen");
                let depth = stack.len();
                let parent = stack.last().map(String::as_str);
                let field = if let Some((item, _)) = current.as_mut() {
                    match name.as_str() {
                        "link" if attr(e, "href").is_some() => {
                            let rel = attr(e, "rel");
                            if rel.as_deref().is_none_or(|r| r == "alternate") {
                                item.set(Field::Link, attr(e, "href").unwrap_or_default());
                            }
                            None
                        }
                        "category" if attr(e, "term").is_some() => {
                            item.set(Field::Category, attr(e, "term").unwrap_or_default());
                            None
                        }
                        "title" => Some(Field::Title),
                        "link" => Some(Field::Link),
                        "guid" | "id" => Some(Field::Id),
                        "pubDate" | "published" | "date" | "issued" => Some(Field::Published),
                        "updated" | "modified" => Some(Field::Updated),
                        "description" | "summary" => Some(Field::Description),
                        "encoded" | "content" => Some(Field::Content),
                        "author" if kind == Kind::Rss => Some(Field::Author),
                        "name" if parent == Some("author") => Some(Field::Author),
                        "creator" => Some(Field::Creator),
                        "category" => Some(Field::Category),
                        "company" | "hiringOrganization" => Some(Field::Company),
                        "location" | "region" => Some(Field::Location),
                        "country" => Some(Field::Country),
                        "type" | "jobType" | "employmentType" => Some(Field::Type),
                        "salary" => Some(Field::Salary),
                        _ => None,
                    }
                } else if matches!(name.as_str(), "item" | "entry") {
                    current = Some((Item::default(), depth));
                    None
                } else {
                    let feed_level = match kind {
                        Kind::Rss => parent == Some("channel"),
                        Kind::Atom => depth == 1,
                    };
                    match name.as_str() {
                        "title" if feed_level => Some(Field::FeedTitle),
                        "name" if kind == Kind::Atom && depth == 2 && parent == Some("author") => {
                            Some(Field::FeedAuthor)
                        }
                        _ => None,
                    }
                };
                if empty {
                    if matches!(name.as_str(), "item" | "entry") {
                        current = None;
                    }
                    continue;
                }
                stack.push(name);
                if let Some(field) = field {
                    capture = Some(Capture { field, depth, text: String::new() });
                }
            }
            continue;
        }
        match event {
            Event::Eof => break,
            Event::Text(t) => {
                if let Some(cap) = capture.as_mut() {
                    cap.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(c) => {
                if let Some(cap) = capture.as_mut() {
                    cap.text.push_str(&c.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(cap) = capture.as_mut() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => cap.text.push(c),
                        _ => {
                            let entity = format!("&{};", r.into_inner());
                            cap.text.push_str(&html_escape::decode_html_entities(&entity));
                        }
                    }
                }
            }
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                let depth = stack.len();
                if let Some(cap) = capture.as_mut() {
                    if cap.depth < depth {
                        cap.text.push_str(&format!("</{name}>"));
                        continue;
                    }
                    let cap = capture.take().expect("capturing");
                    match cap.field {
                        Field::FeedTitle => feed_title = feed_title.or(Some(cap.text.trim().to_owned())),
                        Field::FeedAuthor => feed_author = feed_author.or(Some(cap.text.trim().to_owned())),
                        field => {
                            if let Some((item, _)) = current.as_mut() {
                                item.set(field, cap.text);
                            }
                        }
                    }
                    continue;
                }
                if current.as_ref().is_some_and(|(_, d)| *d == depth) {
                    items.push(current.take().expect("item").0);
                }
            }
            _ => {}
        }
    }
    if kind.is_none() {
        return Err(Error::malformed(source, "empty document: expected an RSS or Atom feed"));
    }
    let feed_name = feed_author.filter(|a| !a.is_empty()).or(feed_title.filter(|t| !t.is_empty()));
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| posting(source, feed_url, i, item, feed_name.as_deref()))
        .collect()
}

fn local_name(e: &BytesStart) -> String {
    let name = e.local_name();
    let name: &str = name.as_ref();
    name.to_owned()
}

fn attr(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| {
            let k = a.key.local_name();
            let k: &str = k.as_ref();
            k == key
        })
        .map(|a| html_escape::decode_html_entities(&a.value).trim().to_owned())
}

fn posting(source: &str, feed_url: &str, i: usize, item: Item, feed_name: Option<&str>) -> Result<Posting> {
    let title = item
        .title
        .map(|t| html_to_text(&t))
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Error::malformed(source, format!("item[{i}]: no <title>")))?;
    let id = item
        .id
        .clone()
        .or_else(|| item.link.clone())
        .ok_or_else(|| Error::malformed(source, format!("item[{i}]: no <guid>, <id> or <link>")))?;
    let raw = item.content.or(item.description).unwrap_or_default();
    // Escaped once more than needed ("&lt;p&gt;" after XML decoding): decode to markup.
    let html = if !raw.contains('<') && raw.contains("&lt;") { unescape_html(&raw) } else { raw };
    let text = html_to_text(&html);
    let salary = item
        .salary
        .as_deref()
        .and_then(parse_salary)
        .or_else(|| parse_salary(&title))
        .or_else(|| parse_salary(&text));
    // RSS `<author>` is "email (Name)"; a bare address names no company.
    let author = item.author.and_then(|a| match (a.find('('), a.rfind(')')) {
        (Some(open), Some(close)) if open < close => Some(a[open + 1..close].trim().to_owned()),
        _ if a.contains('@') => None,
        _ => Some(a),
    });
    let mut warnings = Vec::new();
    let stated = item.company.or(item.creator).or(author).filter(|c| !c.is_empty());
    let (company, title) = match (stated, company_prefix(&title)) {
        (Some(company), _) => (company, title),
        // "Qase: Developer Advocate": job feeds put the company before the title.
        (None, Some((company, rest))) => (company, rest),
        (None, None) => {
            let name = feed_name.map(str::to_owned).unwrap_or_else(|| feed_url.to_owned());
            warnings.push(PostingWarning::new(
                "company",
                format!("the item names no company; the feed's name '{name}' is shown instead"),
            ));
            (name, title)
        }
    };
    let workplace =
        [Some(title.as_str()), item.location.as_deref()].into_iter().flatten().find_map(Workplace::from_text);
    let employment_type = item.kind.as_deref().and_then(super::employment_type);
    let posted_at = item.published.or(item.updated).as_deref().and_then(parse_datetime);
    Ok(Posting {
        source: source.to_owned(),
        source_job_id: id,
        title,
        company,
        location: item.location,
        locations: item.country.into_iter().collect(),
        workplace,
        remote: None,
        employment_type,
        salary,
        description_text: text,
        description_html: Some(html),
        apply_url: item.link.clone(),
        url: item.link,
        apply_email: None,
        posted_at,
        tags: item.categories,
        warnings,
    })
}

/// "Qase: Developer Advocate" → ("Qase", "Developer Advocate"); `None` when the part before the
/// colon does not look like a name (too long, a sentence, a number, no title after it).
fn company_prefix(title: &str) -> Option<(String, String)> {
    let (company, rest) = title.split_once(": ")?;
    let (company, rest) = (company.trim(), rest.trim());
    let words = company.split_whitespace().count();
    let looks_like_name = !company.is_empty()
        && words <= 5
        && company.chars().count() <= 60
        && company.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && !company.chars().all(|c| c.is_ascii_digit());
    (looks_like_name && !rest.is_empty()).then(|| (company.to_owned(), rest.to_owned()))
}
