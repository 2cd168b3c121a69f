//! Import of a CV from the files people have (PDF, Word .docx, plain text, Markdown, or a JSON
//! Resume) into a JSON Resume draft, offline. Nothing is invented: every value in the draft is
//! text found in the document, and what could not be found is a warning for the user to fill in
//! before the draft is stored as the profile.
//!
//! [`extract`] turns bytes into text, [`sections`] cuts the text at its headings, [`basics`],
//! [`entries`], [`lists`] and [`draft`] read the header and the sections into the draft.

pub mod basics;
pub mod dates;
pub mod draft;
pub mod entries;
pub mod extract;
pub mod lists;
pub mod sections;

use std::path::Path;
use std::time::Duration;

use serde::Serialize;

use crate::profile::{Profile, ProfileWarning};
use crate::{Error, Result};
use extract::Kind;

/// How long reading one file may take before it is given up as damaged.
const IMPORT_TIMEOUT: Duration = Duration::from_secs(10);

/// A CV read into a JSON Resume draft, for the user to check before it is stored.
#[derive(Debug, Clone, Serialize)]
pub struct CvDraft {
    /// The JSON Resume document (`basics`, `work`, `education`, `skills`, `languages`).
    pub resume: serde_json::Value,
    /// What was not found or not understood.
    pub warnings: Vec<ProfileWarning>,
    /// The text the draft was read from.
    pub text: String,
    /// `pdf`, `docx`, `text` or `json`.
    pub kind: &'static str,
}

/// Reads `bytes` (a file named `file_name`) into a draft. Pure: no I/O.
pub fn import_bytes(bytes: &[u8], file_name: &str) -> Result<CvDraft> {
    if bytes.len() as u64 > extract::MAX_FILE_BYTES {
        return Err(extract::too_big(file_name, bytes.len() as u64));
    }
    let kind = extract::detect(bytes, file_name)?;
    let text = extract::text_of(bytes, kind, file_name)?;
    if kind == Kind::JsonResume {
        let (profile, warnings) = Profile::from_json_with_warnings(&text)
            .map_err(|e| Error::Invalid(format!("{}: {e}", extract::display_name(file_name))))?;
        return Ok(CvDraft { resume: profile.to_document(), warnings, text, kind: kind.as_str() });
    }
    let sections = sections::split(&text);
    let (resume, warnings) = draft::build(&sections);
    Ok(CvDraft { resume, warnings, text, kind: kind.as_str() })
}

/// Reads the file at `path` into a draft: refused over 20 MB before it is read, parsed off the
/// async threads, and given up as damaged if the parser panics or takes over 10 seconds.
pub async fn import_file(path: &Path) -> Result<CvDraft> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let cannot = |e: std::io::Error| Error::Invalid(format!("{name} could not be opened: {e}"));
    let meta = tokio::fs::metadata(path).await.map_err(cannot)?;
    if meta.len() > extract::MAX_FILE_BYTES {
        return Err(extract::too_big(&name, meta.len()));
    }
    let bytes = tokio::fs::read(path).await.map_err(cannot)?;
    import_bytes_guarded(bytes, name).await
}

/// [`import_bytes`] off the async threads, given up as damaged if the parser panics or takes
/// over 10 seconds (the file came from outside: the app's file picker, a path).
pub async fn import_bytes_guarded(bytes: Vec<u8>, name: String) -> Result<CvDraft> {
    if bytes.len() as u64 > extract::MAX_FILE_BYTES {
        return Err(extract::too_big(&name, bytes.len() as u64));
    }
    let damaged = || Error::Invalid(format!("{name} could not be read: the file looks damaged"));
    let file_name = name.clone();
    let task = tokio::task::spawn_blocking(move || {
        std::panic::catch_unwind(|| import_bytes(&bytes, &file_name)).map_err(|_| ())
    });
    match tokio::time::timeout(IMPORT_TIMEOUT, task).await {
        Ok(Ok(Ok(result))) => result,
        _ => Err(damaged()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CV: &str = "Jane Doe\nSoftware Engineer\njane@example.com | +49 170 1234567 | Berlin, Germany\n\
        https://github.com/janedoe\n\nExperience\nSenior Engineer — Acme GmbH\n03/2021 – present\n\
        - Built the billing service\nDeveloper at Foo Inc\n2018 – 2021\n\nEducation\n\
        M.Sc. Computer Science, TU Berlin\n2014 – 2016\n\nSkills\nLanguages: Rust, Go\nDocker, SQL\n\n\
        Sprachen\nDeutsch (Muttersprache), Englisch – fließend\n";

    #[test]
    fn draft_is_a_valid_profile_document() {
        let draft = import_bytes(CV.as_bytes(), "cv.txt").unwrap();
        let (profile, _) = Profile::from_json_with_warnings(&draft.resume.to_string()).unwrap();
        assert_eq!(profile.resume.basics.name, "Jane Doe");
        assert_eq!(profile.resume.basics.label.as_deref(), Some("Software Engineer"));
        assert_eq!(profile.resume.basics.email.as_deref(), Some("jane@example.com"));
        assert_eq!(profile.resume.basics.phone.as_deref(), Some("+49 170 1234567"));
        assert_eq!(profile.resume.work.len(), 2, "{:#}", draft.resume);
        assert_eq!(profile.resume.work[0].name.as_deref(), Some("Acme GmbH"));
        assert_eq!(profile.resume.work[0].end_date, None);
        assert_eq!(profile.resume.work[1].end_date.as_ref().unwrap().0, "2021");
        assert_eq!(profile.resume.education[0].institution.as_deref(), Some("TU Berlin"));
        assert_eq!(profile.resume.education[0].study_type.as_deref(), Some("M.Sc."));
        assert_eq!(profile.resume.languages.len(), 2);
        assert_eq!(draft.resume["basics"]["profiles"][0]["network"], "GitHub");
        assert_eq!(draft.kind, "text");
    }

    #[test]
    fn missing_things_are_warnings_not_guesses() {
        let draft = import_bytes(b"Experience\nSomething vague\n", "cv.md").unwrap();
        let fields: Vec<&str> = draft.warnings.iter().map(|w| w.field.as_str()).collect();
        assert!(fields.contains(&"basics.name"), "{fields:?}");
        assert!(fields.contains(&"basics.email"), "{fields:?}");
        assert!(fields.contains(&"work[0].startDate"), "{fields:?}");
        assert!(draft.resume["basics"].get("name").is_none());
    }
}
