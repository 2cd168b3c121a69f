//! Required and nice-to-have skills, read from the posting's own sections: a gap in a required
//! skill matters more than one in a "Bonus" line, so matching weighs them differently.
//!
//! The description (as `text::html_to_text` gives it: headings on their own lines, "-" or "•"
//! bullets) is cut into sections at heading lines. A heading is a line that is not a bullet, at
//! most eight words, and names a section: requirements ("Requirements", "Must have", "What you
//! bring", "Qualifications", "Anforderungen", "Dein Profil", "Was du mitbringst"), nice to have
//! ("Nice to have", "Bonus points", "Preferred qualifications", "Wünschenswert", "Von Vorteil",
//! "Pluspunkte") or something else ("Responsibilities", "About us", "Benefits", "Deine
//! Aufgaben", "Wir bieten"); a line naming no section is no heading. A heading names no skill
//! unless its items follow a `:`; its section word opens it, or stands before its `:`, or it is
//! at most six words; everyday words ("You have", "Skills", "Muss", "Plus", "Ideally") count only
//! as the whole line or opening a line with a `:`. "Must have: Rust, SQL" is a heading with its items.
//! Inside other lines, a clause with "is a plus", "von Vorteil", "wünschenswert", "nice to
//! have", … makes its skills nice to have (those after a "required" word in it stay required),
//! and "ideally", "idealerweise", "preferably", "gerne" make the skills after them nice to have.
//!
//! Skills in nice-to-have places are nice to have. Skills in requirement sections, in the
//! title, or listed by the board but not named in the text (where the text names them, its
//! sections decide: the employer's words beat the board's tags) are required. Skills elsewhere in the text are required when the posting has no requirement
//! section, else nice to have. A skill both required and nice to have is required. Board skills
//! the vocabulary does not know are left out. Pure: no I/O.

use std::ops::Range;

use super::skills::vocabulary;

/// The skills a posting asks for, canonical names, each once: required ones in title, text and
/// board order; nice-to-have ones in text order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Requirements {
    pub required: Vec<&'static str>,
    pub nice_to_have: Vec<&'static str>,
}

/// What a part of a description is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Before any heading, or under a heading that is neither of the others.
    Other,
    Required,
    NiceToHave,
}

