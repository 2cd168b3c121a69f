//! Language fit: which language a posting is written in, which languages it requires, and how
//! that compares with the languages the user lists. A posting written in Dutch, or asking for
//! "sehr gute Deutschkenntnisse", is not a strong match for someone who lists only English,
//! however good the skills match is.
//!
//! Everything is small word tables in this file (ISO 639-1 codes): stopwords that belong to
//! one language only (so "de", "la", "en", "e", shared by several, count for none), and each
//! language's names in the languages postings here are written in. A language is *required*
//! when its clause carries a level or a requirement ("fluent", "C1", "verhandlungssicher",
//! "is a must") and the nearest cue is not an optional one ("is a plus", "von Vorteil"), nor a
//! negation ("no German needed"); languages offered as alternatives ("English or German") are
//! not required. Pure: no I/O.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::requirements::Section;
use crate::text::words;

/// Stopwords of one language only, space-separated.
const STOPWORDS: [(&str, &str); 8] = [
    ("en", "the and of to with for you we our are will your this that be on have from an or at by as is"),
    ("de", "und der die das mit für wir sie ist sind ein eine zu von auf den dem des bei nicht auch oder werden dich du deine dein unsere unser im ihre einen wird"),
    ("fr", "le les et des une du pour avec nous vous est sont dans sur au aux votre notre qui pas ce vos nos"),
    ("nl", "het een van met voor wij je jij zijn ons onze jouw bij naar niet ook dat als worden wordt heb hebt jullie wat"),
    ("es", "el los las y del nuestro nuestra nuestros también trabajo equipo más muy puesto usted ofrecemos requisitos conocimientos años buscamos tus"),
    ("it", "il gli della delle degli nel nella per è sono che siamo cerchiamo nostro nostra anche lavoro esperienza di dei alla requisiti azienda ruolo molto"),
    ("pl", "i w z się jest są dla oraz że od jako lub będziesz nasz nasze twoje wymagania pracy doświadczenie zespole znajomość oferujemy nie"),
    ("pt", "os dos com uma um é são em não você vocês nosso nossa também trabalho equipe experiência conhecimento mais pelo pela ao seu sua"),
];

/// Each language's code, English name (for messages) and lower-case names or name stems as
/// postings and users write them, space-separated (in English, German, French, Dutch, Spanish, Italian,
/// Polish and Portuguese).
const LANGUAGES: [(&str, &str, &str); 22] = [
    ("en", "English", "english englisch anglais engels inglés ingles inglese angielski angielskiego inglês"),
    ("de", "German", "german deutsch deutsche deutschen allemand duits alemán aleman tedesco niemiecki niemieckiego alemão"),
    ("fr", "French", "french französisch franzoesisch français francais frans francés frances francese francuski francuskiego francês"),
    ("nl", "Dutch", "dutch niederländisch niederlaendisch néerlandais neerlandais nederlands neerlandés olandese niderlandzki holandês flemish vlaams"),
    ("es", "Spanish", "spanish spanisch espagnol spaans español espanol spagnolo hiszpański hiszpanski espanhol castellano"),
    ("it", "Italian", "italian italienisch italien italiaans italiano włoski wloski"),
    ("pl", "Polish", "polish polnisch polonais pools polaco polacco polski polskiego polonês"),
    ("pt", "Portuguese", "portuguese portugiesisch portugais portugees portugués portoghese portugalski português portugues"),
    ("sv", "Swedish", "swedish schwedisch suédois zweeds svenska"),
    ("da", "Danish", "danish dänisch daenisch danois deens dansk"),
    ("no", "Norwegian", "norwegian norwegisch norvégien noors norsk"),
    ("fi", "Finnish", "finnish finnisch finnois fins suomi"),
    ("cs", "Czech", "czech tschechisch tchèque tsjechisch čeština cestina"),
    ("ru", "Russian", "russian russisch russe русский"),
    ("uk", "Ukrainian", "ukrainian ukrainisch ukrainien oekraïens українська"),
    ("tr", "Turkish", "turkish türkisch tuerkisch turc turks türkçe"),
    ("ja", "Japanese", "japanese japanisch japonais japans 日本語"),
    ("zh", "Chinese", "chinese mandarin chinesisch chinois chinees cantonese 中文"),
    ("hu", "Hungarian", "hungarian ungarisch hongrois hongaars húngaro ungherese węgierski magyar"),
    ("ro", "Romanian", "romanian rumänisch rumaenisch roumain roemeens rumano rumeno rumuński"),
    ("el", "Greek", "greek griechisch grec grieks griego"),
    ("ar", "Arabic", "arabic arabisch arabe árabe arabo arabski"),
];

