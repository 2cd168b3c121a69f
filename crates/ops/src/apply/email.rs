//! The application email: a text body (the approved cover letter, or a short default letter
//! from the profile) with the CV attached under a readable file name.

use jobhunter_jobs::store::JobRecord;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::Message;

use crate::{Error, Result};

/// `Jane Doe` -> `Jane-Doe-CV.pdf`.
pub fn attachment_name(candidate: &str) -> String {
    let words: Vec<String> = candidate
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().filter_map(ascii_fold).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        "CV.pdf".to_owned()
    } else {
        format!("{}-CV.pdf", words.join("-"))
    }
}

/// A letter as plain ASCII (`é` -> `e`, `ß` -> `s`); `None` for what has no such form.
fn ascii_fold(c: char) -> Option<char> {
    if c.is_ascii_alphanumeric() {
        return Some(c);
    }
    let folded = match c.to_lowercase().next().unwrap_or(c) {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ß' | 'ś' | 'š' => 's',
        'ł' => 'l',
        'ź' | 'ż' | 'ž' => 'z',
        'ř' => 'r',
        _ => return None,
    };
    Some(if c.is_uppercase() { folded.to_ascii_uppercase() } else { folded })
}

/// The subject of an application email: `Application: <title> — <name>`.
pub fn subject(job_title: &str, candidate: &str) -> String {
    format!("Application: {job_title} — {candidate}")
}

/// What an application email is made of.
pub struct ApplicationEmail<'a> {
    /// The sender: the email channel's address (with the candidate's name).
    pub from: Mailbox,
    /// Where replies go: the candidate's own address; `None`: to `from`.
    pub reply_to: Option<Mailbox>,
    pub to: &'a str,
    pub job_title: &'a str,
    pub candidate: &'a str,
    pub body: String,
    pub pdf: Vec<u8>,
    /// The Message-ID header (`<...@...>`), fixed before the send so the outbox can name the
    /// email; `None`: one is generated.
    pub message_id: Option<String>,
}

/// The message: `Subject: Application: <title> — <name>`, a text body and the CV attached.
pub fn build_email(email: ApplicationEmail<'_>) -> Result<Message> {
    let to: Mailbox = email.to.parse().map_err(|_| {
        Error::invalid(format!("job_id: the job's apply email is not an address: '{}'", email.to))
    })?;
    let pdf = ContentType::parse("application/pdf").expect("a valid content type");
    Message::builder()
        .from(email.from.clone())
        .reply_to(email.reply_to.unwrap_or(email.from))
        .to(to)
        .message_id(email.message_id)
        .subject(subject(email.job_title, email.candidate))
        .multipart(
            MultiPart::mixed()
                .singlepart(SinglePart::plain(email.body))
                .singlepart(Attachment::new(attachment_name(email.candidate)).body(email.pdf, pdf)),
        )
        .map_err(|e| Error::invalid(format!("cannot build the application email: {e}")))
}

pub(super) fn default_body(job: &JobRecord, profile: &jobhunter_jobs::profile::Profile) -> String {
    let b = &profile.resume.basics;
    let mut text = format!(
        "Dear hiring team at {},\n\nI would like to apply for the {} position. My CV is attached.\n",
        job.company, job.title
    );
    if let Some(summary) = b.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        text.push_str(&format!("\n{}\n", summary.trim()));
    }
    text.push_str(&format!("\nKind regards,\n{}\n", b.name));
    for line in [b.email.as_deref(), b.phone.as_deref()].into_iter().flatten() {
        text.push_str(&format!("{line}\n"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_names() {
        assert_eq!(attachment_name("Jane Q. Doe"), "Jane-Q-Doe-CV.pdf");
        assert_eq!(attachment_name("José Müller"), "Jose-Muller-CV.pdf");
        assert_eq!(attachment_name(""), "CV.pdf");
    }
}
