//! Optional reading of a CV with the configured language model (the `llm` setting, see
//! [`crate::llm`]), on top of the app's own offline reading ([`jobhunter_jobs::cv`]). The model
//! gets the CV's text and answers with a JSON Resume draft that goes through the same review.
//!
//! Nothing invented: every text the model wrote that does not occur in the CV's text is left
//! out (dates count when their year occurs), and the user is told how many were. The model can
//! never fail an import: any error keeps the app's own reading with a warning saying why.

use std::time::Duration;

use jobhunter_engine::Engine;
use jobhunter_jobs::cv::CvDraft;
use jobhunter_jobs::profile::ProfileWarning;
use serde_json::{Map, Value};

use crate::llm::{LlmClient, LlmConfig};

/// How long the model may take to read one CV.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Characters of the CV's text sent to the model (a long CV is cut there).
const TEXT_CHARS: usize = 40_000;

/// The sections the model is asked for, in the order of a JSON Resume.
const SECTIONS: [&str; 5] = ["basics", "work", "education", "skills", "languages"];

const SYSTEM_PROMPT: &str = "You read a CV (curriculum vitae) and write it as a JSON Resume \
object. Use only text that appears in the CV, copied as written; never invent, translate or \
complete anything, and leave out what is not there. Answer with a single JSON object and \
nothing else, with only these keys: \
{\"basics\": {\"name\", \"label\", \"email\", \"phone\", \"url\", \
\"location\": {\"city\", \"countryCode\"}}, \
\"work\": [{\"name\" (the employer), \"position\", \"startDate\" (YYYY-MM or YYYY), \
\"endDate\" (YYYY-MM or YYYY; leave out when current), \"highlights\": [strings]}], \
\"education\": [{\"institution\", \"area\", \"studyType\", \"startDate\", \"endDate\"}], \
\"skills\": [{\"name\", \"keywords\": [strings]}], \
\"languages\": [{\"language\", \"fluency\"}]}. All values are strings.";

/// The keys kept from the model's answer, by path (`basics.location`, `work[]`, ...).
fn allowed(path: &str) -> &'static [&'static str] {
    match path {
        "" => &SECTIONS,
        "basics" => &["name", "label", "email", "phone", "url", "location"],
        "basics.location" => &["city", "countryCode"],
        "work" => &["name", "position", "startDate", "endDate", "highlights"],
        "education" => &["institution", "area", "studyType", "startDate", "endDate"],
        "skills" => &["name", "keywords"],
        "languages" => &["language", "fluency"],
        _ => &[],
    }
}

/// The key naming an entry of a list section: when the model invented it, the whole entry is
/// left out (an invented employer's dates and position are not the CV's). A skill group's name
/// is not one: its keywords found in the CV become skills of their own.
fn anchor(section: &str) -> Option<&'static str> {
    match section {
        "work" => Some("name"),
        "education" => Some("institution"),
        "languages" => Some("language"),
        _ => None,
    }
}

fn warning(message: impl Into<String>) -> ProfileWarning {
    ProfileWarning { field: "llm".into(), message: message.into() }
}

/// Reads `draft`'s text with the configured model and merges its answer into the draft; the
/// draft unchanged when no model is configured (or the file was a JSON Resume already), and
/// the draft with a warning when the model failed. Never an error.
pub async fn refine_draft(engine: &Engine, draft: CvDraft) -> CvDraft {
    let Some(config) = crate::llm::configured(engine.store().pool()).await else {
        return draft;
    };
    if draft.kind == "json" || draft.text.trim().is_empty() {
        return draft;
    }
    let model = config.model.clone();
    match ask(engine, config, &draft.text).await {
        Ok(answer) => merge(draft, answer, &model),
        Err(reason) => {
            tracing::warn!(error = %reason, "reading the CV with the language model failed");
            let mut draft = draft;
            draft.warnings.push(warning(format!(
                "the language model could not read it ({reason}); this is the app's own reading"
            )));
            draft
        }
    }
}

/// Whether a model is configured for [`refine_draft`].
pub async fn available(engine: &Engine) -> bool {
    crate::llm::configured(engine.store().pool()).await.is_some()
}

/// The model's answer, parsed (not yet checked against the text).
async fn ask(engine: &Engine, config: LlmConfig, text: &str) -> Result<Value, String> {
    let client = LlmClient::new(config)?;
    let key = crate::llm::stored_key(engine, &client).await;
    let client = client.with_fallback_key(|| key);
    let text: String = text.chars().take(TEXT_CHARS).collect();
    let body = serde_json::json!({
        "model": client.config().model,
        "temperature": 0,
        "stream": false,
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": text},
        ],
    });
    let content = client.complete(&body, Some(TIMEOUT)).await.map_err(|f| f.message)?;
    parse_resume(&content)
}