#[rustfmt::skip]
const NICE_HEADINGS: &[&str] = &[
    "nice to have", "nice to haves", "bonus points", "preferred qualification", "preferred skills",
    "preferred experience", "good to have", "extra credit", "stand out", "wünschenswert", "von vorteil",
    "pluspunkte", "pluspunkt", "nice if you know", "nice if you have", "good to know", "plus points",
    "bonus if", "se valorará", "valorable", "deseable", "pluspunten", "un plus",
];
#[rustfmt::skip]
const NICE_WEAK: &[&str] = &[
    "bonus", "plus", "a plus", "is a plus", "ein plus", "preferred", "optional", "nice", "ideally",
    "idealerweise", "even better", "would be great", "would be a plus", "wäre schön", "wäre toll",
    "kein muss", "nicht zwingend", "vorteilhaft",
];
#[rustfmt::skip]
const REQUIRED_HEADINGS: &[&str] = &[
    "requirement", "must have", "must haves", "what you bring", "what you ll bring",
    "what you will bring", "what you need", "what you ll need", "what we re looking for",
    "what we are looking for", "what we look for", "who you are", "about you", "your profile",
    "your skills", "your experience", "your background", "qualification", "skills and experience",
    "experience and skills", "you should have", "you will need", "we expect", "anforderung",
    "dein profil", "ihr profil", "deine skills", "deine kenntnisse", "ihre kenntnisse", "qualifikation",
    "mitbringst", "mitbringen", "bringst du mit", "bringen sie mit", "voraussetzung", "was wir erwarten",
    "erwarten wir", "muss kriterien", "musskriterien", "what we need", "what we re after",
    "who we re looking for", "who we are looking for", "what you should bring", "requisitos",
    "requerimientos", "tu perfil", "lo que buscamos", "qué buscamos", "vereisten",
    "wat we vragen", "wat je meebrengt", "jouw profiel", "profil recherché", "votre profil",
    "compétences requises",
];
#[rustfmt::skip]
const REQUIRED_WEAK: &[&str] = &[
    "you have", "you are", "you bring", "you", "skills", "required", "essential", "essentials",
    "minimum", "must", "muss", "profil", "profile", "kenntnisse", "experience", "erfahrung",
];
#[rustfmt::skip]
const OTHER_HEADINGS: &[&str] = &[
    "responsibilit", "what you ll do", "what you will do", "what you ll be doing",
    "what you will be doing", "your tasks", "your role", "the role", "about the role", "role overview",
    "about us", "about the company", "about the team", "who we are", "our team", "the team", "your team",
    "das team", "dein team", "deine aufgaben", "ihre aufgaben", "aufgaben", "deine rolle", "über uns",
    "wer wir sind", "was wir bieten", "wir bieten", "das bieten wir", "what we offer", "we offer",
    "benefit", "perks", "why join", "why you ll love", "why work", "how to apply", "application process",
    "interview process", "bewerbung", "kontakt", "contact", "compensation", "salary", "gehalt",
    "vergütung", "equal opportunit", "diversity", "our stack", "tech stack", "unser stack", "stack",
    "technologies we use", "the job", "job description", "stellenbeschreibung", "your mission",
    "deine mission", "mission", "in this role", "day to day", "a day in the life",
    "what s in it for you", "what you get", "deine vorteile", "unser angebot", "location", "standort",
    "arbeitsort", "ofrecemos", "qué ofrecemos", "funciones", "responsabilidades", "tus funciones",
    "sobre nosotros", "wat wij bieden", "over ons", "nous offrons", "vos missions",
];
/// Inline: the skills after these in their clause are nice to have.
#[rustfmt::skip]
const LEADING_MARKERS: &[&str] = &[
    "ideally", "idealerweise", "preferably", "vorzugsweise", "optionally", "gerne", "bonus points",
    "even better", "ein plus wäre",
];
/// Inline: the skills of their clause are nice to have.
#[rustfmt::skip]
const MARKERS: &[&str] = &[
    "is a plus", "are a plus", "a plus", "nice to have", "nice-to-have", "von vorteil", "wünschenswert",
    "an advantage", "advantageous", "vorteilhaft", "gern gesehen", "gerne gesehen", "would be great",
    "would be nice", "not required", "not a must", "kein muss", "nicht zwingend", "preferred",
    "ein plus", "a bonus", "bonus", "optional", "pluspunkt",
];
/// Inline: required again after these ("Python is required, Kafka is a plus").
#[rustfmt::skip]
const REQUIRED_WORDS: &[&str] = &[
    "required", "must", "essential", "mandatory", "erforderlich", "zwingend", "vorausgesetzt",
    "notwendig", "muss",
];
/// A clause part after a comma that holds one of these is its own item for a marker after it.
const ITEM_WORDS: &[&str] =
    &["experience", "knowledge", "familiarity", "exposure", "kenntnisse", "erfahrung", "skills"];

