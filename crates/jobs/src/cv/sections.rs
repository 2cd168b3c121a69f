//! A CV's text cut into its sections by their headings ("Experience", "Berufserfahrung",
//! "## Skills", "SPRACHEN:"). It exists because every later step reads one section at a time:
//! dates in the education section are not jobs, commas in the skills section are lists.

/// What a section holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    Experience,
    Education,
    Skills,
    Languages,
    Summary,
    Projects,
    Certifications,
    /// A heading-looking line (Markdown `#` or ALL CAPS) that is none of the above.
    Other,
}

/// One section: its kind, its heading as written, and its lines (trimmed, blank ones kept as
/// empty strings so entries separated by a blank line stay apart).
#[derive(Debug, Clone)]
pub struct Section {
    pub kind: SectionKind,
    pub heading: String,
    pub lines: Vec<String>,
    /// The Markdown level of the heading (`##` is 2), 0 for a plain line.
    pub level: usize,
}

/// The text cut at its headings: the header (before the first heading) and the sections.
#[derive(Debug, Clone, Default)]
pub struct Sections {
    pub header: Vec<String>,
    pub sections: Vec<Section>,
}

impl Sections {
    /// The lines of every section of `kind`, in order.
    pub fn lines_of(&self, kind: SectionKind) -> Vec<String> {
        let mut lines = Vec::new();
        for s in self.sections.iter().filter(|s| s.kind == kind) {
            lines.extend(s.lines.iter().cloned());
            lines.push(String::new());
        }
        lines
    }
}

const HEADINGS: &[(SectionKind, &[&str])] = &[
    (
        SectionKind::Experience,
        &[
            "experience",
            "work experience",
            "professional experience",
            "employment",
            "employment history",
            "work history",
            "career",
            "berufserfahrung",
            "beruflicher werdegang",
            "erfahrung",
            "berufliche erfahrung",
            "praxiserfahrung",
            "werdegang",
        ],
    ),
    (
        SectionKind::Education,
        &[
            "education",
            "academic background",
            "ausbildung",
            "bildung",
            "studium",
            "bildungsweg",
            "schulbildung",
        ],
    ),
    (
        SectionKind::Skills,
        &[
            "skills",
            "technical skills",
            "core skills",
            "key skills",
            "kenntnisse",
            "fähigkeiten",
            "faehigkeiten",
            "fachkenntnisse",
            "it-kenntnisse",
            "edv-kenntnisse",
            "kompetenzen",
            "fähigkeiten und kenntnisse",
        ],
    ),
    (SectionKind::Languages, &["languages", "language skills", "sprachen", "sprachkenntnisse"]),
    (
        SectionKind::Summary,
        &[
            "summary",
            "profile",
            "about me",
            "about",
            "profil",
            "über mich",
            "ueber mich",
            "zusammenfassung",
            "kurzprofil",
        ],
    ),
    (SectionKind::Projects, &["projects", "projekte", "selected projects", "ausgewählte projekte"]),
    (
        SectionKind::Certifications,
        &[
            "certifications",
            "certificates",
            "zertifikate",
            "zertifizierungen",
            "weiterbildung",
            "weiterbildungen",
        ],
    ),
];

/// Headings of sections the draft does not import.
const OTHER_HEADINGS: &[&str] = &[
    "interests",
    "hobbies",
    "references",
    "awards",
    "publications",
    "volunteering",
    "volunteer work",
    "personal details",
    "contact",
    "interessen",
    "hobbys",
    "referenzen",
    "auszeichnungen",
    "publikationen",
    "ehrenamt",
    "persönliche daten",
    "kontakt",
];

/// The heading a line is, if it is one: `(kind, heading as written)`.
pub fn heading(line: &str) -> Option<(SectionKind, String)> {
    let trimmed = line.trim();
    let markdown = trimmed.starts_with('#');
    let bare = trimmed.trim_start_matches('#').trim();
    let bare = bare.trim_matches(|c| c == '*' || c == '_').trim();
    let bare = bare.strip_suffix(':').unwrap_or(bare).trim();
    if bare.is_empty() || bare.split_whitespace().count() > 4 {
        return None;
    }
    let key = normalize(bare);
    for (kind, names) in HEADINGS {
        if names.contains(&key.as_str()) {
            return Some((*kind, bare.to_owned()));
        }
    }
    if let Some(kind) = by_last_word(&key).filter(|_| !bare.contains(',')) {
        return Some((kind, bare.to_owned()));
    }
    // Sections the draft does not read still end the one before them.
    if markdown || OTHER_HEADINGS.contains(&key.as_str()) {
        return Some((SectionKind::Other, bare.to_owned()));
    }
    None
}

