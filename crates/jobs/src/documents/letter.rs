//! The cover letter: a fixed English template filled with the job's title and company and
//! facts of the tailored CV (key skills, the most relevant work entry), signed with the
//! profile's contact details.

use crate::matching::Explanation;
use crate::profile::Profile;

use super::cv::{markdown, meta_line};
use super::pdf::{self, Block, Style};
use super::relevance::non_empty;
use super::{tailor_cv, CoverLetter, Document, JobFacts};

/// "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Drafts a template-based cover letter: the role, matched skills and the most relevant work
/// entry, signed with the profile's name and contact details. Only profile facts.
pub fn cover_letter(profile: &Profile, job: &JobFacts, explanation: Option<&Explanation>) -> CoverLetter {
    let cv = tailor_cv(profile, job, explanation);
    let b = &profile.resume.basics;
    let company = job.company.trim();
    let title = job.title.trim();
    let at_company = if company.is_empty() { String::new() } else { format!(" at {company}") };

    let mut paragraphs = Vec::new();
    let mut opening = format!("I am writing to apply for the {title} position{at_company}.");
    if let Some(label) = &cv.headline {
        opening.push_str(&format!(" As a {label}, I believe my background fits this role well."));
    }
    paragraphs.push(opening);

    let mut evidence = Vec::new();
    let skills: Vec<String> = cv.key_skills.iter().take(4).cloned().collect();
    if !skills.is_empty() {
        evidence.push(format!("My experience with {} matches what this role asks for.", and_list(&skills)));
    }
    if let Some(w) = cv.experience.iter().find(|w| w.relevance > 0).or(cv.experience.first()) {
        let role = match (&w.position, &w.company) {
            (Some(p), Some(c)) => Some(format!("{p} at {c}")),
            (Some(p), None) => Some(p.clone()),
            (None, Some(c)) => Some(format!("my work at {c}")),
            (None, None) => None,
        };
        if let Some(role) = role {
            let when = match (&w.start_date, &w.end_date) {
                (Some(s), None) => format!(" (since {s})"),
                (Some(s), Some(e)) => format!(" ({s} – {e})"),
                _ => String::new(),
            };
            match (w.highlights.first(), &w.summary) {
                (Some(h), _) => evidence
                    .push(format!("In my role as {role}{when}, one result stands out: {}", end_sentence(h))),
                (None, Some(s)) => evidence.push(format!("In my role as {role}{when}: {}", end_sentence(s))),
                (None, None) => evidence.push(format!("I have worked as {role}{when}.")),
            }
        }
    }
    if !evidence.is_empty() {
        paragraphs.push(evidence.join(" "));
    }
    let mut close = String::from("I would welcome the opportunity to discuss how I can contribute");
    if company.is_empty() {
        close.push_str(" to your team.");
    } else {
        close.push_str(&format!(" to {company}."));
    }
    close.push_str(" Thank you for your time and consideration.");
    paragraphs.push(close);

    let signature: Vec<String> = std::iter::once(cv.name.clone())
        .chain([&b.email, &b.phone].into_iter().filter_map(non_empty))
        .collect();
    CoverLetter {
        name: cv.name.clone(),
        contact: cv.contact.clone(),
        subject: format!("Application: {title}{at_company}"),
        greeting: if company.is_empty() {
            "Dear Hiring Team,".to_owned()
        } else {
            format!("Dear Hiring Team at {company},")
        },
        paragraphs,
        closing: "Kind regards,".to_owned(),
        signature,
    }
}

/// `text` ending with a full stop (unless it already ends a sentence).
fn end_sentence(text: &str) -> String {
    let t = text.trim();
    if t.ends_with(['.', '!', '?']) {
        t.to_owned()
    } else {
        format!("{t}.")
    }
}

impl CoverLetter {
    fn blocks(&self) -> Vec<Block> {
        let mut b = vec![Block::new(Style::Title, &self.name)];
        if let Some(line) = meta_line(self.contact.iter().cloned().map(Some)) {
            b.push(Block::new(Style::Meta, line));
        }
        b.push(Block::new(Style::Gap, ""));
        b.push(Block::new(Style::Subheading, &self.subject));
        b.push(Block::new(Style::Gap, ""));
        b.push(Block::new(Style::Body, &self.greeting));
        for p in &self.paragraphs {
            b.push(Block::new(Style::Gap, ""));
            b.push(Block::new(Style::Body, p));
        }
        b.push(Block::new(Style::Gap, ""));
        b.push(Block::new(Style::Body, &self.closing));
        b.extend(self.signature.iter().map(|s| Block::new(Style::Body, s)));
        b
    }

    pub fn to_markdown(&self) -> String {
        markdown(&self.blocks())
    }

    pub fn to_pdf(&self) -> Vec<u8> {
        let title = format!("{} — {}", self.name, self.subject);
        pdf::render(&title, &self.name, &self.blocks())
    }
}

impl Document for CoverLetter {
    fn to_markdown(&self) -> String {
        CoverLetter::to_markdown(self)
    }
    fn to_pdf(&self) -> Vec<u8> {
        CoverLetter::to_pdf(self)
    }
}
