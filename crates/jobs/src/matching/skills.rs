//! The skills vocabulary: canonical names, their synonyms (k8s → Kubernetes, Postgres → PostgreSQL,
//! Datenbanken → Databases) and a family each (frontend, data engineering, finance, …), shipped as data in
//! `crates/jobs/data/skills.json` and parsed once. Matching compares canonical names, so "React.js" in a
//! posting and "ReactJS" in a profile are one skill, and role fit can count skills per family.
//!
//! Names compare case- and punctuation-insensitively: text is cut into tokens of letters, digits, `+`, `#`
//! and inner dots; inner dots are dropped ("Node.js" = "nodejs"), a leading one reads as "dot" (".NET" =
//! "dotnet"), and `/`, `-` and spaces separate tokens ("CI/CD" = "CI-CD" = "ci cd"). Tokens written together
//! also match a spaced name ("PowerBI" = "Power BI"). In free text a skill is a whole-token match, longest
//! name first ("Spring Boot" before "Spring", "Go-to-market" before "Go").
//!
//! Words that are also common words need more (the rule, tested in `tests/skills.rs`):
//! - a *cased* form counts only as written or in capitals: "React" and "REACT", never "react to incidents";
//!   "REST" never "the rest"; "Excel" never "excel at".
//! - an *ambiguous* form (Go, R, C, Swift, Spring, Node, Express, Chef, Julia, Sketch, SAS, PLC, Oracle, and
//!   Recruiting and Logistics, which postings use for teams and company names) is cased too and counts only
//!   in a skills context: a word such as "developer", "programming" or "Entwickler" right after it ("Go
//!   developer", "C-Programmierung"); "in", "with", "using" or "mit" right before Go, Swift, Node, R or C;
//!   alone in parentheses ("(Go)", two letters or more, so "(C)" stays a copyright sign); after a label such
//!   as "Stack:" or "Languages:"; or next to another accepted skill in a list ("Python, Go and Rust",
//!   "C/C++", bullets holding only skills). Inside a hyphenated or `&` compound it never counts ("C-level",
//!   "R&D", "Spring-Semester"). So "Let's go", "Go to our site", "Series C", "the rest", "swift onboarding",
//!   "Spring 2026" and "our Chef" are not skills. Known limit: "Chef experience" in a cook's posting reads as
//!   the tool. Pure: no I/O, no clock.
//!
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use serde::Deserialize;

const DATA: &str = include_str!("../../data/skills.json");

/// Words after an ambiguous form that make it a skill ("Go developer", "R programming").
#[rustfmt::skip]
const QUALIFIERS: &[&str] = &[
    "developer", "developers", "dev", "devs", "engineer", "engineers", "engineering", "programmer",
    "programmers", "programming", "language", "codebase", "services", "microservices", "backend",
    "backends", "sdk", "toolchain", "ecosystem", "apps", "libraries", "library", "packages", "modules",
    "experience", "skills", "expertise", "knowledge", "entwickler", "entwicklerin", "entwicklung",
    "programmierung", "kenntnisse", "erfahrung",
];
/// Words before Go, Swift, Node, R or C that make it a skill ("written in Go").
const PREPOSITIONS: &[&str] = &["in", "with", "using", "mit"];
const PREPOSITION_FORMS: &[&str] = &["go", "swift", "node", "r", "c"];
/// Label words before a `:` that start a list of skills ("Tech stack: Go").
#[rustfmt::skip]
const LABELS: &[&str] = &[
    "stack", "skills", "technologies", "technology", "tech", "tools", "tooling", "languages",
    "frameworks", "sprachen", "programmiersprachen", "kenntnisse", "technologien", "werkzeuge",
];
/// Words allowed between two items of one list.
const GLUE_WORDS: &[&str] = &["and", "or", "und", "oder", "sowie", "plus", "as", "well", "bzw", "nor"];
const GLUE_CHARS: &[char] = &[',', '/', '&', '|', '(', ')', '•', '·', '*', '-', '–', '—', ';', '+', '▪', '●'];

#[derive(Deserialize)]
#[serde(bound(deserialize = "'de: 'a"))]
struct Data<'a> {
    cased: Vec<&'a str>,
    ambiguous: Vec<&'a str>,
    families: BTreeMap<&'a str, Vec<Vec<&'a str>>>,
}

/// How a name may match in free text (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    Free,
    Cased(&'static str),
    Ambiguous(&'static str),
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    skill: usize,
    rule: Rule,
}

/// The vocabulary: use [`vocabulary`].
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// (canonical name, family), in data order.
    skills: Vec<(&'static str, &'static str)>,
    /// Normalized name (tokens joined by spaces) → skill.
    spaced: Map<Entry>,
    /// Normalized name with its tokens written together → skill.
    compact: Map<Entry>,
    max_tokens: usize,
    /// One token → the skill it names alone, and whether a longer name may start with it (a first token,
    /// or a beginning written together): one lookup per token; longer names only after a start.
    words: Map<(Option<Entry>, bool)>,
    /// Beginnings of names: spaced ones of two tokens or more, and every one written together.
    prefixes: Map<()>,
}