/// "Teaching Experience", "Relevant Skills", "EDV- und Fachkenntnisse": a heading by its last
/// word (German compounds by their ending).
fn by_last_word(key: &str) -> Option<SectionKind> {
    let last = key.split_whitespace().last()?;
    let table: &[(SectionKind, &[&str], &[&str])] = &[
        (SectionKind::Experience, &["experience", "employment", "history"], &["erfahrung", "werdegang"]),
        (SectionKind::Education, &["education", "qualifications"], &["ausbildung", "bildung"]),
        (SectionKind::Skills, &["skills", "competencies"], &["kenntnisse", "fähigkeiten", "kompetenzen"]),
        (SectionKind::Languages, &["languages"], &["sprachen", "sprachkenntnisse"]),
        (SectionKind::Projects, &["projects"], &["projekte"]),
        (SectionKind::Certifications, &["certifications", "certificates"], &["zertifikate"]),
    ];
    table
        .iter()
        .find(|(_, words, endings)| words.contains(&last) || endings.iter().any(|e| last.ends_with(e)))
        .map(|(kind, _, _)| *kind)
}

/// Lower case, single spaces, "&"/"und"/"and" variants of two-part headings read alike.
fn normalize(s: &str) -> String {
    let lower = s.to_lowercase().replace(" & ", " und ").replace(" and ", " und ");
    let words: Vec<&str> = lower.split_whitespace().collect();
    let joined = words.join(" ");
    match joined.as_str() {
        "skills und kenntnisse" | "kenntnisse und fähigkeiten" => "fähigkeiten und kenntnisse".into(),
        _ => joined,
    }
}

/// Cuts `text` at its headings. A Markdown `#` title before any other heading is header text
/// (often the person's name), not a section.
pub fn split(text: &str) -> Sections {
    let mut out = Sections::default();
    let mut current: Option<Section> = None;
    for raw in text.lines() {
        let line = raw.trim().to_owned();
        let level = line.chars().take_while(|&c| c == '#').count();
        match heading(&line) {
            Some((SectionKind::Other, _)) if current.is_none() && !is_known_heading_like(&line) => {
                out.header.push(line);
            }
            // "### Engineer | Acme" under "## Experience" is an entry, not a section.
            Some((SectionKind::Other, _)) if current.as_ref().is_some_and(|c| nested(level, c.level)) => {
                current.as_mut().expect("a section").lines.push(line);
            }
            Some((kind, heading)) => {
                if let Some(done) = current.take() {
                    out.sections.push(done);
                }
                current = Some(Section { kind, heading, lines: Vec::new(), level });
            }
            None => match current.as_mut() {
                Some(section) => section.lines.push(line),
                None => out.header.push(line),
            },
        }
    }
    out.sections.extend(current);
    out
}

/// Whether a Markdown heading of `level` sits inside a section headed at `section_level`.
fn nested(level: usize, section_level: usize) -> bool {
    level > 0 && if section_level == 0 { level >= 3 } else { level > section_level }
}

/// An unknown heading in the header is taken as a heading only when it is a Markdown `##` (or
/// deeper) heading; a `# Name` or an ALL-CAPS NAME stays header text.
fn is_known_heading_like(line: &str) -> bool {
    line.trim_start().starts_with("##")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_in_their_forms() {
        assert_eq!(heading("Experience").unwrap().0, SectionKind::Experience);
        assert_eq!(heading("BERUFSERFAHRUNG").unwrap().0, SectionKind::Experience);
        assert_eq!(heading("## Skills").unwrap().0, SectionKind::Skills);
        assert_eq!(heading("Sprachkenntnisse:").unwrap().0, SectionKind::Languages);
        assert_eq!(heading("Über mich").unwrap().0, SectionKind::Summary);
        assert_eq!(heading("**Education**").unwrap().0, SectionKind::Education);
        assert_eq!(heading("INTERESTS").unwrap().0, SectionKind::Other);
        assert!(heading("Experience with Rust and Go for ten years").is_none());
        assert!(heading("Senior Engineer").is_none());
        assert_eq!(heading("Teaching Experience:").unwrap().0, SectionKind::Experience);
        assert_eq!(heading("EDV- und Fachkenntnisse:").unwrap().0, SectionKind::Skills);
    }

    #[test]
    fn header_then_sections() {
        let s = split("# Jane Doe\nEngineer\n\n## Experience\nDev at X\n## Skills\nRust");
        assert_eq!(s.header, ["# Jane Doe", "Engineer", ""]);
        assert_eq!(s.sections.len(), 2);
        assert_eq!(s.sections[0].lines, ["Dev at X"]);
    }
}