/// The required and nice-to-have skills of a posting (see the module doc).
pub fn requirements(title: &str, description: &str, listed_skills: &[String]) -> Requirements {
    let vocabulary = vocabulary();
    let lines = sections(description);
    let has_required = lines.iter().any(|(section, _)| *section == Section::Required);
    let mut required: Vec<&'static str> = vocabulary.find_in(title);
    // (skill, seen in a nice place, seen elsewhere), in text order.
    let mut seen: Vec<(&'static str, bool, bool)> = Vec::new();
    let mut line = 0;
    let mut nice_spans: Vec<Range<usize>> = Vec::new();
    let mut nice_line = usize::MAX;
    for mention in vocabulary.mentions(description) {
        while lines[line].1.end < mention.start {
            line += 1;
        }
        let (section, range) = &lines[line];
        if nice_line != line {
            nice_spans = inline_nice(description, range.clone());
            nice_line = line;
        }
        let nice = *section == Section::NiceToHave || nice_spans.iter().any(|s| s.contains(&mention.start));
        let skill = mention.skill;
        let counts_required = !nice && (*section == Section::Required || !has_required);
        if counts_required && !required.contains(&skill) {
            required.push(skill);
        }
        match seen.iter_mut().find(|(s, _, _)| *s == skill) {
            Some(entry) => {
                entry.1 |= nice;
                entry.2 |= !nice;
            }
            None => seen.push((skill, nice, !nice)),
        }
    }
    for skill in listed_skills.iter().filter_map(|s| vocabulary.canonical(s)) {
        let named = seen.iter().any(|(s, _, _)| *s == skill);
        if !named && !required.contains(&skill) {
            required.push(skill);
        }
    }
    let nice_to_have = seen.iter().map(|(s, _, _)| *s).filter(|s| !required.contains(s)).collect();
    Requirements { required, nice_to_have }
}

/// Every line of `description` (byte range, without its line break) with its section.
pub fn sections(description: &str) -> Vec<(Section, Range<usize>)> {
    let mut out = Vec::new();
    let mut current = Section::Other;
    let mut start = 0;
    for line in description.split('\n') {
        if let Some(section) = heading(line) {
            current = section;
        }
        out.push((current, start..start + line.len()));
        start += line.len() + 1;
    }
    out
}

/// The section a heading line opens, or `None` for a line that is not a heading.
fn heading(line: &str) -> Option<Section> {
    let line = line.trim();
    let bullet = ["-", "•", "* ", "·", "–", "▪", "●", "+ "].iter().any(|b| line.starts_with(b));
    if bullet || line.is_empty() {
        return None;
    }
    let line =
        line.trim_matches(|c: char| matches!(c, '#' | '*' | '_' | '=' | '!' | '?') || c.is_whitespace());
    let (head, colon) = match line.split_once(':') {
        Some((head, _)) => (head, true),
        None => (line, false),
    };
    // Most lines are sentences: count words before normalizing or looking for skills.
    if head.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).nth(8).is_some() {
        return None;
    }
    let head = normalize(head);
    let words = head.split(' ').filter(|w| !w.is_empty()).count();
    if words == 0 || words > 8 {
        return None;
    }
    let suffixes: Vec<&str> =
        std::iter::once(0).chain(head.match_indices(' ').map(|(i, _)| i + 1)).map(|i| &head[i..]).collect();
    let names_skill = std::cell::OnceCell::new();
    let names_skill = || *names_skill.get_or_init(|| !vocabulary().find_in(&head).is_empty());
    // A heading names no skill unless its items follow a `:` ("Must have: Rust").
    let strong = |patterns: &[&str]| {
        patterns.iter().any(|p| at_word_start(&suffixes, p) && (colon || words <= 6 || head.starts_with(p)))
            && (colon || !names_skill())
    };
    let weak = |patterns: &[&str]| {
        patterns
            .iter()
            .any(|p| head == *p || colon && head.strip_prefix(p).is_some_and(|rest| rest.starts_with(' ')))
    };
    if strong(NICE_HEADINGS) || weak(NICE_WEAK) {
        Some(Section::NiceToHave)
    } else if strong(REQUIRED_HEADINGS) || weak(REQUIRED_WEAK) {
        Some(Section::Required)
    } else if strong(OTHER_HEADINGS) {
        Some(Section::Other)
    } else {
        None
    }
}

