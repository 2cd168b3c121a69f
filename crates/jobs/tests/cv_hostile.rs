//! CV import of hostile files: encrypted, damaged, deeply nested, compression bombs, lying names,
//! empty. Each must end in a plain `Error::Invalid` naming the file (or, where a reader recovers,
//! an ordinary result), quickly, never a hang, a crash or gigabytes of memory. Every file is built
//! in memory; none is large on disk.

use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use jobhunter_jobs::cv::{import_bytes_guarded, CvDraft};
use jobhunter_jobs::Error;

/// What one hostile case may take (the import's own timeout is 10 s; a case near it is a bug).
const FAST: Duration = Duration::from_secs(3);

async fn import(bytes: Vec<u8>, name: &str) -> Result<CvDraft, String> {
    let start = Instant::now();
    let result = import_bytes_guarded(bytes, name.to_owned()).await;
    let took = start.elapsed();
    assert!(took < FAST, "{name} took {took:?}");
    match result {
        Ok(draft) => Ok(draft),
        Err(Error::Invalid(message)) => {
            assert!(message.starts_with(name), "the message names the file: {message}");
            Err(message)
        }
        Err(e) => panic!("{name}: not an Invalid error: {e:?}"),
    }
}

async fn refused(bytes: Vec<u8>, name: &str) -> String {
    match import(bytes, name).await {
        Ok(d) => panic!("{name} was read: {:?}", d.text),
        Err(message) => message,
    }
}

// ---- PDFs written by hand, byte by byte (so they can be wrong on purpose) ----

const TEXT_CONTENT: &[u8] = b"BT /F1 12 Tf 72 770 Td (Jane Doe, Senior Backend Engineer at Acme Ltd) Tj ET";

/// A PDF of `objects` (numbered from 1; 1 is the catalog) with a correct cross-reference table
/// and `trailer_extra` added to the trailer dictionary.
fn pdf_of(objects: &[Vec<u8>], trailer_extra: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        writeln!(out, "{} 0 obj", i + 1).unwrap();
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).unwrap();
    for offset in offsets {
        writeln!(out, "{offset:010} 00000 n ").unwrap();
    }
    write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    )
    .unwrap();
    out
}

fn stream(dict_extra: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< /Length {} {dict_extra} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// Catalog, page tree, one page in Helvetica showing `content` (object 5), then `more`.
fn one_page(content: Vec<u8>, more: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        content,
    ];
    objects.extend_from_slice(more);
    objects
}

#[tokio::test]
async fn sanity_the_hand_written_pdf_reads() {
    let bytes = pdf_of(&one_page(stream("", TEXT_CONTENT), &[]), "");
    let d = import(bytes, "plain.pdf").await.unwrap();
    assert!(d.text.contains("Jane Doe"), "{:?}", d.text);
}

// 1. Encrypted with a user password: the standard security handler, whose /U does not match the
// empty password.
#[tokio::test]
async fn encrypted_pdf_is_password_protected() {
    let hex32 = "A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90";
    let encrypt = format!("<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <{hex32}> /U <{hex32}> >>");
    let objects = one_page(stream("", b"garbled ciphertext stands in here"), &[encrypt.into_bytes()]);
    let id = "0123456789ABCDEF0123456789ABCDEF";
    let bytes = pdf_of(&objects, &format!("/Encrypt 6 0 R /ID [<{id}> <{id}>]"));
    assert_eq!(
        refused(bytes, "locked.pdf").await,
        "locked.pdf is password-protected; save it without a password and try again"
    );
}