/// A small, fast hasher (FNV-1a) for the word tables: looked up once per word of every
/// posting, where the default SipHash is most of the cost. Not exposed to untrusted keys in a
/// way that matters (the tables are fixed; only lookups use posting words).
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type WordMap<V> = HashMap<&'static str, V, std::hash::BuildHasherDefault<Fnv>>;

/// Where clauses end, for [`required_languages`].
const CLAUSE_ENDS: [char; 9] = ['.', ';', '!', '?', '\n', '•', '·', '|', '–'];

/// Words that make a language in their clause a requirement (levels, "must", "required").
#[rustfmt::skip]
const REQUIRED_CUES: &[&str] = &["fluent", "fluently", "fluency", "native", "proficient", "proficiency",
    "business", "professional", "excellent", "good", "strong", "very", "required", "requires", "require",
    "must", "mandatory", "essential", "needed", "need", "necessary", "a1", "a2", "b1", "b2", "c1", "c2",
    "skills", "speaking", "speaker", "speakers", "spoken", "written", "working", "fließend", "fliessend",
    "verhandlungssicher", "verhandlungssichere", "verhandlungssicheres", "verhandlungssicheren", "sehr",
    "gute", "guten", "gutes", "kenntnisse", "sprachkenntnisse", "muttersprache", "muttersprachlich",
    "muttersprachler", "erforderlich", "zwingend", "vorausgesetzt", "voraussetzung", "arbeitssprache",
    "courant", "bilingue", "exigé", "obligatoire", "vloeiend", "goede", "vereist", "fluido", "nativo",
    "imprescindible", "requerido", "richiesto", "fluente", "biegła", "biegły", "wymagana", "wymagany",
    "płynny"];

/// Words that make a language in their clause welcome but not required.
#[rustfmt::skip]
const OPTIONAL_CUES: &[&str] = &["plus", "bonus", "advantage", "advantageous", "beneficial", "preferred",
    "preferably", "desirable", "ideally", "nice", "helpful", "asset", "optional", "vorteil", "vorteilhaft",
    "wünschenswert", "wuenschenswert", "idealerweise", "atout", "souhaité", "souhaitable", "pluspunt",
    "voordeel", "valorable", "gradita", "preferibile", "mile", "widziane", "diferencial", "desejável"];

/// Words that take the requirement away ("no German required", "keine Deutschkenntnisse nötig").
const NEGATIONS: &[&str] = &["no", "not", "without", "keine", "kein", "nicht", "ohne", "pas", "geen", "sin"];

/// Words that join alternatives ("English or German").
const ALTERNATIVES: &[&str] = &["or", "oder", "ou", "lub", "albo"];

/// Names that are also other words ("polish your code", "connection pools"): only counted
/// when written with a capital, as languages are in English, German and Dutch.
const CAPITALISED_ONLY: &[&str] = &["polish", "pools", "fins", "frans", "turks", "engels"];

/// Adjectives that are also company names ("Deutsche Bahn"): only counted before one of
/// these words ("gute deutsche Sprachkenntnisse").
const ADJECTIVES: &[&str] = &["deutsche", "deutschen"];
const ADJECTIVE_NOUNS: &[&str] = &["sprache", "sprachkenntnisse", "kenntnisse", "muttersprache"];

/// The language `text` is written in (ISO 639-1, one of en de fr nl es it pl pt), from counts
/// of stopwords that belong to one language only; `None` when the text is too short (under 12
/// words or under 4 stopwords) or two languages come close (a bilingual posting).
pub fn detect(text: &str) -> Option<&'static str> {
    static INDEX: OnceLock<WordMap<usize>> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let pairs =
            STOPWORDS.iter().enumerate().flat_map(|(i, (_, l))| l.split_whitespace().map(move |w| (w, i)));
        pairs.collect()
    });
    let mut counts = [0usize; STOPWORDS.len()];
    let mut total = 0;
    // Lower-cased once, split as `crate::text::words` splits (no allocation per word).
    let lower = text.to_lowercase();
    let split = lower.split(|c: char| !(c.is_alphanumeric() || c == '+' || c == '#' || c == '.'));
    for word in split.map(|w| w.trim_matches('.')).filter(|w| !w.is_empty()) {
        total += 1;
        if let Some(&i) = index.get(word) {
            counts[i] += 1;
        }
    }
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(counts[i]));
    let (best, second) = (counts[order[0]], counts[order[1]]);
    if total < 12 || best < 4 || (second as f64) > best as f64 * 0.6 {
        return None;
    }
    Some(STOPWORDS[order[0]].0)
}

/// The English name of a language code ("nl" → "Dutch"); the code itself when unknown.
pub fn language_name(code: &str) -> &str {
    LANGUAGES.iter().find(|(c, _, _)| *c == code).map_or(code, |(_, name, _)| name)
}

