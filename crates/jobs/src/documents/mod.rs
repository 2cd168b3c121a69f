//! Application documents drafted from the profile for one job: a tailored CV and a cover
//! letter, each rendered as Markdown and as PDF (A4, selectable text, embedded fonts).
//!
//! Nothing here invents a fact. The CV only selects and reorders what the profile says:
//! every line of it is a profile string or a join of profile strings (plus fixed section
//! headings). Job keywords decide the order — skills the job asks for and the profile has
//! first, work entries mentioning the job's keywords first, their matching highlights first —
//! but a keyword the profile does not have never reaches the document. The cover letter is a
//! fixed English template filled with the job's title and company and profile facts only.
//!
//! Pure: no database, no engine. The operation that stores the document and asks the user
//! for approval wraps this.

mod pdf;
mod subset;

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::matching::Explanation;
use crate::process::extract_skills;
use crate::profile::{Profile, ResumeDate};
use crate::store::JobRecord;
use crate::text::words;

use pdf::{Block, Style};

/// Section headings: the only CV lines that do not come from the profile.
pub const HEADING_SUMMARY: &str = "Summary";
pub const HEADING_KEY_SKILLS: &str = "Key skills for this role";
pub const HEADING_EXPERIENCE: &str = "Experience";
pub const HEADING_PROJECTS: &str = "Projects";
pub const HEADING_EDUCATION: &str = "Education";
pub const HEADING_SKILLS: &str = "Skills";
pub const HEADING_LANGUAGES: &str = "Languages";

/// Every fixed heading a CV may contain.
pub const CV_HEADINGS: [&str; 7] = [
    HEADING_SUMMARY,
    HEADING_KEY_SKILLS,
    HEADING_EXPERIENCE,
    HEADING_PROJECTS,
    HEADING_EDUCATION,
    HEADING_SKILLS,
    HEADING_LANGUAGES,
];

/// What the documents need to know about the job.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct JobFacts {
    pub title: String,
    pub company: String,
    /// Plain text.
    pub description: String,
    /// Skills and tags the posting names (any case).
    pub skills: Vec<String>,
}

impl From<&JobRecord> for JobFacts {
    fn from(job: &JobRecord) -> Self {
        let mut skills = job.skills.clone();
        skills.extend(job.tags.iter().cloned());
        Self {
            title: job.title.clone(),
            company: job.company.clone(),
            description: job.description.clone(),
            skills,
        }
    }
}

/// One work entry as the CV shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CvWork {
    pub position: Option<String>,
    pub company: Option<String>,
    pub location: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub summary: Option<String>,
    /// Highlights mentioning the job's keywords first.
    pub highlights: Vec<String>,
    /// How many of the job's keywords the entry mentions.
    pub relevance: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CvProject {
    pub name: String,
    pub description: Option<String>,
    pub url: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub highlights: Vec<String>,
    pub relevance: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CvEducation {
    pub institution: Option<String>,
    pub study_type: Option<String>,
    pub area: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub courses: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CvSkillGroup {
    pub name: String,
    pub level: Option<String>,
    pub keywords: Vec<String>,
}

/// A CV tailored to one job; every string in it is copied from the profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TailoredCv {
    pub name: String,
    /// The profile's label.
    pub headline: Option<String>,
    /// Email, phone, web site, place, social profiles.
    pub contact: Vec<String>,
    /// The profile's summary.
    pub summary: Option<String>,
    /// Skills the job asks for that the profile has, most relevant first, as the profile
    /// spells them.
    pub key_skills: Vec<String>,
    pub experience: Vec<CvWork>,
    pub projects: Vec<CvProject>,
    pub education: Vec<CvEducation>,
    /// All skill groups, the ones relevant to the job first.
    pub skills: Vec<CvSkillGroup>,
    /// "Language (fluency)".
    pub languages: Vec<String>,
    /// The job this CV is for (not printed; for file names and records).
    pub job_title: String,
    pub job_company: String,
}

/// A template-based cover letter (English).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CoverLetter {
    pub name: String,
    pub contact: Vec<String>,
    /// "Application: <title> at <company>".
    pub subject: String,
    pub greeting: String,
    pub paragraphs: Vec<String>,
    pub closing: String,
    /// Name, email, phone.
    pub signature: Vec<String>,
}

