//! The tailored CV: [`tailor_cv`] selects and reorders profile facts by their relevance to the
//! job, and the CV renders as Markdown and PDF (the shared Markdown writer lives here too).

use std::collections::HashSet;

use crate::matching::Explanation;
use crate::profile::Profile;

use super::pdf::{self, Block, Style};
use super::relevance::{by_mentions, date, non_empty, recency_key, JobTerms};
use super::{
    CvEducation, CvProject, CvSkillGroup, CvWork, Document, JobFacts, TailoredCv, HEADING_EDUCATION,
    HEADING_EXPERIENCE, HEADING_KEY_SKILLS, HEADING_LANGUAGES, HEADING_PROJECTS, HEADING_SKILLS,
    HEADING_SUMMARY,
};

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

pub(super) fn meta_line(parts: impl IntoIterator<Item = Option<String>>) -> Option<String> {
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
pub(super) fn markdown(blocks: &[Block]) -> String {
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
