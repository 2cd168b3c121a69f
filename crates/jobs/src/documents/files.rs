//! Writing documents to disk: the Markdown and PDF files of a document, each written
//! atomically (temporary file, sync, rename) so that no reader sees half a file.

use std::io::{self, Write};
use std::path::Path;

use super::{Document, DocumentPaths};

/// Writes `<dir>/<base_name>.md` and `<dir>/<base_name>.pdf`, each atomically: the bytes go
/// to a temporary file in `dir`, are flushed to disk, and the file is renamed over the final
/// name, so a reader (or a crash) never sees half a document.
pub fn write_documents(dir: &Path, base_name: &str, document: &dyn Document) -> io::Result<DocumentPaths> {
    if base_name.is_empty()
        || base_name.starts_with('.')
        || base_name.contains(['/', '\\', '\0'])
        || base_name.contains("..")
    {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("bad document name {base_name:?}")));
    }
    std::fs::create_dir_all(dir)?;
    let markdown = dir.join(format!("{base_name}.md"));
    let pdf = dir.join(format!("{base_name}.pdf"));
    write_atomically(&markdown, document.to_markdown().as_bytes())?;
    write_atomically(&pdf, &document.to_pdf())?;
    Ok(DocumentPaths { markdown, pdf })
}

/// Writes `bytes` to `path` through a temporary sibling file and a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?
        .to_string_lossy();
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let tmp = dir.join(format!(".{file_name}.{}.{nanos}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)?;
        // Make the rename itself durable where the platform allows syncing a directory.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