/// Maps keyed by normalized names, hashed with FNV-1a, not SipHash: the keys are ours and lookups per
/// token of every posting dominate matching time. (The state is kept xor the basis, so 0 starts right.)
type Map<V> = HashMap<String, V, BuildHasherDefault<Fnv>>;
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        const BASIS: u64 = 0xcbf2_9ce4_8422_2325;
        self.0 = BASIS
            ^ bytes.iter().fold(self.0 ^ BASIS, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3));
    }
}

/// One skill mentioned in a text: its canonical name and the byte range that named it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub skill: &'static str,
    pub start: usize,
    pub end: usize,
}

/// The shipped vocabulary, parsed on first use.
pub fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| Vocabulary::parse(DATA))
}

impl Vocabulary {
    fn parse(data: &'static str) -> Self {
        let data: Data<'static> = serde_json::from_str(data).expect("crates/jobs/data/skills.json is valid");
        let cased = data.cased.iter().map(|form| (*form, Rule::Cased(form)));
        let ambiguous = data.ambiguous.iter().map(|form| (*form, Rule::Ambiguous(form)));
        let rules: HashMap<String, Rule> =
            cased.chain(ambiguous).map(|(f, rule)| (normalize(f).0, rule)).collect();
        let mut vocabulary = Vocabulary::default();
        let mut starts: Vec<String> = Vec::new();
        for (family, skills) in &data.families {
            for names in skills {
                let skill = vocabulary.skills.len();
                vocabulary.skills.push((names[0], family));
                for name in names {
                    let (spaced, compact, count) = normalize(name);
                    let rule = rules.get(&spaced).copied().unwrap_or(Rule::Free);
                    vocabulary.max_tokens = vocabulary.max_tokens.max(count);
                    if count > 1 {
                        starts.push(spaced.split(' ').next().unwrap_or_default().to_owned());
                        starts.extend(compact.char_indices().skip(1).map(|(i, _)| compact[..i].to_owned()));
                    }
                    let words = spaced.match_indices(' ').skip(1).map(|(i, _)| spaced[..i].to_owned());
                    let letters = compact.char_indices().skip(1).map(|(i, _)| compact[..i].to_owned());
                    vocabulary.prefixes.extend(words.chain(letters).map(|p| (p, ())));
                    vocabulary.spaced.entry(spaced).or_insert(Entry { skill, rule });
                    vocabulary.compact.entry(compact).or_insert(Entry { skill, rule });
                }
            }
        }
        // A single token is looked up as both forms, the spaced one first (see `mentions`).
        let singles =
            vocabulary.compact.iter().chain(vocabulary.spaced.iter().filter(|(k, _)| !k.contains(' ')));
        let words = singles.map(|(k, e)| (k.clone(), (Some(*e), false))).collect();
        vocabulary.words = words;
        for start in starts {
            vocabulary.words.entry(start).or_insert((None, true)).1 = true;
        }
        vocabulary
    }