/// A document that renders to Markdown and PDF.
pub trait Document {
    fn to_markdown(&self) -> String;
    fn to_pdf(&self) -> Vec<u8>;
}

/// Where `write_documents` put the files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DocumentPaths {
    pub markdown: PathBuf,
    pub pdf: PathBuf,
}

// ---------------------------------------------------------------------------------------
// Relevance
// ---------------------------------------------------------------------------------------

/// The job's keywords, each as a word sequence, and its text as words.
struct JobTerms {
    /// Lower-cased keywords (skills, tags, matched skills, vocabulary skills in the text,
    /// profile skills in the text, significant title words), as word sequences.
    keywords: Vec<Vec<String>>,
    /// Skills the posting names explicitly or the matcher matched (lower case).
    named: HashSet<String>,
    title: Vec<String>,
    text: Vec<String>,
    /// The title and description split into words with their case kept, for very short
    /// skill names ("Go", "R", "C") that would otherwise match ordinary words.
    cased: HashSet<String>,
}

const TITLE_NOISE: &[&str] =
    &["and", "the", "for", "with", "m/w/d", "w/m/d", "f/m/d", "m", "w", "d", "f", "in"];

impl JobTerms {
    fn new(profile: &Profile, job: &JobFacts, explanation: Option<&Explanation>) -> Self {
        let title: Vec<String> = words(&job.title).collect();
        let text: Vec<String> = words(&job.title).chain(words(&job.description)).collect();
        let mut named: HashSet<String> = job.skills.iter().map(|s| s.trim().to_lowercase()).collect();
        if let Some(e) = explanation {
            named.extend(e.matched_skills.iter().map(|s| s.trim().to_lowercase()));
        }
        named.remove("");
        let mut seen = HashSet::new();
        let mut keywords = Vec::new();
        let mut add = |term: &str| {
            let w: Vec<String> = words(term).collect();
            if !w.is_empty() && seen.insert(w.clone()) {
                keywords.push(w);
            }
        };
        for s in &named {
            add(s);
        }
        for s in extract_skills(&format!("{}\n{}", job.title, job.description)) {
            add(&s);
        }
        let cased: HashSet<String> = format!("{}\n{}", job.title, job.description)
            .split(|c: char| !(c.is_alphanumeric() || c == '+' || c == '#'))
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        let r = &profile.resume;
        let profile_terms = r
            .skills
            .iter()
            .flat_map(|s| std::iter::once(&s.name).chain(&s.keywords))
            .chain(r.projects.iter().flat_map(|p| &p.keywords));
        for t in profile_terms {
            let w: Vec<String> = words(t).collect();
            if plausible(&named, &cased, t, &w) && count_phrase(&text, &w) > 0 {
                add(t);
            }
        }
        for w in &title {
            if w.chars().count() > 2 && !TITLE_NOISE.contains(&w.as_str()) {
                add(w);
            }
        }
        Self { keywords, named, title, text, cased }
    }

    /// How relevant a profile skill term is to the job (0 = not at all).
    fn skill_score(&self, term: &str) -> usize {
        let w: Vec<String> = words(term).collect();
        if w.is_empty() {
            return 0;
        }
        if !plausible(&self.named, &self.cased, term, &w) {
            return 0;
        }
        let named = if self.named.contains(&term.trim().to_lowercase()) || self.named.contains(&w.join(" ")) {
            10
        } else {
            0
        };
        named + 3 * count_phrase(&self.title, &w) + count_phrase(&self.text, &w)
    }

    /// How many distinct job keywords `texts` mention.
    fn mentions(&self, texts: &[&str]) -> usize {
        let tokens: Vec<String> =
            texts.iter().flat_map(|t| words(t).chain(std::iter::once(String::new()))).collect();
        self.keywords.iter().filter(|k| count_phrase(&tokens, k) > 0).count()
    }
}

/// Whether a profile term may be matched against the job's words: terms of one or two letters
/// ("Go", "R", "C") must appear as written, or be named by the posting, so that ordinary words
/// ("go live") do not count.
fn plausible(named: &HashSet<String>, cased: &HashSet<String>, term: &str, w: &[String]) -> bool {
    let t = term.trim();
    w.len() > 1 || t.chars().count() > 2 || named.contains(&t.to_lowercase()) || cased.contains(t)
}