/// The language a word names: a name from the table, or a German compound on one
/// ("Deutschkenntnisse", "Englischkenntnissen").
fn language_of_word(word: &str) -> Option<&'static str> {
    static INDEX: OnceLock<WordMap<&'static str>> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        LANGUAGES
            .iter()
            .flat_map(|(code, _, names)| names.split_whitespace().map(move |n| (n, *code)))
            .collect()
    });
    // Only words longer than "kenntniss" can be compounds on it (no searcher for short words).
    let stem = if word.len() > 9 { word.find("kenntniss").map_or(word, |i| &word[..i]) } else { word };
    // Most words cannot be a name: no name starts with their first byte at their length.
    static SHAPES: OnceLock<[u64; 256]> = OnceLock::new();
    let shapes = SHAPES.get_or_init(|| {
        let mut shapes = [0u64; 256];
        for name in LANGUAGES.iter().flat_map(|(_, _, names)| names.split_whitespace()) {
            shapes[usize::from(name.as_bytes()[0])] |= 1 << name.len().min(63);
        }
        shapes
    });
    let first = usize::from(*stem.as_bytes().first()?);
    if shapes[first] & (1 << stem.len().min(63)) == 0 {
        return None;
    }
    index.get(stem).copied()
}

/// `code` as the `'static` code of the language table; `None` for a code it does not know.
pub fn static_code(code: &str) -> Option<&'static str> {
    LANGUAGES.iter().find(|(c, _, _)| *c == code).map(|(c, _, _)| *c)
}

/// The language a user's entry means ("German (native)", "Deutsch", "English C1", "en",
/// "pt-BR"): a two-letter code alone or before a region, else the first language name in it.
pub fn normalize_language(entry: &str) -> Option<&'static str> {
    let lower = entry.trim().to_lowercase();
    let head = lower.split(['-', '_']).next().unwrap_or_default();
    if head.len() == 2 && (lower.len() == 2 || lower.len() == 5) {
        if let Some((code, _, _)) = LANGUAGES.iter().find(|(c, _, _)| *c == head) {
            return Some(code);
        }
    }
    for word in words(&lower) {
        if let Some(code) = language_of_word(&word) {
            return Some(code);
        }
    }
    None
}

/// The languages `text` requires, each once, in the order it names them (see the module docs
/// for what counts as required).
pub fn required_languages(text: &str) -> Vec<&'static str> {
    languages_asked(text).required
}

/// The languages a posting names with a cue: required ("fluent German") or welcome ("French is
/// a plus"). A language named without either counts as its section says: required in a
/// requirements section ("Your profile: - German and English"), welcome in a nice-to-have one
/// ("Nice to have: - French"), neither elsewhere; one named as an alternative ("English or
/// German") or negated ("no German needed") is neither wherever it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LanguagesAsked {
    pub required: Vec<&'static str>,
    /// Welcome but not required, and not also required elsewhere in the text.
    pub optional: Vec<&'static str>,
}

/// What `text` asks of languages, each once, in the order it names them.
pub fn languages_asked(text: &str) -> LanguagesAsked {
    let mut out: Vec<&'static str> = Vec::new();
    let mut optional: Vec<&'static str> = Vec::new();
    // Lower-cased once; a clause whose lower case differs in length (rare letters) is
    // lower-cased on its own.
    let lower_text = text.to_lowercase();
    let mut lower_clauses = lower_text.split(CLAUSE_ENDS);
    // The description's sections, read only when a language is named without a cue.
    let sections = std::cell::OnceCell::new();
    let section_at = |offset: usize| {
        let lines = sections.get_or_init(|| super::requirements::sections(text));
        lines
            .iter()
            .find(|(_, range): &&(Section, std::ops::Range<usize>)| range.end >= offset)
            .map(|(s, _)| *s)
    };
    for clause in text.split(CLAUSE_ENDS) {
        let lowered: std::borrow::Cow<str> = match lower_clauses.next() {
            Some(l) if l.len() == clause.len() => l.into(),
            _ => clause.to_lowercase().into(),
        };
        // Most clauses name no language: skipped after one cheap pass.
        if !lowered
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| !w.is_empty() && language_of_word(w).is_some())
        {
            continue;
        }
        // Original words (for "Polish", which only counts capitalised) and lower-case ones.
        let original: Vec<&str> =
            clause.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        let lower: Vec<String> = original.iter().map(|w| w.to_lowercase()).collect();
        for (i, word) in lower.iter().enumerate() {
            let Some(code) = language_of_word(word) else { continue };
            if CAPITALISED_ONLY.contains(&word.as_str()) && !original[i].starts_with(char::is_uppercase) {
                continue;
            }
            let next = lower.get(i + 1).map(String::as_str).unwrap_or_default();
            if ADJECTIVES.contains(&word.as_str()) && !ADJECTIVE_NOUNS.contains(&next) {
                continue;
            }
            let cue = cue(&lower, i).or_else(|| {
                // Where the clause starts in `text` (it is a slice of it).
                let offset = clause.as_ptr() as usize - text.as_ptr() as usize;
                match section_at(offset) {
                    Some(Section::Required) => Some(Cue::Required),
                    Some(Section::NiceToHave) => Some(Cue::Optional),
                    _ => None,
                }
            });
            match cue {
                Some(Cue::Required) if !out.contains(&code) => out.push(code),
                Some(Cue::Optional) if !optional.contains(&code) => optional.push(code),
                _ => {}
            }
        }
    }
    optional.retain(|c| !out.contains(c));
    LanguagesAsked { required: out, optional }
}