/// Whether `pattern` occurs at the start of a word of a heading, given the heading from each of
/// its word starts (`suffixes`); the first byte is compared first, most words fail there.
fn at_word_start(suffixes: &[&str], pattern: &str) -> bool {
    let first = pattern.as_bytes()[0];
    suffixes.iter().any(|s| s.as_bytes()[0] == first && s.starts_with(pattern))
}

/// Lower case, every run of other characters than letters and digits one space.
fn normalize(text: &str) -> String {
    let lower = text.to_lowercase();
    lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The byte ranges of one line whose skills an inline marker makes nice to have.
fn inline_nice(text: &str, line: Range<usize>) -> Vec<Range<usize>> {
    let lower = lower_aligned(&text[line.clone()]);
    let mut out = Vec::new();
    let mut clause_start = 0;
    let bytes = lower.as_bytes();
    for (i, c) in lower.char_indices() {
        let ends = matches!(c, ';' | '(' | ')' | '!' | '?')
            || c == '.' && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace());
        if ends || i + c.len_utf8() == lower.len() {
            let end = if ends { i } else { lower.len() };
            for r in clause_nice(&lower, clause_start..end) {
                out.push(line.start + r.start..line.start + r.end);
            }
            clause_start = i + c.len_utf8();
        }
    }
    out
}

fn clause_nice(lower: &str, clause: Range<usize>) -> Vec<Range<usize>> {
    let starts = word_starts(lower, &clause);
    let find = |words: &[&str]| find_words(lower, clause.end, &starts, words);
    let markers: Vec<(Range<usize>, bool)> = find(LEADING_MARKERS)
        .into_iter()
        .map(|r| (r, true))
        .chain(find(MARKERS).into_iter().map(|r| (r, false)))
        .collect();
    if markers.is_empty() {
        return Vec::new();
    }
    let required: Vec<Range<usize>> = find(REQUIRED_WORDS)
        .into_iter()
        .filter(|r| !markers.iter().any(|(m, _)| m.start <= r.start && r.end <= m.end))
        .collect();
    let mut out = Vec::new();
    for (marker, leading) in markers {
        let next_required = required.iter().map(|r| r.start).filter(|s| *s >= marker.end).min();
        out.push(marker.end..next_required.unwrap_or(clause.end));
        if leading {
            continue;
        }
        let mut from =
            required.iter().map(|r| r.end).filter(|e| *e <= marker.start).max().unwrap_or(clause.start);
        if let Some(comma) = lower[from..marker.start].rfind(',') {
            let part = &lower[from + comma..marker.start];
            if ITEM_WORDS.iter().any(|w| part.contains(w)) {
                from += comma;
            }
        }
        out.push(from..marker.start);
    }
    out
}

/// Where any of `words` occurs in a clause of `lower` ending at `end`, between non-letters.
/// Every listed word opens with a letter, so a match begins at one of the clause's word
/// `starts`: comparing there needs no substring search per word.
fn find_words(lower: &str, end: usize, starts: &[usize], words: &[&str]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for word in words {
        for &i in starts {
            let stop = i + word.len();
            if lower.as_bytes()[i..end].starts_with(word.as_bytes())
                && !lower[stop..end].chars().next().is_some_and(char::is_alphanumeric)
            {
                out.push(i..stop);
            }
        }
    }
    out
}

/// Where the words (runs of letters and digits) of `lower[clause]` begin.
fn word_starts(lower: &str, clause: &Range<usize>) -> Vec<usize> {
    let mut out = Vec::new();
    let mut in_word = false;
    for (i, c) in lower[clause.clone()].char_indices() {
        if c.is_alphanumeric() && !in_word {
            out.push(clause.start + i);
        }
        in_word = c.is_alphanumeric();
    }
    out
}

/// Lower case with every character keeping its byte length, so offsets stay valid.
fn lower_aligned(text: &str) -> String {
    text.chars()
        .map(|c| c.to_lowercase().next().filter(|l| l.len_utf8() == c.len_utf8()).unwrap_or(c))
        .collect()
}