/// The JSON object in the model's text, tolerating a code fence and prose around it.
pub fn parse_resume(content: &str) -> Result<Value, String> {
    let not_json = || "its answer is not a JSON object".to_owned();
    let (start, end) = match (content.find('{'), content.rfind('}')) {
        (Some(s), Some(e)) if s < e => (s, e),
        _ => return Err(not_json()),
    };
    match serde_json::from_str::<Value>(&content[start..=end]) {
        Ok(v @ Value::Object(_)) => Ok(v),
        _ => Err(not_json()),
    }
}

/// Lowercase, without any whitespace: what "occurs in the text" compares.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

/// The year of `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn year_of(s: &str) -> Option<&str> {
    let s = s.trim();
    let year = s.get(..4)?;
    if !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let rest = &s[4..];
    let date_like = rest.is_empty()
        || (rest.starts_with('-')
            && rest[1..]
                .split('-')
                .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
            && rest[1..].split('-').count() <= 2);
    date_like.then_some(year)
}

/// Keeps what the model wrote that occurs in the CV's text.
struct Checker {
    text: String,
    dropped: usize,
}

impl Checker {
    fn occurs(&self, key: &str, value: &str) -> bool {
        let v = squash(value);
        if v.is_empty() {
            return false;
        }
        if self.text.contains(&v) {
            return true;
        }
        if key == "startDate" || key == "endDate" {
            if let Some(year) = year_of(value) {
                return self.text.contains(year);
            }
        }
        false
    }

    /// `value` (at `path`, its key `key`) without what is not in the text; `None` when nothing
    /// is left. Every string left out is counted.
    fn keep(&mut self, path: &str, key: &str, value: Value) -> Option<Value> {
        match value {
            Value::String(s) => {
                if self.occurs(key, &s) {
                    Some(Value::String(s.trim().to_owned()))
                } else {
                    self.dropped += 1;
                    None
                }
            }
            Value::Array(items) => {
                let list: Vec<Value> =
                    items.into_iter().flat_map(|item| self.keep_entry(path, key, item)).collect();
                (!list.is_empty()).then_some(Value::Array(list))
            }
            Value::Object(map) => {
                let keys = allowed(path);
                let mut out = Map::new();
                for (k, v) in map {
                    if !keys.contains(&k.as_str()) {
                        continue;
                    }
                    let child = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                    if let Some(v) = self.keep(&child, &k, v) {
                        out.insert(k, v);
                    }
                }
                (!out.is_empty()).then_some(Value::Object(out))
            }
            // Only text is asked for: numbers, booleans and nulls are not kept.
            _ => None,
        }
    }

    /// One item of a list: an entry of a section (an object at the section's path) or a
    /// string of a list of strings (highlights, keywords); none, one or (a skill group without
    /// a name) several items.
    fn keep_entry(&mut self, path: &str, key: &str, item: Value) -> Vec<Value> {
        if let (Value::Object(map), Some(anchor)) = (&item, anchor(path)) {
            if let Some(Value::String(name)) = map.get(anchor) {
                if !self.occurs(anchor, name) {
                    self.dropped += count_strings(&item);
                    return Vec::new();
                }
            }
        }
        let Some(kept) = self.keep(path, key, item) else { return Vec::new() };
        if path == "skills" && kept.get("name").is_none() {
            if let Some(Value::Array(keywords)) = kept.get("keywords") {
                return keywords.iter().map(|k| serde_json::json!({ "name": k })).collect();
            }
        }
        vec![kept]
    }
}

fn count_strings(v: &Value) -> usize {
    match v {
        Value::String(_) => 1,
        Value::Array(a) => a.iter().map(count_strings).sum(),
        Value::Object(m) => m.values().map(count_strings).sum(),
        _ => 0,
    }
}

