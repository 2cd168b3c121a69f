//! CV import: text, Markdown, DOCX and PDF files read into a JSON Resume draft with exactly the
//! values the document holds, and every kind of bad file refused with a plain sentence.

use std::io::{Cursor, Write};

use jobhunter_jobs::cv::{import_bytes, import_file, CvDraft};
use jobhunter_jobs::profile::Profile;
use pdf_writer::{Content, Name, Pdf, Rect, Ref, Str};
use serde_json::Value;

const ENGLISH: &str = "Jane Doe
Senior Backend Engineer
jane.doe@example.com | +44 20 7946 0958 | London, UK
https://www.linkedin.com/in/janedoe | https://github.com/janedoe

Summary
Backend engineer who likes boring technology.

Work Experience
Senior Backend Engineer — Acme Ltd
Jan 2020 - present
- Led the payments team
- Cut p99 latency by 40%

Software Engineer at Globex Inc
03/2016 – 12/2019
- Built the search service

Education
BSc Computer Science, University of Leeds
2012 – 2015

Skills
Languages: Rust, Go, Python
Tools: Docker; Kubernetes; PostgreSQL

Languages
English (native), German (B2)
";

const GERMAN: &str = "Lebenslauf

Max Mustermann
Softwareentwickler
Musterstraße 1, 10115 Berlin
Tel.: 0170 1234567
E-Mail: max.mustermann@example.de

BERUFSERFAHRUNG

seit 04/2021
Senior Entwickler
Beispiel GmbH, Berlin
• Entwicklung von Microservices

März 2018 – März 2021
Entwickler bei Muster AG
• Wartung der Plattform

Ausbildung
10/2013 – 09/2017
Bachelor of Science in Informatik
Technische Universität München

Kenntnisse:
Programmiersprachen: Java, Kotlin, SQL
Methoden: Scrum, Kanban

Sprachkenntnisse
Deutsch – Muttersprache
Englisch – fließend
";

const MARKDOWN: &str = "# Alex Example
**Data Scientist** · alex@example.org · +1 (555) 123-4567

## About me
I turn data into decisions.

## Experience

### Data Scientist | Initech
*2019 – 2023*
- Built churn models

### Analyst — Hooli
*2017–2019*

## Skills
- Python
- SQL
- Machine Learning

## Languages
- English: C1
";

fn draft(text: &str, name: &str) -> CvDraft {
    let draft = import_bytes(text.as_bytes(), name).unwrap_or_else(|e| panic!("{name}: {e}"));
    Profile::from_json_with_warnings(&draft.resume.to_string())
        .unwrap_or_else(|e| panic!("{name}: the draft is not a valid profile: {e}\n{:#}", draft.resume));
    draft
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v.as_array().unwrap().iter().map(|e| e[key].as_str().unwrap_or("<none>").to_owned()).collect()
}

