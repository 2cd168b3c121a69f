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
    let mut candidates: Vec<(usize, usize, String, String)> = Vec::new();
    let all_terms = resume
        .skills
        .iter()
        .enumerate()
        .flat_map(|(i, s)| {
            std::iter::once((format!("skills[{i}].name"), &s.name)).chain(
                s.keywords.iter().enumerate().map(move |(k, t)| (format!("skills[{i}].keywords[{k}]"), t)),
            )
        })
        .chain(resume.projects.iter().enumerate().flat_map(|(i, p)| {
            p.keywords.iter().enumerate().map(move |(k, t)| (format!("projects[{i}].keywords[{k}]"), t))
        }));
    let mut seen = HashSet::new();
    for (order, (field, term)) in all_terms.enumerate() {
        let t = term.trim();
        if t.is_empty() || !seen.insert(t.to_lowercase()) {
            continue;
        }
        let score = terms.skill_score(t);
        if score > 0 {
            candidates.push((score, order, t.to_owned(), field));
        }
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let (key_skills, key_skill_sources): (Vec<String>, Vec<String>) =
        candidates.into_iter().map(|(_, _, t, f)| (t, f)).unzip();

    // Experience: most job keywords first, then most recent.
    let mut experience: Vec<(CvWork, (bool, String, String))> = resume
        .work
        .iter()
        .enumerate()
        .map(|(source, w)| {
            let mut texts: Vec<&str> = Vec::new();
            texts.extend(w.position.as_deref());
            texts.extend(w.summary.as_deref());
            texts.extend(w.highlights.iter().map(String::as_str));
            let (highlight_sources, highlights) = by_mentions(&terms, &w.highlights).into_iter().unzip();
            let cv = CvWork {
                position: non_empty(&w.position),
                company: non_empty(&w.name),
                location: non_empty(&w.location),
                start_date: date(&w.start_date),
                end_date: date(&w.end_date),
                summary: non_empty(&w.summary),
                highlights,
                relevance: terms.mentions(&texts),
                source,
                highlight_sources,
            };
            (cv, recency_key(&w.end_date, &w.start_date))
        })
        .collect();
    experience.sort_by(|a, b| b.0.relevance.cmp(&a.0.relevance).then_with(|| b.1.cmp(&a.1)));

    let mut projects: Vec<(CvProject, (bool, String, String))> = resume
        .projects
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.name.trim().is_empty())
        .map(|(source, p)| {
            let mut texts: Vec<&str> = vec![p.name.as_str()];
            texts.extend(p.description.as_deref());
            texts.extend(p.highlights.iter().map(String::as_str));
            texts.extend(p.keywords.iter().map(String::as_str));
            let (highlight_sources, highlights) = by_mentions(&terms, &p.highlights).into_iter().unzip();
            let cv = CvProject {
                name: p.name.trim().to_owned(),
                description: non_empty(&p.description),
                url: non_empty(&p.url),
                start_date: date(&p.start_date),
                end_date: date(&p.end_date),
                highlights,
                relevance: terms.mentions(&texts),
                source,
                highlight_sources,
            };
            (cv, recency_key(&p.end_date, &p.start_date))
        })
        .collect();
    projects.sort_by(|a, b| b.0.relevance.cmp(&a.0.relevance).then_with(|| b.1.cmp(&a.1)));

    let education = resume
        .education
        .iter()
        .enumerate()
        .map(|(source, e)| {
            let (course_sources, courses) = e
                .courses
                .iter()
                .map(|c| c.trim().to_owned())
                .enumerate()
                .filter(|(_, c)| !c.is_empty())
                .unzip();
            CvEducation {
                institution: non_empty(&e.institution),
                study_type: non_empty(&e.study_type),
                area: non_empty(&e.area),
                start_date: date(&e.start_date),
                end_date: date(&e.end_date),
                courses,
                source,
                course_sources,
            }
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
            let mut keywords: Vec<(usize, usize, String)> = s
                .keywords
                .iter()
                .map(|k| k.trim().to_owned())
                .enumerate()
                .filter(|(_, k)| !k.is_empty())
                .map(|(i, k)| (terms.skill_score(&k), i, k))
                .collect();
            keywords.sort_by_key(|k| std::cmp::Reverse(k.0));
            let (keyword_sources, keywords) = keywords.into_iter().map(|(_, i, k)| (i, k)).unzip();
            let group = CvSkillGroup {
                name: s.name.trim().to_owned(),
                level: non_empty(&s.level),
                keywords,
                source: order,
                keyword_sources,
            };
            (score, order, group)
        })
        .collect();
    skills.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));

    let (language_sources, languages) = resume
        .languages
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.language.trim().is_empty())
        .map(|(i, l)| match non_empty(&l.fluency) {
            Some(f) => (
                vec![format!("languages[{i}].language"), format!("languages[{i}].fluency")],
                format!("{} ({f})", l.language.trim()),
            ),
            None => (vec![format!("languages[{i}].language")], l.language.trim().to_owned()),
        })
        .unzip();
    let (contact, contact_sources) = contact_lines(profile).into_iter().unzip();

    TailoredCv {
        name: resume.basics.name.trim().to_owned(),
        headline: non_empty(&resume.basics.label),
        contact,
        contact_sources,
        summary: non_empty(&resume.basics.summary),
        key_skills,
        key_skill_sources,
        experience: experience.into_iter().map(|(w, _)| w).collect(),
        projects: projects.into_iter().map(|(p, _)| p).collect(),
        education,
        skills: skills.into_iter().map(|(_, _, g)| g).collect(),
        languages,
        language_sources,
        job_title: job.title.clone(),
        job_company: job.company.clone(),
    }
}