    /// The canonical name of a skill term ("k8s" → "Kubernetes", "react.js" → "React"), any
    /// case or punctuation; `None` for a term the vocabulary does not know. No context rules:
    /// a term given as a skill ("Go" in a profile) is one.
    pub fn canonical(&self, term: &str) -> Option<&'static str> {
        let (spaced, compact, _) = normalize(term);
        let entry = self.spaced.get(&spaced).or_else(|| self.compact.get(&compact))?;
        Some(self.skills[entry.skill].0)
    }

    /// The family of a skill ("Kubernetes" → "devops"); any name or synonym is accepted.
    pub fn family(&self, skill: &str) -> Option<&'static str> {
        let name = self.canonical(skill)?;
        self.skills.iter().find(|(n, _)| *n == name).map(|(_, family)| *family)
    }

    /// Every (canonical name, family), in data order.
    pub fn skills(&self) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        self.skills.iter().copied()
    }

    /// The family names, sorted.
    pub fn families(&self) -> Vec<&'static str> {
        self.skills.iter().map(|(_, f)| *f).collect::<BTreeSet<_>>().into_iter().collect()
    }

    /// The canonical skills mentioned in free text, in first-mention order, each once.
    pub fn find_in(&self, text: &str) -> Vec<&'static str> {
        let mut found: Vec<&'static str> = Vec::new();
        for mention in self.mentions(text) {
            if !found.contains(&mention.skill) {
                found.push(mention.skill);
            }
        }
        found
    }

    /// Every mention of a skill in free text, in text order (a skill may repeat).
    pub fn mentions(&self, text: &str) -> Vec<Mention> {
        let tokens = tokens(text);
        let mut candidates: Vec<(Entry, usize, usize)> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let (single, start) = self.words.get(&tokens[i].norm).copied().unwrap_or((None, false));
            let hit = start.then(|| self.longest(&tokens[i..])).flatten().or(single.map(|e| (e, 1)));
            let n = hit.map_or(1, |(_, n)| n);
            candidates.extend(hit.map(|(entry, n)| (entry, i, i + n)));
            i += n;
        }
        let context = Context { text, tokens: &tokens };
        let spans: Vec<(usize, usize)> =
            candidates.iter().map(|(_, a, b)| (tokens[*a].start, tokens[b - 1].end)).collect();
        let mut verdicts: Vec<Verdict> =
            candidates.iter().map(|(entry, a, b)| context.verdict(entry.rule, *a, *b)).collect();
        // Ambiguous forms next to an accepted skill in a list are skills too (repeat: a list
        // "Go, R" after a label accepts R through Go).
        let mut changed = true;
        while changed {
            changed = false;
            for k in 0..verdicts.len() {
                if verdicts[k] != Verdict::Pending {
                    continue;
                }
                let left = k > 0 && verdicts[k - 1] == Verdict::Accept && context.listed(&spans, k - 1, k);
                let right = k + 1 < verdicts.len()
                    && verdicts[k + 1] == Verdict::Accept
                    && context.listed(&spans, k, k + 1);
                if left || right {
                    verdicts[k] = Verdict::Accept;
                    changed = true;
                }
            }
        }
        candidates
            .iter()
            .zip(&spans)
            .zip(&verdicts)
            .filter(|(_, v)| **v == Verdict::Accept)
            .map(|(((entry, _, _), (start, end)), _)| Mention {
                skill: self.skills[entry.skill].0,
                start: *start,
                end: *end,
            })
            .collect()
    }

    /// The longest name of two tokens or more opening `tokens`, grown one token at a time while
    /// the words so far begin some name.
    fn longest(&self, tokens: &[Token]) -> Option<(Entry, usize)> {
        let word = |t: &Token| t.norm.len() >= 2 && !GLUE_WORDS.contains(&t.norm.as_str());
        let (mut spaced, mut compact) = (tokens[0].norm.clone(), tokens[0].norm.clone());
        let (mut apart, mut hit) = (word(&tokens[0]), None);
        for (n, token) in (2..=self.max_tokens).zip(&tokens[1..]) {
            spaced.push(' ');
            spaced.push_str(&token.norm);
            compact.push_str(&token.norm);
            // Written apart ("Java Script"): words of two letters or more, no "or" ("R or" is not
            // RoR), and never a cased or ambiguous name.
            apart &= word(token);
            let apart_hit = || self.compact.get(&compact).filter(|e| apart && e.rule == Rule::Free);
            hit = self.spaced.get(&spaced).or_else(apart_hit).map(|e| (*e, n)).or(hit);
            if !self.prefixes.contains_key(&spaced) && !self.prefixes.contains_key(&compact) {
                return hit;
            }
        }
        hit
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Accept,
    Reject,
    /// Ambiguous, written right: a skill if listed next to an accepted one.
    Pending,
}

struct Context<'t> {
    text: &'t str,
    tokens: &'t [Token],
}