enum Cue {
    Required,
    Optional,
    /// An alternative or a negation: neither, whatever its section.
    Neither,
}

/// Whether the language at `at` in a clause's words is required, welcome, or neither.
fn cue(words: &[String], at: usize) -> Option<Cue> {
    let near = |i: usize| at.abs_diff(i) <= 5;
    let is_alternative = |i: usize| words.get(i).is_some_and(|w| ALTERNATIVES.contains(&w.as_str()));
    if (at > 0 && is_alternative(at - 1)) || is_alternative(at + 1) {
        return Some(Cue::Neither);
    }
    if words.iter().enumerate().any(|(i, w)| near(i) && i != at && NEGATIONS.contains(&w.as_str())) {
        return Some(Cue::Neither);
    }
    // German compounds carry their own level ("Deutschkenntnisse").
    let compound = words[at].contains("kenntniss");
    let distance = |cues: &[&str]| {
        words
            .iter()
            .enumerate()
            .filter(|(i, w)| *i != at && cues.contains(&w.as_str()))
            .map(|(i, _)| at.abs_diff(i))
            .min()
    };
    let required = distance(REQUIRED_CUES).filter(|d| *d <= 6);
    match distance(OPTIONAL_CUES).filter(|d| *d <= 6) {
        // The nearer cue wins; a tie goes to the optional one ("German is a plus").
        Some(optional) if required.is_none_or(|r| optional <= r) => Some(Cue::Optional),
        _ if required.is_some() || compound => Some(Cue::Required),
        _ => None,
    }
}

/// How well the user's languages fit a posting written in `posting_language` (when known)
/// that asks for `asked`, 0..1 with a one-line reason, in the bands of the parent module: a
/// required language missing rules the job out, and so does a posting written in a language
/// the user does not list; a welcome one they lack is a gap; everything known fits. Nothing
/// known about either side is a little under a fit (0.9).
pub fn fit(
    profile_languages: &[String],
    posting_language: Option<&str>,
    asked: &LanguagesAsked,
) -> (f64, String) {
    let mut known: Vec<&'static str> = Vec::new();
    for code in profile_languages.iter().filter_map(|l| normalize_language(l)) {
        if !known.contains(&code) {
            known.push(code);
        }
    }
    if known.is_empty() {
        return (UNKNOWN, "no languages in your profile".into());
    }
    let list = |codes: &[&str]| join(&codes.iter().map(|c| language_name(c)).collect::<Vec<_>>());
    let required = &asked.required;
    let missing: Vec<&str> = required.iter().copied().filter(|r| !known.contains(r)).collect();
    if !missing.is_empty() {
        return (super::RULED_OUT, format!("asks for {}; you list {}", list(&missing), list(&known)));
    }
    if let Some(lang) = posting_language.filter(|l| !known.contains(l)) {
        return (WRITTEN_IN_ANOTHER, format!("written in {}, which you don't list", language_name(lang)));
    }
    let welcome: Vec<&str> = asked.optional.iter().copied().filter(|r| !known.contains(r)).collect();
    if !welcome.is_empty() {
        let verb = if welcome.len() == 1 { "is" } else { "are" };
        return (super::GAP, format!("{} {verb} a plus, which you don't list", list(&welcome)));
    }
    match (posting_language, required.is_empty()) {
        (_, false) => (1.0, format!("asks for {}, which you speak", list(required))),
        (Some(lang), true) => (1.0, format!("written in {}, which you speak", language_name(lang))),
        (None, true) => (UNKNOWN, "no language stated".into()),
    }
}

/// Nothing known about the user's or the posting's languages.
const UNKNOWN: f64 = 0.9;
/// A posting written in a language the user does not list: its team works in it.
const WRITTEN_IN_ANOTHER: f64 = 0.25;

/// "A", "A and B", "A, B and C".
fn join(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