/// Email, phone, web site, place and social profile URLs, in that order, each with the
/// profile fields it is made of.
fn contact_lines(profile: &Profile) -> Vec<(String, Vec<String>)> {
    let b = &profile.resume.basics;
    let mut out: Vec<(String, Vec<String>)> = [(&b.email, "email"), (&b.phone, "phone"), (&b.url, "url")]
        .into_iter()
        .filter_map(|(v, f)| non_empty(v).map(|v| (v, vec![format!("basics.{f}")])))
        .collect();
    if let Some(loc) = &b.location {
        let (place, fields): (Vec<String>, Vec<String>) =
            [(&loc.city, "city"), (&loc.country_code, "countryCode")]
                .into_iter()
                .filter_map(|(v, f)| non_empty(v).map(|v| (v, format!("basics.location.{f}"))))
                .unzip();
        if !place.is_empty() {
            out.push((place.join(", "), fields));
        }
    }
    for (i, p) in b.profiles.iter().enumerate() {
        if let Some(url) = non_empty(&p.url) {
            out.push((url, vec![format!("basics.profiles[{i}].url")]));
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

/// The values that are present, and the fields they come from.
fn present<const N: usize>(parts: [(&Option<String>, String); N]) -> (Vec<String>, Vec<String>) {
    parts.into_iter().filter_map(|(v, f)| v.clone().map(|v| (v, f))).unzip()
}

pub(super) fn meta_line(parts: impl IntoIterator<Item = Option<String>>) -> Option<String> {
    let parts: Vec<String> = parts.into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

impl TailoredCv {
    fn blocks(&self) -> Vec<Block> {
        self.sourced_lines().into_iter().map(|(block, _)| block).collect()
    }

    /// The CV's lines as printed, each with the profile fields it is made of (JSON Resume
    /// paths such as `work[1].highlights[2]`; none for the fixed section headings).
    pub(super) fn sourced_lines(&self) -> Vec<(Block, Vec<String>)> {
        let mut b: Vec<(Block, Vec<String>)> = Vec::new();
        let mut push =
            |style: Style, text: &str, fields: Vec<String>| b.push((Block::new(style, text), fields));
        push(Style::Title, &self.name, vec!["basics.name".into()]);
        if let Some(h) = &self.headline {
            push(Style::Subtitle, h, vec!["basics.label".into()]);
        }
        if let Some(line) = meta_line(self.contact.iter().cloned().map(Some)) {
            push(Style::Meta, &line, self.contact_sources.concat());
        }
        if let Some(s) = &self.summary {
            push(Style::Heading, HEADING_SUMMARY, vec![]);
            push(Style::Body, s, vec!["basics.summary".into()]);
        }
        if !self.key_skills.is_empty() {
            push(Style::Heading, HEADING_KEY_SKILLS, vec![]);
            push(Style::Body, &self.key_skills.join(" · "), self.key_skill_sources.clone());
        }
        if !self.experience.is_empty() {
            push(Style::Heading, HEADING_EXPERIENCE, vec![]);
            for w in &self.experience {
                let at = |f: &str| format!("work[{}].{f}", w.source);
                let (head, fields) = present([(&w.position, at("position")), (&w.company, at("name"))]);
                if !head.is_empty() {
                    push(Style::Subheading, &head.join(" — "), fields);
                }
                let (_, mut fields) =
                    present([(&w.start_date, at("startDate")), (&w.end_date, at("endDate"))]);
                if w.location.is_some() {
                    fields.push(at("location"));
                }
                if let Some(line) = meta_line([period(&w.start_date, &w.end_date), w.location.clone()]) {
                    push(Style::Meta, &line, fields);
                }
                if let Some(s) = &w.summary {
                    push(Style::Body, s, vec![at("summary")]);
                }
                for (h, i) in w.highlights.iter().zip(&w.highlight_sources) {
                    push(Style::Bullet, h, vec![at(&format!("highlights[{i}]"))]);
                }
            }
        }
        if !self.projects.is_empty() {
            push(Style::Heading, HEADING_PROJECTS, vec![]);
            for p in &self.projects {
                let at = |f: &str| format!("projects[{}].{f}", p.source);
                push(Style::Subheading, &p.name, vec![at("name")]);
                let (_, mut fields) =
                    present([(&p.start_date, at("startDate")), (&p.end_date, at("endDate"))]);
                if p.url.is_some() {
                    fields.push(at("url"));
                }
                if let Some(line) = meta_line([period(&p.start_date, &p.end_date), p.url.clone()]) {
                    push(Style::Meta, &line, fields);
                }
                if let Some(d) = &p.description {
                    push(Style::Body, d, vec![at("description")]);
                }
                for (h, i) in p.highlights.iter().zip(&p.highlight_sources) {
                    push(Style::Bullet, h, vec![at(&format!("highlights[{i}]"))]);
                }
            }
        }
        if !self.education.is_empty() {
            push(Style::Heading, HEADING_EDUCATION, vec![]);
            for e in &self.education {
                let at = |f: &str| format!("education[{}].{f}", e.source);
                let (degree, mut fields) = present([(&e.study_type, at("studyType")), (&e.area, at("area"))]);
                let (place, place_fields) = present([(&e.institution, at("institution"))]);
                fields.extend(place_fields);
                let head: Vec<String> =
                    [(!degree.is_empty()).then(|| degree.join(", ")), place.into_iter().next()]
                        .into_iter()
                        .flatten()
                        .collect();
                if !head.is_empty() {
                    push(Style::Subheading, &head.join(" — "), fields);
                }
                if let Some(line) = period(&e.start_date, &e.end_date) {
                    let (_, fields) =
                        present([(&e.start_date, at("startDate")), (&e.end_date, at("endDate"))]);
                    push(Style::Meta, &line, fields);
                }
                if !e.courses.is_empty() {
                    let fields = e.course_sources.iter().map(|i| at(&format!("courses[{i}]"))).collect();
                    push(Style::Body, &e.courses.join(", "), fields);
                }
            }
        }
        if !self.skills.is_empty() {
            push(Style::Heading, HEADING_SKILLS, vec![]);
            for s in &self.skills {
                let at = |f: &str| format!("skills[{}].{f}", s.source);
                let mut line = s.name.clone();
                let mut fields = vec![at("name")];
                if let Some(level) = &s.level {
                    line = format!("{line} ({level})");
                    fields.push(at("level"));
                }
                if !s.keywords.is_empty() {
                    line = format!("{line}: {}", s.keywords.join(", "));
                    fields.extend(s.keyword_sources.iter().map(|i| at(&format!("keywords[{i}]"))));
                }
                push(Style::Bullet, &line, fields);
            }
        }
        if !self.languages.is_empty() {
            push(Style::Heading, HEADING_LANGUAGES, vec![]);
            push(Style::Body, &self.languages.join(" · "), self.language_sources.concat());
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