// 2. A broken cross-reference table: offsets pointing nowhere, and `startxref` garbage.
#[tokio::test]
async fn broken_xref_is_an_error_or_a_recovery() {
    let good = pdf_of(&one_page(stream("", TEXT_CONTENT), &[]), "");
    let text = String::from_utf8_lossy(&good).into_owned();
    let xref_at = text.find("xref\n").unwrap();
    let (body, table) = text.split_at(xref_at);
    // Every in-use entry points past the end of the file.
    let nowhere = table
        .lines()
        .map(|l| {
            if l.ends_with(" n") || l.ends_with(" n ") {
                "0099999999 00000 n ".to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let garbage_start = text.replace(&format!("startxref\n{xref_at}"), "startxref\n18446744073709551615999");
    let no_start = text.replace(&format!("startxref\n{xref_at}"), "startxref\nxyz");
    let cut = text[..text.len() / 2].to_owned();
    for (case, bytes) in [
        ("nowhere.pdf", format!("{body}{nowhere}").into_bytes()),
        ("garbage.pdf", garbage_start.into_bytes()),
        ("nostart.pdf", no_start.into_bytes()),
        ("cut.pdf", cut.into_bytes()),
    ] {
        match import(bytes, case).await {
            Ok(d) => assert!(d.text.contains("Jane Doe"), "{case}: {:?}", d.text),
            Err(message) => assert!(
                message.starts_with(&format!("{case} could not be read"))
                    || message.starts_with(&format!("{case} has no text to read")),
                "{case}: {message}"
            ),
        }
    }
}

// 3. 100 000 nested arrays or dictionaries: refused before any recursive parser sees them (a stack
// overflow aborts the process; catch_unwind cannot catch it).
#[tokio::test]
async fn deeply_nested_pdf_is_refused() {
    let depth = 100_000;
    let arrays = [b"[".repeat(depth), b"]".repeat(depth)].concat();
    let dicts = [b"<< /K ".repeat(depth), b">>".repeat(depth)].concat();
    for (case, nested) in [("arrays.pdf", arrays), ("dicts.pdf", dicts)] {
        let mut in_page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Deep ".to_vec();
        in_page.extend_from_slice(&nested);
        in_page.extend_from_slice(b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>");
        let mut objects = one_page(stream("", TEXT_CONTENT), &[]);
        objects[2] = in_page;
        let message = refused(pdf_of(&objects, ""), case).await;
        assert_eq!(message, format!("{case} could not be read as a PDF: it is nested too deeply"));
        // The same nesting in a page's content stream: stream data is not pre-scanned (it is
        // binary), lopdf's content parser stops at depth 100 and pdf-extract panics on the error.
        let mut content = TEXT_CONTENT.to_vec();
        content.extend_from_slice(b" ");
        content.extend_from_slice(&nested);
        content.extend_from_slice(b" pop");
        let message = refused(pdf_of(&one_page(stream("", &content), &[]), ""), case).await;
        assert_eq!(message, format!("{case} could not be read: the file looks damaged"));
    }
}

// 4a. A stream whose /Length claims far more than the file holds.
#[tokio::test]
async fn stream_length_past_the_end() {
    let mut content = b"<< /Length 4000000000 >>\nstream\n".to_vec();
    content.extend_from_slice(TEXT_CONTENT);
    content.extend_from_slice(b"\nendstream");
    match import(pdf_of(&one_page(content, &[]), ""), "long.pdf").await {
        Ok(d) => assert!(d.text.contains("Jane Doe"), "{:?}", d.text),
        Err(message) => assert!(
            message.starts_with("long.pdf could not be read")
                || message.starts_with("long.pdf has no text to read"),
            "{message}"
        ),
    }
}

/// A zlib stream of `n` zero bytes (or of `pattern` repeated) — what a PDF bomb holds.
fn deflated(pattern: &[u8], n: usize) -> Vec<u8> {
    let data: Vec<u8> = pattern.iter().copied().cycle().take(n).collect();
    miniz_oxide::deflate::compress_to_vec_zlib(&data, 1)
}

// 4b. A FlateDecode stream inflating to far more than a CV could hold: 300 MB of zeros.
#[tokio::test]
async fn pdf_bomb_is_refused() {
    let start = Instant::now();
    let bomb = deflated(b"0", 20 * 1024 * 1024);
    eprintln!("deflating 20 MB took {:?} -> {} bytes", start.elapsed(), bomb.len());
    // Fifteen content streams of 20 MB each: 300 MB in all, from a file of a few hundred KB.
    let mut more = Vec::new();
    for _ in 0..15 {
        more.push(stream("/Filter /FlateDecode", &bomb));
    }
    let refs: String = (6..21).map(|i| format!("{i} 0 R ")).collect();
    let mut objects = one_page(stream("", TEXT_CONTENT), &more);
    objects[2] = format!(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents [5 0 R {refs}] >>"
    )
    .into_bytes();
    let bytes = pdf_of(&objects, "");
    assert!(bytes.len() < 2 * 1024 * 1024, "{}", bytes.len());
    let message = refused(bytes, "bomb.pdf").await;
    assert!(message.starts_with("bomb.pdf could not be read as a PDF: it unpacks to more than"), "{message}");
}

// 4c. One 20 MB content stream of numbers (each a parsed object in memory): bounded in time.
#[tokio::test]
async fn pdf_content_of_many_operands_is_bounded() {
    let bomb = deflated(b"1 ", 20 * 1024 * 1024);
    let bytes = pdf_of(&one_page(stream("/Filter /FlateDecode", &bomb), &[]), "");
    assert_eq!(
        refused(bytes, "operands.pdf").await,
        "operands.pdf could not be read as a PDF: its pages are too big to read (more than 8 MB)"
    );
}

// 4d. A form XObject that draws itself: pdf-extract would recurse until the stack overflows.
#[tokio::test]
async fn pdf_form_drawing_itself_is_refused() {
    let page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> /XObject << /X 6 0 R >> >> /Contents 5 0 R >>";
    let mut content = TEXT_CONTENT.to_vec();
    content.extend_from_slice(b" /X Do");
    let form = stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 6 0 R >> >>",
        b"/X Do",
    );
    let mut objects = one_page(stream("", &content), &[form]);
    objects[2] = page.to_vec();
    assert_eq!(
        refused(pdf_of(&objects, ""), "loop.pdf").await,
        "loop.pdf could not be read as a PDF: it is nested too deeply"
    );
}

// ---- DOCX ----

fn docx_with(document_xml: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_level(Some(1));
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(document_xml).unwrap();
    zip.finish().unwrap().into_inner()
}

// 5. A zip bomb: 60 MB of repeated text in a zip of well under a megabyte, honestly declared.
#[tokio::test]
async fn docx_zip_bomb_is_refused() {
    let mut xml = b"<w:document><w:body><w:p><w:r><w:t>".to_vec();
    xml.resize(60 * 1024 * 1024, b'A');
    let bytes = docx_with(&xml);
    assert!(bytes.len() < 1024 * 1024, "{}", bytes.len());
    let message = refused(bytes, "bomb.docx").await;
    assert!(
        message.starts_with("bomb.docx could not be read as a Word document: its text part unpacks to 60 MB"),
        "{message}"
    );
}

// 6. 200 000 nested elements: quick-xml reads iteratively, so this is text (or an error), not a
// stack overflow.
#[tokio::test]
async fn docx_deeply_nested_xml_is_bounded() {
    let depth = 200_000;
    let xml = [
        b"<w:document><w:body>".to_vec(),
        b"<w:p><a>".repeat(depth),
        b"<w:r><w:t>Jane Doe</w:t></w:r>".to_vec(),
        b"</a></w:p>".repeat(depth),
        b"</w:body></w:document>".to_vec(),
    ]
    .concat();
    match import(docx_with(&xml), "nested.docx").await {
        Ok(d) => assert!(d.text.contains("Jane Doe"), "{:?}", &d.text[..d.text.len().min(200)]),
        Err(message) => assert!(message.starts_with("nested.docx could not be read"), "{message}"),
    }
    // Unclosed: 200 000 opening tags and no end.
    let open = [b"<w:document><w:body>".to_vec(), b"<w:p><a>".repeat(depth)].concat();
    match import(docx_with(&open), "open.docx").await {
        Ok(d) => assert!(!d.text.contains('<'), "{:?}", &d.text[..d.text.len().min(200)]),
        Err(message) => assert!(message.starts_with("open.docx could not be read"), "{message}"),
    }
}

// 7. The name lies: a DOCX named .pdf, a PDF named .docx — the content decides.
#[tokio::test]
async fn kind_comes_from_the_content_not_the_name() {
    let xml = "<w:document><w:body><w:p><w:r><w:t>Jane Doe</w:t></w:r></w:p>\
        <w:p><w:r><w:t>jane@example.com</w:t></w:r></w:p></w:body></w:document>";
    let d = import(docx_with(xml.as_bytes()), "cv.pdf").await.unwrap();
    assert_eq!(d.kind, "docx");
    assert_eq!(d.resume["basics"]["name"], "Jane Doe");
    let d = import(pdf_of(&one_page(stream("", TEXT_CONTENT), &[]), ""), "cv.docx").await.unwrap();
    assert_eq!(d.kind, "pdf");
    assert!(d.text.contains("Jane Doe"), "{:?}", d.text);
    // A zip that is not a Word document, named .docx.
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("photo.jpg", zip::write::SimpleFileOptions::default()).unwrap();
    zip.write_all(b"\xff\xd8\xff").unwrap();
    let other = zip.finish().unwrap().into_inner();
    assert_eq!(
        refused(other, "cv.docx").await,
        "cv.docx is not a PDF, Word (.docx), text or JSON Resume file"
    );
}

// 8. Empty and one-byte files.
#[tokio::test]
async fn empty_and_one_byte_files() {
    for name in ["empty.pdf", "empty.docx", "empty.txt", "empty.json", "empty"] {
        assert_eq!(refused(Vec::new(), name).await, format!("{name} is empty"));
    }
    for (bytes, name) in [
        (b"%".to_vec(), "one.pdf"),
        (b"P".to_vec(), "one.docx"),
        (b"\xff".to_vec(), "one.txt"),
        (b"x".to_vec(), "one.bin"),
    ] {
        let message = refused(bytes, name).await;
        eprintln!("{message}");
    }
}