/// Occurrences of the word sequence `phrase` in `tokens`.
fn count_phrase(tokens: &[String], phrase: &[String]) -> usize {
    if phrase.is_empty() || phrase.len() > tokens.len() {
        return 0;
    }
    tokens.windows(phrase.len()).filter(|w| *w == phrase).count()
}

fn date(d: &Option<ResumeDate>) -> Option<String> {
    d.as_ref().map(|d| d.0.clone())
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Most recent first: ongoing entries, then by end date, then by start date.
fn recency_key(end: &Option<ResumeDate>, start: &Option<ResumeDate>) -> (bool, String, String) {
    (
        end.is_none() && start.is_some(),
        end.as_ref().map(|d| d.0.clone()).unwrap_or_default(),
        start.as_ref().map(|d| d.0.clone()).unwrap_or_default(),
    )
}

/// Reorders `items` so the ones mentioning more job keywords come first (stable).
fn by_mentions(terms: &JobTerms, items: &[String]) -> Vec<String> {
    let mut scored: Vec<(usize, &String)> =
        items.iter().filter(|h| !h.trim().is_empty()).map(|h| (terms.mentions(&[h.as_str()]), h)).collect();
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    scored.into_iter().map(|(_, h)| h.trim().to_owned()).collect()
}

// ---------------------------------------------------------------------------------------
// CV
// ---------------------------------------------------------------------------------------

/// Drafts a CV for `job` from `profile`: relevant skills and experience first, only facts
/// from the profile.
pub fn tailor_cv(profile: &Profile, job: &JobFacts, explanation: Option<&Explanation>) -> TailoredCv {
    let resume = &profile.resume;
    let terms = JobTerms::new(profile, job, explanation);

    // Key skills: every profile skill term the job asks for, as the profile spells it.
    let mut candidates: Vec<(usize, usize, String)> = Vec::new();
    let all_terms = resume
        .skills
        .iter()
        .flat_map(|s| std::iter::once(&s.name).chain(&s.keywords))
        .chain(resume.projects.iter().flat_map(|p| &p.keywords));
    let mut seen = HashSet::new();
    for (order, term) in all_terms.enumerate() {
        let t = term.trim();
        if t.is_empty() || !seen.insert(t.to_lowercase()) {
            continue;
        }
        let score = terms.skill_score(t);
        if score > 0 {
            candidates.push((score, order, t.to_owned()));
        }
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let key_skills: Vec<String> = candidates.into_iter().map(|(_, _, t)| t).collect();

    // Experience: most job keywords first, then most recent.
    let mut experience: Vec<(CvWork, (bool, String, String))> = resume
        .work
        .iter()
        .map(|w| {
            let mut texts: Vec<&str> = Vec::new();
            texts.extend(w.position.as_deref());
            texts.extend(w.summary.as_deref());
            texts.extend(w.highlights.iter().map(String::as_str));
            let cv = CvWork {
                position: non_empty(&w.position),
                company: non_empty(&w.name),
                location: non_empty(&w.location),
                start_date: date(&w.start_date),
                end_date: date(&w.end_date),
                summary: non_empty(&w.summary),
                highlights: by_mentions(&terms, &w.highlights),
                relevance: terms.mentions(&texts),
            };
            (cv, recency_key(&w.end_date, &w.start_date))
        })
        .collect();
    experience.sort_by(|a, b| b.0.relevance.cmp(&a.0.relevance).then_with(|| b.1.cmp(&a.1)));

    let mut projects: Vec<(CvProject, (bool, String, String))> = resume
        .projects
        .iter()
        .filter(|p| !p.name.trim().is_empty())
        .map(|p| {
            let mut texts: Vec<&str> = vec![p.name.as_str()];
            texts.extend(p.description.as_deref());
            texts.extend(p.highlights.iter().map(String::as_str));
            texts.extend(p.keywords.iter().map(String::as_str));
            let cv = CvProject {
                name: p.name.trim().to_owned(),
                description: non_empty(&p.description),
                url: non_empty(&p.url),
                start_date: date(&p.start_date),
                end_date: date(&p.end_date),
                highlights: by_mentions(&terms, &p.highlights),
                relevance: terms.mentions(&texts),
            };
            (cv, recency_key(&p.end_date, &p.start_date))
        })
        .collect();
    projects.sort_by(|a, b| b.0.relevance.cmp(&a.0.relevance).then_with(|| b.1.cmp(&a.1)));

    let education = resume
        .education
        .iter()
        .map(|e| CvEducation {
            institution: non_empty(&e.institution),
            study_type: non_empty(&e.study_type),
            area: non_empty(&e.area),
            start_date: date(&e.start_date),
            end_date: date(&e.end_date),
            courses: e.courses.iter().map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()).collect(),
        })
        .collect();

    // Skill groups: the ones the job cares about first; within a group, relevant keywords first.
    let mut skills: Vec<(usize, usize, CvSkillGroup)> = resume
        .skills
        .iter()
        .enumerate()
        .map(|(order, s)| {
            let score =
                terms.skill_score(&s.name) + s.keywords.iter().map(|k| terms.skill_score(k)).sum::<usize>();
            let mut keywords: Vec<(usize, String)> = s
                .keywords
                .iter()
                .map(|k| k.trim().to_owned())
                .filter(|k| !k.is_empty())
                .map(|k| (terms.skill_score(&k), k))
                .collect();
            keywords.sort_by_key(|k| std::cmp::Reverse(k.0));
            let group = CvSkillGroup {
                name: s.name.trim().to_owned(),
                level: non_empty(&s.level),
                keywords: keywords.into_iter().map(|(_, k)| k).collect(),
            };
            (score, order, group)
        })
        .collect();
    skills.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));

    let languages = resume
        .languages
        .iter()
        .filter(|l| !l.language.trim().is_empty())
        .map(|l| match non_empty(&l.fluency) {
            Some(f) => format!("{} ({f})", l.language.trim()),
            None => l.language.trim().to_owned(),
        })
        .collect();

    TailoredCv {
        name: resume.basics.name.trim().to_owned(),
        headline: non_empty(&resume.basics.label),
        contact: contact_lines(profile),
        summary: non_empty(&resume.basics.summary),
        key_skills,
        experience: experience.into_iter().map(|(w, _)| w).collect(),
        projects: projects.into_iter().map(|(p, _)| p).collect(),
        education,
        skills: skills.into_iter().map(|(_, _, g)| g).collect(),
        languages,
        job_title: job.title.clone(),
        job_company: job.company.clone(),
    }
}

