//! Certifications a posting requires ("IAAP CPACC certification (required)", "CPA licence",
//! "zertifizierter Bilanzbuchhalter"): a requirement no skills vocabulary covers, that a person
//! either holds or not. A line in a requirements section (or with a "required" word) that
//! names a certification word gives the certification's name: its acronyms and capitalised
//! words ("IAAP", "CPACC"). The profile holds it when one of those words is in its
//! certificates, skills, work or education. Pure.

use std::collections::HashSet;

use super::requirements::{sections, Section};
use crate::profile::Profile;
use crate::text::words;

const CERTIFICATION_WORDS: &[&str] = &[
    "certification",
    "certificate",
    "certified",
    "licence",
    "license",
    "licensed",
    "accreditation",
    "accredited",
    "zertifikat",
    "zertifizierung",
    "zertifiziert",
    "zertifizierter",
    "zertifizierte",
    "certificación",
    "certificado",
    "certificat",
    "certifié",
];
/// Words that make a line optional whatever its section.
const OPTIONAL_WORDS: &[&str] =
    &["plus", "bonus", "nice", "preferred", "advantage", "vorteil", "wünschenswert", "ideally", "desirable"];
/// Words that make a line required whatever its section.
const REQUIRED_WORDS: &[&str] = &["required", "mandatory", "must", "essential", "erforderlich", "zwingend"];
/// Capitalised words that are not a certification's name.
const NOT_NAMES: &[&str] =
    &["a", "an", "the", "or", "and", "of", "in", "with", "is", "we", "you", "your", "ein", "eine"];

/// The certifications `description` requires: each as the words that name it (lower case).
pub fn certifications_asked(description: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let lower = description.to_lowercase();
    if !CERTIFICATION_WORDS.iter().any(|w| lower.contains(w)) {
        return out;
    }
    for (section, range) in sections(description) {
        let line = &description[range];
        let line_words: Vec<String> = words(line).collect();
        if !line_words.iter().any(|w| CERTIFICATION_WORDS.contains(&w.as_str())) {
            continue;
        }
        let has = |list: &[&str]| line_words.iter().any(|w| list.contains(&w.as_str()));
        let required = has(REQUIRED_WORDS) || (section == Section::Required && !has(OPTIONAL_WORDS));
        if !required || (has(OPTIONAL_WORDS) && !has(REQUIRED_WORDS)) {
            continue;
        }
        // The name: capitalised words and acronyms before the certification word.
        let name: Vec<String> = line
            .split(|c: char| !c.is_alphanumeric())
            .take_while(|w| !CERTIFICATION_WORDS.contains(&w.to_lowercase().as_str()))
            .filter(|w| w.len() >= 2 && w.chars().next().is_some_and(char::is_uppercase))
            .map(str::to_lowercase)
            .filter(|w| !NOT_NAMES.contains(&w.as_str()))
            .collect();
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// The profile's words a certification may be named by.
pub fn profile_words(profile: &Profile) -> HashSet<String> {
    let r = &profile.resume;
    let mut texts: Vec<&str> = Vec::new();
    for c in &r.certificates {
        texts.extend(c.name.as_deref());
        texts.extend(c.issuer.as_deref());
    }
    for s in &r.skills {
        texts.push(&s.name);
        texts.extend(s.keywords.iter().map(String::as_str));
    }
    for w in &r.work {
        texts.extend(w.position.as_deref());
        texts.extend(w.summary.as_deref());
        texts.extend(w.highlights.iter().map(String::as_str));
    }
    for e in &r.education {
        texts.extend(e.area.as_deref());
        texts.extend(e.study_type.as_deref());
        texts.extend(e.courses.iter().map(String::as_str));
    }
    texts.extend(r.basics.label.as_deref());
    texts.extend(r.basics.summary.as_deref());
    texts.iter().flat_map(|t| words(t)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_certifications_are_named_and_optional_ones_left_out() {
        let text = "Requirements\n• Four years of product design\n• IAAP CPACC certification (required; WAS is a plus)\n\
                    • Figma\n\nNice to have\n• AWS Certified Solutions Architect";
        assert_eq!(certifications_asked(text), vec![vec!["iaap".to_owned(), "cpacc".to_owned()]]);
        assert!(certifications_asked("We are a certified B Corp. Requirements\n- Rust").is_empty());
        let plus = "Requirements\n- Kubernetes\n- A CKA certificate is a plus";
        assert!(certifications_asked(plus).is_empty());
    }
}
