//! The text of a CV file, whatever it came as: PDF (its text layer), Word (.docx: the paragraphs
//! of `word/document.xml`), plain text or Markdown. It exists so the rest of the import works on
//! one thing, lines of text, and so every way a file can be unreadable ends here with one plain
//! sentence naming the file and saying what to do about it.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::{Error, Result};

/// The most a CV file may weigh.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// The most `word/document.xml` may unpack to (a zip bomb is refused before it is read).
const MAX_DOCX_XML_BYTES: u64 = 50 * 1024 * 1024;
/// A PDF with fewer letters than this has no text layer worth reading (a scan).
const MIN_PDF_LETTERS: usize = 20;
/// The most all the deflated streams of a PDF may unpack to together. Deflate packs up to ~1000:1,
/// so a 20 MB file could otherwise ask lopdf for 20 GB ("PDF bomb"); a CV's fonts, images and
/// pages unpack to a few MB.
const MAX_PDF_INFLATED_BYTES: u64 = 64 * 1024 * 1024;
/// The most the pages' content streams (and form XObjects) may unpack to together: each operand
/// in them becomes a parsed object of ~100 bytes in pdf-extract, all of a page at once.
const MAX_PDF_CONTENT_BYTES: usize = 8 * 1024 * 1024;
/// The deepest nesting of `[` and `<<` a PDF may have (lopdf stops at 100 itself; this refuses
/// before any recursive parser runs).
const MAX_PDF_NESTING: usize = 256;
/// The deepest chain of form XObjects drawing form XObjects (pdf-extract recurses for each).
const MAX_PDF_FORM_DEPTH: usize = 16;

/// What a file is, from its first bytes and its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Docx,
    Text,
    JsonResume,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Pdf => "pdf",
            Kind::Docx => "docx",
            Kind::Text => "text",
            Kind::JsonResume => "json",
        }
    }
}

/// The file's name as the messages show it (its last path component).
pub fn display_name(file_name: &str) -> &str {
    file_name.rsplit(['/', '\\']).next().filter(|n| !n.is_empty()).unwrap_or(file_name)
}

/// "… is 34 MB; the most a CV may be is 20 MB".
pub fn too_big(file_name: &str, len: u64) -> Error {
    let mb = len.div_ceil(1024 * 1024);
    Error::Invalid(format!(
        "{} is {mb} MB; the most a CV may be is {} MB",
        display_name(file_name),
        MAX_FILE_BYTES / (1024 * 1024)
    ))
}

fn extension(file_name: &str) -> String {
    let name = display_name(file_name);
    match name.rsplit_once('.') {
        Some((_, ext)) => ext.to_ascii_lowercase(),
        None => String::new(),
    }
}