impl Context<'_> {
    fn verdict(&self, rule: Rule, a: usize, b: usize) -> Verdict {
        let (start, end) = (self.tokens[a].start, self.tokens[b - 1].end);
        let surface = &self.text[start..end];
        let form = match rule {
            Rule::Free => return Verdict::Accept,
            Rule::Cased(form) | Rule::Ambiguous(form) => form,
        };
        if surface != form && surface != form.to_uppercase() {
            return Verdict::Reject;
        }
        if matches!(rule, Rule::Cased(_)) {
            return Verdict::Accept;
        }
        let next =
            self.tokens.get(b).filter(|t| matches!(self.text[end..t.start].trim_matches(' '), "" | "-"));
        if next.is_some_and(|t| QUALIFIERS.contains(&t.norm.as_str())) {
            return Verdict::Accept;
        }
        let before = self.text[..start].chars().next_back();
        let after = self.text[end..].chars().next();
        if [before, after].iter().any(|c| matches!(c, Some('-' | '&' | '@'))) {
            return Verdict::Reject;
        }
        let prev = a.checked_sub(1).map(|p| &self.tokens[p]).filter(|t| &self.text[t.end..start] == " ");
        if prev.is_some_and(|t| PREPOSITIONS.contains(&t.norm.as_str()))
            && PREPOSITION_FORMS.contains(&self.tokens[a].norm.as_str())
        {
            return Verdict::Accept;
        }
        if before == Some('(') && after == Some(')') && form.len() >= 2 {
            return Verdict::Accept;
        }
        if self.after_label(start) {
            return Verdict::Accept;
        }
        Verdict::Pending
    }

    /// Whether the line before `start` is a label ("Tech stack: "), or is only a bullet under a
    /// label line ("Languages:\n- Go").
    fn after_label(&self, start: usize) -> bool {
        let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let prefix = &self.text[line_start..start];
        if let Some(colon) = prefix.rfind(':') {
            return is_glue(&prefix[colon + 1..]) && has_label(&prefix[..colon]);
        }
        if !is_glue(prefix) || line_start == 0 {
            return false;
        }
        let above = self.text[..line_start - 1].trim_end();
        let above = &above[above.rfind('\n').map_or(0, |i| i + 1)..];
        above.strip_suffix(':').is_some_and(has_label)
    }

    /// Whether candidates `k` and `k + 1` are neighbours in one list: only separators between
    /// them, and across a line break each item alone on its line ("- Go\n- Rust").
    fn listed(&self, spans: &[(usize, usize)], k: usize, next: usize) -> bool {
        let gap = &self.text[spans[k].1..spans[next].0];
        if !is_glue(gap) {
            return false;
        }
        if !gap.contains('\n') {
            return true;
        }
        [k, next].iter().all(|&j| {
            let (start, end) = spans[j];
            let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = self.text[end..].find('\n').map_or(self.text.len(), |i| end + i);
            let from = if j > 0 { spans[j - 1].1.clamp(line_start, start) } else { line_start };
            let to = spans.get(j + 1).map_or(line_end, |s| s.0.clamp(end, line_end));
            is_glue(&self.text[from..start]) && is_glue(&self.text[end..to])
        })
    }
}

fn has_label(text: &str) -> bool {
    tokens(text).iter().any(|t| LABELS.contains(&t.norm.as_str()))
}

/// Only list separators: whitespace, `,`, `/`, `&`, bullets, and "and", "or", "und", "oder".
fn is_glue(gap: &str) -> bool {
    gap.chars().all(|c| c.is_alphanumeric() || c.is_whitespace() || GLUE_CHARS.contains(&c))
        && gap
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .all(|w| GLUE_WORDS.iter().any(|g| g.eq_ignore_ascii_case(w)))
}

/// A token of text: its byte range and normalized form (lower case, inner dots dropped, a
/// leading dot as "dot").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub norm: String,
}

/// The tokens of `text` (see the module doc).
pub(crate) fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut run: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric() || matches!(c, '+' | '#' | '.'), run) {
            (true, None) => run = Some(i),
            (false, Some(s)) => {
                push_run(text, s, i, &mut out);
                run = None;
            }
            _ => {}
        }
    }
    if let Some(s) = run {
        push_run(text, s, text.len(), &mut out);
    }
    out
}

/// One run of token characters; a dot between a lower-case and an upper-case letter ends a
/// sentence with its space missing ("Python.Experience"), so it splits the run.
fn push_run(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    if !text[start..end].contains('.') {
        return push_piece(text, start, end, out);
    }
    let chars: Vec<(usize, char)> = text[start..end].char_indices().collect();
    let mut piece = start;
    for w in chars.windows(3) {
        if w[1].1 == '.' && w[0].1.is_lowercase() && w[2].1.is_uppercase() {
            push_piece(text, piece, start + w[1].0, out);
            piece = start + w[2].0;
        }
    }
    push_piece(text, piece, end, out);
}

fn push_piece(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let piece = text[start..end].trim_end_matches('.');
    let body = piece.trim_start_matches('.');
    let lead = piece.len() - body.len();
    if !body.chars().any(char::is_alphanumeric) {
        return;
    }
    let dot = lead == 1 && body.starts_with(char::is_alphabetic);
    let mut norm = String::with_capacity(body.len() + 3);
    if dot {
        norm.push_str("dot");
    }
    if body.is_ascii() {
        norm.extend(body.bytes().filter(|b| *b != b'.').map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        norm.extend(body.chars().filter(|c| *c != '.').flat_map(char::to_lowercase));
    }
    let token_start = if dot { start } else { start + lead };
    out.push(Token { start: token_start, end: start + piece.len(), norm });
}

/// (tokens joined by spaces, tokens written together, token count).
fn normalize(term: &str) -> (String, String, usize) {
    let tokens = tokens(term);
    let norms: Vec<&str> = tokens.iter().map(|t| t.norm.as_str()).collect();
    (norms.join(" "), norms.concat(), norms.len())
}