/// The model's `answer` checked against `draft`'s text and merged into it: each section the
/// model filled replaces the app's own (for `basics`, field by field, so what only the app
/// reads, such as the summary, stays), with the app's warnings about it.
pub fn merge(mut draft: CvDraft, answer: Value, model: &str) -> CvDraft {
    let mut checker = Checker { text: squash(&draft.text), dropped: 0 };
    let checked = checker.keep("", "", answer).unwrap_or_else(|| Value::Object(Map::new()));
    let Value::Object(sections) = checked else { unreachable!("an object is checked into an object") };

    if !draft.resume.is_object() {
        draft.resume = Value::Object(Map::new());
    }
    let resume = draft.resume.as_object_mut().expect("an object");
    // Warning fields the model's reading replaces: `work`, `work[0].name`, `basics.email`, ...
    let mut replaced: Vec<String> = Vec::new();
    for (section, value) in sections {
        match (section.as_str(), value) {
            ("basics", Value::Object(fields)) => {
                let basics = resume.entry("basics").or_insert_with(|| Value::Object(Map::new()));
                if !basics.is_object() {
                    *basics = Value::Object(Map::new());
                }
                let basics = basics.as_object_mut().expect("an object");
                for (k, v) in fields {
                    replaced.push(format!("basics.{k}"));
                    basics.insert(k, v);
                }
            }
            (_, value @ Value::Array(_)) => {
                replaced.push(section.clone());
                resume.insert(section, value);
            }
            _ => {}
        }
    }
    let filled = !replaced.is_empty();
    draft.warnings.retain(|w| {
        !replaced.iter().any(|r| {
            w.field == *r
                || w.field
                    .strip_prefix(r.as_str())
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
        })
    });
    if filled {
        draft.warnings.push(warning(format!("read with the language model {model}; check every section")));
    } else {
        draft.warnings.push(warning(format!(
            "the language model could not read it ({model} found nothing in your CV); this is the app's own reading"
        )));
    }
    if checker.dropped > 0 {
        draft.warnings.push(warning(format!(
            "left out what the model wrote that is not in your CV: {} values",
            checker.dropped
        )));
    }
    draft
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn draft(text: &str) -> CvDraft {
        CvDraft {
            resume: json!({"basics": {"name": "Ada Lovelace", "summary": "Analyst."}, "work": []}),
            warnings: vec![
                ProfileWarning { field: "work".into(), message: "no work experience found".into() },
                ProfileWarning { field: "basics.email".into(), message: "no email address found".into() },
                ProfileWarning { field: "skills".into(), message: "no skills found".into() },
            ],
            text: text.into(),
            kind: "text",
        }
    }

    #[test]
    fn only_text_found_in_the_cv_is_kept_and_sections_replace_the_apps() {
        let text = "Ada  Lovelace\nADA@example.org\nExperience\nAnalyst at Engines\nLtd, 03/2019 - 2021\n";
        let answer = json!({
            "basics": {"name": "Ada Lovelace", "email": "ada@example.org", "phone": "+44 1234"},
            "work": [
                {"name": "Engines Ltd", "position": "Analyst", "startDate": "2019-03", "endDate": "2021",
                 "highlights": ["Built the difference engine"]},
                {"name": "Invented Corp", "position": "CEO", "startDate": "2015"},
            ],
            "projects": [{"name": "Engines Ltd"}],
            "skills": [],
        });
        let out = merge(draft(text), answer, "m1");
        assert_eq!(out.resume["basics"]["name"], "Ada Lovelace");
        assert_eq!(out.resume["basics"]["email"], "ada@example.org");
        assert_eq!(out.resume["basics"]["summary"], "Analyst.", "what only the app reads stays");
        assert!(out.resume["basics"].get("phone").is_none());
        assert_eq!(
            out.resume["work"],
            json!([{"name": "Engines Ltd", "position": "Analyst", "startDate": "2019-03", "endDate": "2021"}])
        );
        assert!(out.resume.get("projects").is_none());
        let fields: Vec<_> = out.warnings.iter().map(|w| (w.field.as_str(), w.message.as_str())).collect();
        assert_eq!(
            fields,
            [
                ("skills", "no skills found"),
                ("llm", "read with the language model m1; check every section"),
                // phone, highlight, and the invented employer's 3 values.
                ("llm", "left out what the model wrote that is not in your CV: 5 values"),
            ]
        );
    }

    #[test]
    fn answers_and_dates_are_read_leniently() {
        assert_eq!(parse_resume("```json\n{\"work\": []}\n```").unwrap(), json!({"work": []}));
        assert!(parse_resume("Sorry, I cannot").is_err());
        assert!(parse_resume("[1, 2]").is_err());
        assert_eq!(year_of("2019-03"), Some("2019"));
        assert_eq!(year_of("2019"), Some("2019"));
        assert_eq!(year_of("2019-03-01"), Some("2019"));
        assert_eq!(year_of("2019 Berlin"), None);
        assert_eq!(year_of("present"), None);
    }

    #[test]
    fn an_answer_with_nothing_from_the_cv_keeps_the_apps_reading() {
        let out = merge(draft("Ada Lovelace"), json!({"work": [{"name": "Nowhere"}]}), "m1");
        assert_eq!(out.resume, draft("").resume);
        assert_eq!(out.warnings.len(), 5);
        assert!(out.warnings[3].message.starts_with("the language model could not read it"));
        assert!(out.warnings[4].message.ends_with(": 1 values"));
    }
}