/// Recognizes the kind: the content decides for PDF and DOCX (whatever the name says), the
/// extension for JSON and text (which must also be UTF-8).
pub fn detect(bytes: &[u8], file_name: &str) -> Result<Kind> {
    let ext = extension(file_name);
    let unknown = || {
        Error::Invalid(format!(
            "{} is not a PDF, Word (.docx), text or JSON Resume file",
            display_name(file_name)
        ))
    };
    // An empty (or blank) file would otherwise be read as an empty text CV.
    if strip_bom(bytes).iter().all(u8::is_ascii_whitespace) {
        return Err(Error::Invalid(format!("{} is empty", display_name(file_name))));
    }
    if bytes.starts_with(b"%PDF") {
        return Ok(Kind::Pdf);
    }
    if bytes.starts_with(b"PK") {
        return if has_docx_entry(bytes) { Ok(Kind::Docx) } else { Err(unknown()) };
    }
    if ext == "pdf" {
        return Err(Error::Invalid(format!(
            "{} could not be read as a PDF: it does not start like a PDF file",
            display_name(file_name)
        )));
    }
    if ext == "docx" {
        return Err(Error::Invalid(format!(
            "{} could not be read as a Word document: it is not a .docx (zip) file",
            display_name(file_name)
        )));
    }
    let text_like = matches!(ext.as_str(), "txt" | "md" | "markdown" | "text" | "json" | "");
    if !text_like || bytes.contains(&0) || std::str::from_utf8(strip_bom(bytes)).is_err() {
        return Err(unknown());
    }
    Ok(if ext == "json" { Kind::JsonResume } else { Kind::Text })
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

fn has_docx_entry(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(Cursor::new(bytes))
        .is_ok_and(|zip| zip.index_for_name("word/document.xml").is_some())
}

/// The text of `bytes` read as `kind`. Lines are separated by `\n`.
pub fn text_of(bytes: &[u8], kind: Kind, file_name: &str) -> Result<String> {
    match kind {
        Kind::Pdf => pdf_text(bytes, file_name),
        Kind::Docx => docx_text(bytes, file_name),
        Kind::Text | Kind::JsonResume => {
            let text = std::str::from_utf8(strip_bom(bytes)).map_err(|_| {
                Error::Invalid(format!("{} is not valid UTF-8 text", display_name(file_name)))
            })?;
            Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
        }
    }
}

fn pdf_text(bytes: &[u8], file_name: &str) -> Result<String> {
    let name = display_name(file_name);
    let locked =
        || Error::Invalid(format!("{name} is password-protected; save it without a password and try again"));
    prescan_pdf(bytes).map_err(|why| Error::Invalid(format!("{name} could not be read as a PDF: {why}")))?;
    let mut doc = match pdf_extract::Document::load_mem(bytes) {
        Ok(doc) => doc,
        Err(pdf_extract::Error::Decryption(_)) => return Err(locked()),
        Err(e) => return Err(Error::Invalid(format!("{name} could not be read as a PDF: {e}"))),
    };
    // An owner password only restricts printing or copying; the empty user password opens it.
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(locked());
    }
    check_pdf_contents(&doc)
        .map_err(|why| Error::Invalid(format!("{name} could not be read as a PDF: {why}")))?;
    let mut text = String::new();
    pdf_extract::output_doc(&doc, &mut pdf_extract::PlainTextOutput::new(&mut text))
        .map_err(|e| Error::Invalid(format!("{name} could not be read as a PDF: {e}")))?;
    if text.chars().filter(|c| c.is_alphabetic()).count() < MIN_PDF_LETTERS {
        return Err(Error::Invalid(format!(
            "{name} has no text to read (a scanned image?); export it from your word processor as PDF, or use DOCX"
        )));
    }
    Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// Refuses, from the raw bytes and before lopdf parses anything, a PDF nested too deeply (a parser
/// recursing per level would overflow the stack, which aborts the process: catch_unwind cannot
/// catch it) or whose deflated streams unpack to more than [`MAX_PDF_INFLATED_BYTES`] (a "PDF
/// bomb": lopdf inflates with `read_to_end`, unbounded), or that uses LZW (unbounded too, and
/// unused since PDF 1.2).
fn prescan_pdf(bytes: &[u8]) -> std::result::Result<(), String> {
    let too_big = || format!("it unpacks to more than {} MB", MAX_PDF_INFLATED_BYTES / (1024 * 1024));
    if find(bytes, b"LZWDecode").is_some() {
        return Err("it uses LZW compression, which is not supported".into());
    }
    let (mut depth, mut max_depth, mut inflated, mut i) = (0usize, 0usize, 0u64, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'<' if bytes.get(i + 1) == Some(&b'<') => (depth, i) = (depth + 1, i + 1),
            b'>' if bytes.get(i + 1) == Some(&b'>') => (depth, i) = (depth.saturating_sub(1), i + 1),
            b's' if bytes[i..].starts_with(b"stream") && !bytes[..i].ends_with(b"end") => {
                let mut start = i + b"stream".len();
                match bytes.get(start..start + 2) {
                    Some(b"\r\n") => start += 2,
                    _ if matches!(bytes.get(start), Some(b'\n' | b'\r')) => start += 1,
                    _ => {
                        i += 1;
                        continue;
                    }
                }
                // Stream data is binary: it is not scanned for nesting, only inflated (bounded).
                let data = &bytes[start..];
                let left = MAX_PDF_INFLATED_BYTES - inflated;
                let (mut len, ok) = inflated_len(data, DataFormat::Zlib, left + 1);
                if !ok && data.len() > 2 {
                    // lopdf retries a damaged zlib stream as raw deflate after its 2-byte header.
                    len = len.max(inflated_len(&data[2..], DataFormat::Raw, left + 1).0);
                }
                inflated += len.min(left + 1);
                if inflated > MAX_PDF_INFLATED_BYTES {
                    return Err(too_big());
                }
                i = find(data, b"endstream").map_or(bytes.len(), |end| start + end + b"endstream".len());
                continue;
            }
            _ => {}
        }
        max_depth = max_depth.max(depth);
        if max_depth > MAX_PDF_NESTING {
            return Err("it is nested too deeply".into());
        }
        i += 1;
    }
    Ok(())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

use miniz_oxide::DataFormat;

/// How many bytes `data` inflates to, counting at most `limit` (the output is thrown away, 64 KB at
/// a time), and whether it ended cleanly.
fn inflated_len(data: &[u8], format: DataFormat, limit: u64) -> (u64, bool) {
    use miniz_oxide::inflate::stream::{inflate, InflateState};
    use miniz_oxide::{MZFlush, MZStatus};
    let mut state = InflateState::new_boxed(format);
    let mut out = vec![0u8; 64 * 1024];
    let (mut input, mut total) = (data, 0u64);
    while total < limit {
        let step = inflate(&mut state, input, &mut out, MZFlush::None);
        input = &input[step.bytes_consumed..];
        total += step.bytes_written as u64;
        match step.status {
            Ok(MZStatus::StreamEnd) => return (total, true),
            Ok(MZStatus::Ok) if step.bytes_consumed + step.bytes_written > 0 => {}
            _ => return (total, false),
        }
    }
    (total, true)
}

/// After lopdf has loaded the file (every stream now bounded by [`prescan_pdf`]): refuses page
/// contents too big to parse into objects ([`MAX_PDF_CONTENT_BYTES`]) and form XObjects that
/// draw themselves, directly or not, or nest deeper than [`MAX_PDF_FORM_DEPTH`] (pdf-extract
/// follows each `Do` recursively: a cycle would overflow the stack and abort the process).
fn check_pdf_contents(doc: &pdf_extract::Document) -> std::result::Result<(), String> {
    use pdf_extract::{Dictionary, Object, ObjectId};
    use std::collections::{BTreeMap, BTreeSet};

    let content_len = |id: ObjectId| match doc.get_object(id) {
        Ok(Object::Stream(s)) => s.decompressed_content().map_or(s.content.len(), |c| c.len()),
        _ => 0,
    };
    // The form XObjects named in a resource dictionary.
    let forms_of = |resources: &Dictionary| -> Vec<ObjectId> {
        let Ok(xobjects) =
            resources.get(b"XObject").and_then(|o| doc.dereference(o)).and_then(|(_, o)| o.as_dict())
        else {
            return Vec::new();
        };
        xobjects.iter().filter_map(|(_, o)| o.as_reference().ok()).collect()
    };
    let mut content = 0usize;
    let mut roots = BTreeSet::new();
    for page in doc.get_pages().into_values() {
        content += doc.get_page_contents(page).into_iter().map(content_len).sum::<usize>();
        if let Ok(resources) = doc
            .get_dictionary(page)
            .and_then(|p| p.get(b"Resources"))
            .and_then(|r| doc.dereference(r))
            .and_then(|(_, r)| r.as_dict())
        {
            roots.extend(forms_of(resources));
        }
    }
    // Form -> the forms it may draw: those of its own resources, or, without its own (it then uses
    // its caller's), every form named anywhere.
    let mut forms: BTreeMap<ObjectId, Option<Vec<ObjectId>>> = BTreeMap::new();
    for (&id, object) in &doc.objects {
        let Object::Stream(s) = object else { continue };
        if s.dict.get(b"Subtype").and_then(|t| t.as_name()).ok() != Some(b"Form".as_slice()) {
            continue;
        }
        content += content_len(id);
        let own = s.dict.get(b"Resources").and_then(|r| doc.dereference(r)).and_then(|(_, r)| r.as_dict());
        forms.insert(id, own.ok().map(forms_of));
    }
    if content > MAX_PDF_CONTENT_BYTES {
        return Err(format!(
            "its pages are too big to read (more than {} MB)",
            MAX_PDF_CONTENT_BYTES / (1024 * 1024)
        ));
    }
    let everywhere: Vec<ObjectId> =
        roots.iter().copied().chain(forms.values().flatten().flatten().copied()).collect();
    // Depth-first, with the forms on the current path (a cycle) and those already cleared.
    let (mut on_path, mut cleared) = (Vec::new(), BTreeSet::new());
    fn visit(
        id: ObjectId,
        forms: &BTreeMap<ObjectId, Option<Vec<ObjectId>>>,
        everywhere: &[ObjectId],
        on_path: &mut Vec<ObjectId>,
        cleared: &mut BTreeSet<ObjectId>,
    ) -> bool {
        let Some(next) = forms.get(&id) else { return true };
        if cleared.contains(&id) {
            return true;
        }
        if on_path.contains(&id) || on_path.len() >= MAX_PDF_FORM_DEPTH {
            return false;
        }
        on_path.push(id);
        let ok = next
            .as_deref()
            .unwrap_or(everywhere)
            .iter()
            .all(|&n| visit(n, forms, everywhere, on_path, cleared));
        on_path.pop();
        if ok {
            cleared.insert(id);
        }
        ok
    }
    if !roots.iter().all(|&id| visit(id, &forms, &everywhere, &mut on_path, &mut cleared)) {
        return Err("it is nested too deeply".into());
    }
    Ok(())
}

fn docx_text(bytes: &[u8], file_name: &str) -> Result<String> {
    let name = display_name(file_name);
    let bad = |why: String| Error::Invalid(format!("{name} could not be read as a Word document: {why}"));
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let mut entry = zip.by_name("word/document.xml").map_err(|e| bad(e.to_string()))?;
    if entry.size() > MAX_DOCX_XML_BYTES {
        return Err(bad(format!(
            "its text part unpacks to {} MB, more than a CV can be (at most {} MB)",
            entry.size().div_ceil(1024 * 1024),
            MAX_DOCX_XML_BYTES / (1024 * 1024)
        )));
    }
    // The declared size can lie: read at most one byte past the limit and refuse if it is there.
    let mut xml = Vec::new();
    (&mut entry).take(MAX_DOCX_XML_BYTES + 1).read_to_end(&mut xml).map_err(|e| bad(e.to_string()))?;
    if xml.len() as u64 > MAX_DOCX_XML_BYTES {
        return Err(bad(format!(
            "its text part unpacks to more than {} MB, more than a CV can be",
            MAX_DOCX_XML_BYTES / (1024 * 1024)
        )));
    }
    let xml = std::str::from_utf8(&xml).map_err(|_| bad("its text part is not UTF-8".into()))?;
    document_xml_text(xml).map_err(bad)
}

/// The text of WordprocessingML: a paragraph per line, `w:tab` a tab, `w:br` a line break, each
/// table cell on its own line.
pub(crate) fn document_xml_text(xml: &str) -> std::result::Result<String, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    let mut in_text = false;
    let mut para_start = 0;
    let mut listed = false;
    loop {
        let event = reader.read_event().map_err(|e| format!("damaged text part ({e})"))?;
        match event {
            Event::Eof => break,
            Event::Start(e) if e.name().into_inner() == "w:t" => in_text = true,
            Event::Start(e) if e.name().into_inner() == "w:p" => (para_start, listed) = (out.len(), false),
            // A numbered or bulleted paragraph: its bullet is drawn by Word, not in the text.
            Event::Start(e) | Event::Empty(e) if !listed && is_list_mark(e.name().into_inner(), &e) => {
                out.insert_str(para_start, "• ");
                listed = true;
            }
            Event::End(e) => match e.name().into_inner() {
                "w:t" => in_text = false,
                "w:p" | "w:tc" => end_line(&mut out),
                _ => {}
            },
            Event::Empty(e) => match e.name().into_inner() {
                "w:tab" => out.push('\t'),
                "w:br" | "w:cr" => out.push('\n'),
                "w:p" => end_line(&mut out),
                _ => {}
            },
            Event::Text(t) if in_text => {
                out.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if in_text => match r.resolve_char_ref() {
                Ok(Some(c)) => out.push(c),
                _ => {
                    let entity = format!("&{};", r.into_inner());
                    out.push_str(&html_escape::decode_html_entities(&entity));
                }
            },
            _ => {}
        }
    }
    Ok(out)
}

/// `w:numPr` (a numbered paragraph) or a list paragraph style (`w:pStyle w:val="ListBullet"`).
fn is_list_mark(name: &str, tag: &str) -> bool {
    name == "w:numPr" || (name == "w:pStyle" && tag.contains("w:val=\"List"))
}

fn end_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_xml_paragraphs_tabs_breaks_and_cells() {
        let xml = r#"<w:document><w:body>
            <w:p><w:r><w:t>Jane</w:t></w:r><w:r><w:t xml:space="preserve"> Doe</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="ListBullet"/></w:pPr><w:r><w:t>A</w:t><w:tab/><w:t>B</w:t><w:br/><w:t>C &amp; D</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell 1</w:t></w:r></w:p></w:tc>
            <w:tc><w:p><w:r><w:t>cell 2</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
        </w:body></w:document>"#;
        assert_eq!(document_xml_text(xml).unwrap(), "Jane Doe\n• A\tB\nC & D\ncell 1\ncell 2\n");
    }

    #[test]
    fn kinds() {
        assert_eq!(detect(b"%PDF-1.7", "x.bin").unwrap(), Kind::Pdf);
        assert_eq!(detect(b"\xEF\xBB\xBFJane", "cv.txt").unwrap(), Kind::Text);
        assert_eq!(detect(b"# Jane", "cv.md").unwrap(), Kind::Text);
        assert_eq!(detect(b"{}", "cv.json").unwrap(), Kind::JsonResume);
        assert!(detect(b"MZ\x90\x00", "setup.exe").is_err());
        assert!(detect(b"\xff\xfe", "cv.txt").is_err());
    }
}