/// Email, phone, web site, place and social profile URLs, in that order.
fn contact_lines(profile: &Profile) -> Vec<String> {
    let b = &profile.resume.basics;
    let mut out: Vec<String> = [&b.email, &b.phone, &b.url].into_iter().filter_map(non_empty).collect();
    if let Some(loc) = &b.location {
        let place: Vec<String> = [&loc.city, &loc.country_code].into_iter().filter_map(non_empty).collect();
        if !place.is_empty() {
            out.push(place.join(", "));
        }
    }
    for p in &b.profiles {
        if let Some(url) = non_empty(&p.url) {
            out.push(url);
        }
    }
    out
}

/// "2019-01 – 2021-02", "2021-03 –", or nothing.
fn period(start: &Option<String>, end: &Option<String>) -> Option<String> {
    match (start, end) {
        (Some(s), Some(e)) => Some(format!("{s} – {e}")),
        (Some(s), None) => Some(format!("{s} –")),
        (None, Some(e)) => Some(e.clone()),
        (None, None) => None,
    }
}

fn meta_line(parts: impl IntoIterator<Item = Option<String>>) -> Option<String> {
    let parts: Vec<String> = parts.into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

impl TailoredCv {
    fn blocks(&self) -> Vec<Block> {
        let mut b = vec![Block::new(Style::Title, &self.name)];
        if let Some(h) = &self.headline {
            b.push(Block::new(Style::Subtitle, h));
        }
        if let Some(line) = meta_line(self.contact.iter().cloned().map(Some)) {
            b.push(Block::new(Style::Meta, line));
        }
        if let Some(s) = &self.summary {
            b.push(Block::new(Style::Heading, HEADING_SUMMARY));
            b.push(Block::new(Style::Body, s));
        }
        if !self.key_skills.is_empty() {
            b.push(Block::new(Style::Heading, HEADING_KEY_SKILLS));
            b.push(Block::new(Style::Body, self.key_skills.join(" · ")));
        }
        if !self.experience.is_empty() {
            b.push(Block::new(Style::Heading, HEADING_EXPERIENCE));
            for w in &self.experience {
                let head: Vec<String> = [&w.position, &w.company].into_iter().flatten().cloned().collect();
                if !head.is_empty() {
                    b.push(Block::new(Style::Subheading, head.join(" — ")));
                }
                if let Some(line) = meta_line([period(&w.start_date, &w.end_date), w.location.clone()]) {
                    b.push(Block::new(Style::Meta, line));
                }
                if let Some(s) = &w.summary {
                    b.push(Block::new(Style::Body, s));
                }
                b.extend(w.highlights.iter().map(|h| Block::new(Style::Bullet, h)));
            }
        }
        if !self.projects.is_empty() {
            b.push(Block::new(Style::Heading, HEADING_PROJECTS));
            for p in &self.projects {
                b.push(Block::new(Style::Subheading, &p.name));
                if let Some(line) = meta_line([period(&p.start_date, &p.end_date), p.url.clone()]) {
                    b.push(Block::new(Style::Meta, line));
                }
                if let Some(d) = &p.description {
                    b.push(Block::new(Style::Body, d));
                }
                b.extend(p.highlights.iter().map(|h| Block::new(Style::Bullet, h)));
            }
        }
        if !self.education.is_empty() {
            b.push(Block::new(Style::Heading, HEADING_EDUCATION));
            for e in &self.education {
                let degree: Vec<String> = [&e.study_type, &e.area].into_iter().flatten().cloned().collect();
                let head: Vec<String> =
                    [(!degree.is_empty()).then(|| degree.join(", ")), e.institution.clone()]
                        .into_iter()
                        .flatten()
                        .collect();
                if !head.is_empty() {
                    b.push(Block::new(Style::Subheading, head.join(" — ")));
                }
                if let Some(line) = period(&e.start_date, &e.end_date) {
                    b.push(Block::new(Style::Meta, line));
                }
                if !e.courses.is_empty() {
                    b.push(Block::new(Style::Body, e.courses.join(", ")));
                }
            }
        }
        if !self.skills.is_empty() {
            b.push(Block::new(Style::Heading, HEADING_SKILLS));
            for s in &self.skills {
                let mut line = s.name.clone();
                if let Some(level) = &s.level {
                    line = format!("{line} ({level})");
                }
                if !s.keywords.is_empty() {
                    line = format!("{line}: {}", s.keywords.join(", "));
                }
                b.push(Block::new(Style::Bullet, line));
            }
        }
        if !self.languages.is_empty() {
            b.push(Block::new(Style::Heading, HEADING_LANGUAGES));
            b.push(Block::new(Style::Body, self.languages.join(" · ")));
        }
        b
    }

    /// The CV as Markdown.
    pub fn to_markdown(&self) -> String {
        markdown(&self.blocks())
    }

    /// The CV as an A4 PDF with embedded fonts.
    pub fn to_pdf(&self) -> Vec<u8> {
        let title = format!("{} — CV", self.name);
        pdf::render(&title, &self.name, &self.blocks())
    }
}

impl Document for TailoredCv {
    fn to_markdown(&self) -> String {
        TailoredCv::to_markdown(self)
    }
    fn to_pdf(&self) -> Vec<u8> {
        TailoredCv::to_pdf(self)
    }
}

/// Markdown that reads like the PDF: headings, paragraphs, bullet lists.
fn markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut previous: Option<Style> = None;
    for block in blocks {
        if block.style == Style::Gap {
            continue;
        }
        let text = block.text.trim();
        let line = match block.style {
            Style::Title => format!("# {text}"),
            Style::Heading => format!("## {text}"),
            Style::Subheading => format!("### {text}"),
            Style::Bullet => format!("- {text}"),
            _ => text.to_owned(),
        };
        if !out.is_empty() {
            // Bullets of one list stay together; everything else is its own paragraph.
            let list = previous == Some(Style::Bullet) && block.style == Style::Bullet;
            out.push_str(if list { "\n" } else { "\n\n" });
        }
        out.push_str(&line);
        previous = Some(block.style);
    }
    out.push('\n');
    out
}

// ---------------------------------------------------------------------------------------
// Cover letter
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------

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