#[test]
fn english_text_cv() {
    let d = draft(ENGLISH, "jane.txt");
    let r = &d.resume;
    assert_eq!(r["basics"]["name"], "Jane Doe");
    assert_eq!(r["basics"]["label"], "Senior Backend Engineer");
    assert_eq!(r["basics"]["email"], "jane.doe@example.com");
    assert_eq!(r["basics"]["phone"], "+44 20 7946 0958");
    assert_eq!(r["basics"]["location"]["city"], "London");
    assert_eq!(r["basics"]["profiles"][0]["network"], "LinkedIn");
    assert_eq!(r["basics"]["profiles"][1]["url"], "https://github.com/janedoe");
    assert_eq!(r["basics"]["summary"], "Backend engineer who likes boring technology.");
    assert_eq!(strings(&r["work"], "name"), ["Acme Ltd", "Globex Inc"]);
    assert_eq!(strings(&r["work"], "position"), ["Senior Backend Engineer", "Software Engineer"]);
    assert_eq!(strings(&r["work"], "startDate"), ["2020-01", "2016-03"]);
    assert!(r["work"][0].get("endDate").is_none(), "present is no end date");
    assert_eq!(r["work"][1]["endDate"], "2019-12");
    assert_eq!(r["work"][0]["highlights"][1], "Cut p99 latency by 40%");
    assert_eq!(r["education"][0]["institution"], "University of Leeds");
    assert_eq!(r["education"][0]["studyType"], "BSc");
    assert_eq!(r["education"][0]["area"], "Computer Science");
    assert_eq!(strings(&r["skills"], "name"), ["Languages", "Tools"]);
    assert_eq!(r["skills"][0]["keywords"], serde_json::json!(["Rust", "Go", "Python"]));
    assert_eq!(r["skills"][1]["keywords"], serde_json::json!(["Docker", "Kubernetes", "PostgreSQL"]));
    assert_eq!(
        r["languages"],
        serde_json::json!([
            {"language": "English", "fluency": "native"},
            {"language": "German", "fluency": "B2"},
        ])
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn german_text_cv() {
    let d = draft(GERMAN, "lebenslauf.txt");
    let r = &d.resume;
    assert_eq!(r["basics"]["name"], "Max Mustermann");
    assert_eq!(r["basics"]["label"], "Softwareentwickler");
    assert_eq!(r["basics"]["email"], "max.mustermann@example.de");
    assert_eq!(r["basics"]["phone"], "0170 1234567");
    assert!(r["basics"].get("location").is_none(), "a street address is not a clear City, Country");
    assert_eq!(strings(&r["work"], "name"), ["Beispiel GmbH", "Muster AG"]);
    assert_eq!(strings(&r["work"], "position"), ["Senior Entwickler", "Entwickler"]);
    assert_eq!(strings(&r["work"], "startDate"), ["2021-04", "2018-03"]);
    assert!(r["work"][0].get("endDate").is_none());
    assert_eq!(r["work"][0]["location"], "Berlin");
    assert_eq!(r["work"][1]["endDate"], "2021-03");
    assert_eq!(r["education"][0]["studyType"], "Bachelor of Science");
    assert_eq!(r["education"][0]["area"], "Informatik");
    assert_eq!(r["education"][0]["institution"], "Technische Universität München");
    assert_eq!(r["education"][0]["startDate"], "2013-10");
    assert_eq!(strings(&r["skills"], "name"), ["Programmiersprachen", "Methoden"]);
    assert_eq!(r["skills"][0]["keywords"], serde_json::json!(["Java", "Kotlin", "SQL"]));
    assert_eq!(strings(&r["languages"], "language"), ["Deutsch", "Englisch"]);
    assert_eq!(strings(&r["languages"], "fluency"), ["Muttersprache", "fließend"]);
}

#[test]
fn markdown_cv_with_bom() {
    let with_bom = format!("\u{feff}{MARKDOWN}");
    let d = draft(&with_bom, "alex.md");
    let r = &d.resume;
    assert_eq!(r["basics"]["name"], "Alex Example");
    assert_eq!(r["basics"]["label"], "Data Scientist");
    assert_eq!(r["basics"]["email"], "alex@example.org");
    assert_eq!(r["basics"]["phone"], "+1 (555) 123-4567");
    assert_eq!(strings(&r["work"], "name"), ["Initech", "Hooli"]);
    assert_eq!(strings(&r["work"], "position"), ["Data Scientist", "Analyst"]);
    assert_eq!(strings(&r["work"], "startDate"), ["2019", "2017"]);
    assert_eq!(strings(&r["skills"], "name"), ["Python", "SQL", "Machine Learning"]);
    assert_eq!(r["languages"][0], serde_json::json!({"language": "English", "fluency": "C1"}));
}

#[test]
fn nothing_invented_every_string_is_in_the_text() {
    fn walk(v: &Value, text: &str, path: &str) {
        match v {
            Value::String(s) if !path.ends_with("Date") && !path.ends_with("network") => {
                assert!(text.contains(s.as_str()), "{path} = {s:?} is not in the document")
            }
            Value::Array(a) => a.iter().enumerate().for_each(|(i, e)| walk(e, text, &format!("{path}[{i}]"))),
            Value::Object(o) => o.iter().for_each(|(k, e)| walk(e, text, &format!("{path}.{k}"))),
            _ => {}
        }
    }
    for (text, name) in [(ENGLISH, "a.txt"), (GERMAN, "b.txt"), (MARKDOWN, "c.md")] {
        walk(&draft(text, name).resume, text, name);
    }
}

fn docx(document_xml: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(document_xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

fn paragraphs(lines: &[&str]) -> String {
    let body: String = lines
        .iter()
        .map(|l| format!("<w:p><w:r><w:t xml:space=\"preserve\">{l}</w:t></w:r></w:p>"))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    )
}

#[test]
fn docx_cv() {
    let xml = paragraphs(&[
        "Erika Musterfrau",
        "erika@example.com",
        "Experience",
        "Product Manager, Contoso GmbH",
        "2020 – 2022",
        "Skills",
        "Roadmaps, Discovery &amp; Delivery",
    ]);
    let d = import_bytes(&docx(&xml), "erika.docx").unwrap();
    assert_eq!(d.kind, "docx");
    assert_eq!(d.resume["basics"]["name"], "Erika Musterfrau");
    assert_eq!(d.resume["basics"]["email"], "erika@example.com");
    assert_eq!(d.resume["work"][0]["name"], "Contoso GmbH");
    assert_eq!(d.resume["work"][0]["startDate"], "2020");
    assert_eq!(strings(&d.resume["skills"], "name"), ["Roadmaps", "Discovery & Delivery"]);
}

/// A one-page PDF in Helvetica (a standard font) with one line per text line; no lines: a
/// rectangle only (a "scan").
fn pdf(lines: &[&str]) -> Vec<u8> {
    let (catalog, tree, page, font, content_id) =
        (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4), Ref::new(5));
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids([page]).count(1);
    let mut p = pdf.page(page);
    p.media_box(Rect::new(0.0, 0.0, 595.0, 842.0)).parent(tree).contents(content_id);
    p.resources().fonts().pair(Name(b"F1"), font);
    drop(p);
    pdf.type1_font(font).base_font(Name(b"Helvetica"));
    let mut content = Content::new();
    if lines.is_empty() {
        content.rect(100.0, 100.0, 300.0, 400.0).fill_nonzero();
    } else {
        content.begin_text().set_font(Name(b"F1"), 12.0).next_line(72.0, 770.0);
        for line in lines {
            content.show(Str(line.as_bytes())).next_line(0.0, -18.0);
        }
        content.end_text();
    }
    pdf.stream(content_id, &content.finish());
    pdf.finish()
}

#[test]
fn pdf_cv_text_is_extracted() {
    let bytes = pdf(&[
        "John Smith",
        "john.smith@example.com",
        "Experience",
        "Data Engineer at Umbrella Corp",
        "2018 - 2021",
        "Skills",
        "Spark, Airflow, SQL",
    ]);
    let d = import_bytes(&bytes, "john.pdf").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.kind, "pdf");
    assert!(d.text.contains("John Smith"), "{:?}", d.text);
    assert_eq!(d.resume["basics"]["name"], "John Smith", "{:?}", d.text);
    assert_eq!(d.resume["basics"]["email"], "john.smith@example.com");
    assert_eq!(d.resume["work"][0]["name"], "Umbrella Corp");
    assert_eq!(d.resume["work"][0]["startDate"], "2018");
    assert_eq!(strings(&d.resume["skills"], "name"), ["Spark", "Airflow", "SQL"]);
}

fn refusal(bytes: &[u8], name: &str) -> String {
    match import_bytes(bytes, name) {
        Ok(d) => panic!("{name} was read: {:#}", d.resume),
        Err(jobhunter_jobs::Error::Invalid(message)) => message,
        Err(e) => panic!("{name}: not an Invalid error: {e:?}"),
    }
}

#[test]
fn random_bytes_named_pdf() {
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let message = refusal(&bytes, "cv.pdf");
    assert!(message.starts_with("cv.pdf could not be read as a PDF: "), "{message}");
    let mut truncated = b"%PDF-1.7\n".to_vec();
    truncated.extend_from_slice(&bytes);
    let message = refusal(&truncated, "cv.pdf");
    assert!(message.starts_with("cv.pdf could not be read as a PDF: "), "{message}");
}

#[test]
fn pdf_without_text_layer() {
    assert_eq!(
        refusal(&pdf(&[]), "scan.pdf"),
        "scan.pdf has no text to read (a scanned image?); export it from your word processor as PDF, or use DOCX"
    );
}

#[test]
fn docx_declaring_a_huge_text_part() {
    let mut bytes = docx(&paragraphs(&["Jane Doe"]));
    let huge = (60u32 * 1024 * 1024).to_le_bytes();
    // Patch the uncompressed size of every entry, in the local headers and the central directory.
    let mut i = 0;
    while i + 4 <= bytes.len() {
        match &bytes[i..i + 4] {
            [0x50, 0x4b, 0x03, 0x04] => bytes[i + 22..i + 26].copy_from_slice(&huge),
            [0x50, 0x4b, 0x01, 0x02] => bytes[i + 24..i + 28].copy_from_slice(&huge),
            _ => {}
        }
        i += 1;
    }
    let message = refusal(&bytes, "bomb.docx");
    assert!(
        message.starts_with("bomb.docx could not be read as a Word document: its text part unpacks to 60 MB"),
        "{message}"
    );
}

#[test]
fn unknown_kind() {
    assert_eq!(
        refusal(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "setup.exe"),
        "setup.exe is not a PDF, Word (.docx), text or JSON Resume file"
    );
    assert_eq!(
        refusal(b"\xff\xd8\xff\xe0 binary", "photo.txt"),
        "photo.txt is not a PDF, Word (.docx), text or JSON Resume file"
    );
}

#[test]
fn json_resume_goes_through_the_profile_import() {
    let d = import_bytes(br#"{"basics": {"name": "Jo Bloggs", "website": "https://jo.example"}}"#, "jo.json")
        .unwrap();
    assert_eq!(d.kind, "json");
    assert_eq!(d.resume["basics"]["url"], "https://jo.example");
    assert_eq!(d.warnings[0].field, "basics.website");
}

#[tokio::test]
async fn file_over_20_mb_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.pdf");
    std::fs::File::create(&path).unwrap().set_len(34 * 1024 * 1024).unwrap();
    let err = import_file(&path).await.unwrap_err();
    assert_eq!(err.to_string(), "huge.pdf is 34 MB; the most a CV may be is 20 MB");
}

#[tokio::test]
async fn file_import_reads_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jane.txt");
    std::fs::write(&path, ENGLISH).unwrap();
    let d = import_file(&path).await.unwrap();
    assert_eq!(d.resume["basics"]["name"], "Jane Doe");
}
