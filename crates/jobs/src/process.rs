//! Processing of imported postings: normalized company/title/place, the de-duplication key
//! (the same posting found on two boards becomes one job whose provenance lists both),
//! skill extraction against a vocabulary, and a small stop-word language detector.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, SecondsFormat, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqlitePool};

use crate::store::{write_fields, MergeFields, MERGE_COLUMNS};
use crate::text::words;
use crate::{Error, Result};

const LEGAL_SUFFIXES: &[&str] = &[
    "gmbh",
    "ag",
    "se",
    "kg",
    "ug",
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "llc",
    "plc",
    "corp",
    "corporation",
    "co",
    "company",
    "bv",
    "b.v",
    "sa",
    "sas",
    "sarl",
    "srl",
    "oy",
    "ab",
    "as",
    "aps",
];

/// Lower-case, punctuation-free company name without legal-form suffixes ("Acme GmbH" = "ACME").
pub fn normalize_company(name: &str) -> String {
    let words: Vec<String> = words(name).collect();
    let mut end = words.len();
    while end > 1 && LEGAL_SUFFIXES.contains(&words[end - 1].trim_end_matches('.')) {
        end -= 1;
    }
    words[..end].join(" ")
}

/// Lower-case title without gender markers ("(m/w/d)", "(f/m/x)") and punctuation.
pub fn normalize_title(title: &str) -> String {
    let mut t = title.to_lowercase();
    for marker in
        ["(m/w/d)", "(w/m/d)", "(m/f/d)", "(f/m/d)", "(f/m/x)", "(m/f/x)", "(all genders)", "(d/f/m)"]
    {
        t = t.replace(marker, " ");
    }
    words(&t).collect::<Vec<_>>().join(" ")
}

/// The place a posting is for: "remote", or the first part of the location ("berlin").
pub fn normalize_place(location: Option<&str>) -> String {
    let Some(location) = location else { return String::new() };
    let lower = location.to_lowercase();
    if lower.contains("remote") || lower.contains("anywhere") || lower.contains("worldwide") {
        return "remote".into();
    }
    let first = lower.split([',', '(', '/', '-']).next().unwrap_or_default();
    words(first).collect::<Vec<_>>().join(" ")
}

/// The cross-source identity of a posting.
pub fn dedupe_key(company: &str, title: &str, location: Option<&str>) -> String {
    format!("{}|{}|{}", normalize_company(company), normalize_title(title), normalize_place(location))
}

/// Skills the extractor recognises (lower case; multi-word entries allowed).
pub const SKILL_VOCABULARY: &[&str] = &[
    "rust",
    "tokio",
    "sqlx",
    "python",
    "django",
    "flask",
    "fastapi",
    "java",
    "kotlin",
    "scala",
    "go",
    "golang",
    "c",
    "c++",
    "c#",
    ".net",
    "javascript",
    "typescript",
    "node.js",
    "react",
    "vue",
    "angular",
    "svelte",
    "html",
    "css",
    "sql",
    "postgresql",
    "postgres",
    "mysql",
    "sqlite",
    "mongodb",
    "redis",
    "kafka",
    "rabbitmq",
    "elasticsearch",
    "graphql",
    "rest",
    "grpc",
    "docker",
    "kubernetes",
    "terraform",
    "ansible",
    "aws",
    "gcp",
    "azure",
    "linux",
    "git",
    "ci/cd",
    "jenkins",
    "github actions",
    "spark",
    "hadoop",
    "airflow",
    "dbt",
    "pandas",
    "numpy",
    "pytorch",
    "tensorflow",
    "machine learning",
    "deep learning",
    "nlp",
    "llm",
    "swift",
    "ios",
    "android",
    "flutter",
    "ruby",
    "rails",
    "php",
    "laravel",
    "elixir",
    "erlang",
    "haskell",
    "ocaml",
    "webassembly",
    "wasm",
    "tauri",
    "embedded",
    "microservices",
    "distributed systems",
    "prometheus",
    "grafana",
    "figma",
    "excel",
    "salesforce",
    "sap",
    "scrum",
    "agile",
    "jira",
    "tableau",
    "power bi",
];

/// Vocabulary skills mentioned in `text` (whole words or phrases), in vocabulary order.
///
/// Reads text, not markup: tags left in a description (or a tag cut off by truncation, whose
/// class names would read as words) are stripped first. Words end at anything but letters,
/// digits, `+`, `#` and inner dots, so a skill never matches inside a longer word ("trust",
/// "restaurant"). "rest" is the acronym only: `REST` in capitals, "RESTful" or "REST API", never
/// "the rest of" (issue #11).
pub fn extract_skills(text: &str) -> Vec<String> {
    let text = if text.contains('<') { crate::text::html_to_text(text) } else { text.to_owned() };
    let tokens: Vec<String> = words(&text).collect();
    let single: HashSet<&str> = tokens.iter().map(String::as_str).collect();
    let joined = format!(" {} ", tokens.join(" "));
    let rest_acronym = joined.contains(" rest api ")
        || joined.contains(" rest apis ")
        || text
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == "REST" || w.eq_ignore_ascii_case("restful"));
    SKILL_VOCABULARY
        .iter()
        .filter(|skill| {
            if **skill == "rest" {
                return rest_acronym;
            }
            if !skill.contains([' ', '/']) {
                return single.contains(*skill);
            }
            // Phrases, and "ci/cd" (its `/` splits words in the text too).
            let parts: Vec<String> = words(skill).collect();
            joined.contains(&format!(" {} ", parts.join(" ")))
        })
        .map(|s| (*s).to_owned())
        .collect()
}

const STOPWORDS: &[(&str, &[&str])] = &[
    ("en", &["the", "and", "with", "you", "our", "for", "are", "will", "your", "we", "of", "to", "in"]),
    ("de", &["und", "die", "der", "das", "mit", "sie", "wir", "für", "ihre", "ist", "eine", "bei", "zu"]),
    ("fr", &["le", "la", "les", "et", "des", "vous", "nous", "pour", "avec", "une", "est", "dans"]),
    ("es", &["el", "los", "las", "y", "con", "para", "una", "nuestro", "por", "del", "es", "en"]),
    ("nl", &["de", "het", "en", "een", "van", "voor", "met", "wij", "jij", "je", "onze", "zijn"]),
];

/// ISO 639-1 code of the most likely language, or `None` for too little text.
pub fn detect_language(text: &str) -> Option<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for word in words(text).take(2000) {
        for (lang, list) in STOPWORDS {
            if list.contains(&word.as_str()) {
                *counts.entry(lang).or_default() += 1;
            }
        }
    }
    let (lang, hits) = counts.into_iter().max_by_key(|(lang, hits)| (*hits, std::cmp::Reverse(*lang)))?;
    (hits >= 3).then(|| lang.to_owned())
}

/// What `process_jobs` did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ProcessOutcome {
    /// The surviving job of every input job, de-duplicated, in input order.
    pub processed_job_ids: Vec<String>,
    pub duplicates_merged: usize,
}

/// Rows are loaded in chunks of this many ids (SQLite's bound-parameter limit is far above).
const CHUNK: usize = 500;

/// A job's rank before its first-seen time when choosing the survivor: `1` for a job found on
/// the Bundesagentur only (a re-list of another board's posting merges into that posting),
/// else `0`.
const RELIST: &str = "(CASE WHEN EXISTS (SELECT 1 FROM job_sources s WHERE s.job_id = jobs.id) \
    AND NOT EXISTS (SELECT 1 FROM job_sources s WHERE s.job_id = jobs.id \
    AND s.source <> 'bundesagentur' AND s.source NOT LIKE 'bundesagentur:%') THEN '1' ELSE '0' END)";

struct Target {
    key: String,
    /// The [`RELIST`] rank, then the first-seen time: what orders the candidate survivors.
    first_seen: String,
    merged_into: Option<String>,
}

/// Extracts skills and language for `job_ids` and merges each into the oldest job with the
/// same de-duplication key. Reads in bulk, plans in memory, writes in one transaction.
///
/// A merge combines the survivor's and its duplicates' postings field by field by a preference
/// on the values alone (see `MergeFields::merge`; the salary moves as a whole), and skills and
/// language are taken from the merged job, so the result does not depend on the order the
/// duplicates were found, imported or processed in.
pub async fn process_jobs(
    pool: &SqlitePool,
    job_ids: &[String],
    now: DateTime<Utc>,
) -> Result<ProcessOutcome> {
    use crate::store::db;
    let now = now.to_rfc3339_opts(SecondsFormat::Micros, true);
    let mut targets: HashMap<String, Target> = HashMap::with_capacity(job_ids.len());
    for chunk in job_ids.chunks(CHUNK) {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(format!(
            "SELECT id, dedupe_key, {RELIST} || first_seen AS first_seen, merged_into FROM jobs WHERE id IN ("
        ));
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(id);
        }
        q.push(")");
        for row in q.build().fetch_all(pool).await.map_err(db)? {
            let target = Target {
                key: row.try_get("dedupe_key").map_err(db)?,
                first_seen: row.try_get("first_seen").map_err(db)?,
                merged_into: row.try_get("merged_into").map_err(db)?,
            };
            targets.insert(row.try_get("id").map_err(db)?, target);
        }
    }
    if let Some(missing) = job_ids.iter().find(|id| !targets.contains_key(*id)) {
        return Err(Error::Invalid(format!("job_ids: job '{missing}' not found")));
    }

    // The oldest open unmerged job of every key involved survives, a job from another board
    // before a Bundesagentur re-list of it (see `relist_rank`); a closed job takes no
    // duplicates (its repost is a job of its own, `store::lifecycle`).
    let keys: Vec<&String> = targets.values().map(|t| &t.key).collect::<HashSet<_>>().into_iter().collect();
    let mut oldest: HashMap<String, (String, String)> = HashMap::new();
    let mut relists: Vec<(String, String)> = Vec::new();
    for chunk in keys.chunks(CHUNK) {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(format!(
            "SELECT id, dedupe_key, {RELIST} || first_seen AS first_seen FROM jobs \
             WHERE merged_into IS NULL AND closed_at IS NULL AND dedupe_key IN ("
        ));
        let mut list = q.separated(", ");
        for key in chunk {
            list.push_bind(*key);
        }
        q.push(")");
        for row in q.build().fetch_all(pool).await.map_err(db)? {
            let (id, key, first_seen): (String, String, String) = (
                row.try_get("id").map_err(db)?,
                row.try_get("dedupe_key").map_err(db)?,
                row.try_get("first_seen").map_err(db)?,
            );
            if first_seen.starts_with('1') {
                relists.push((key.clone(), id.clone()));
            }
            let entry = oldest.entry(key).or_insert_with(|| (first_seen.clone(), id.clone()));
            if (first_seen.as_str(), id.as_str()) < (entry.0.as_str(), entry.1.as_str()) {
                *entry = (first_seen, id);
            }
        }
    }

    // Plan in memory: which job merges into which, the merged postings, and the skills and
    // language of each survivor.
    let mut out = ProcessOutcome::default();
    let mut seen = HashSet::new();
    let mut merges: Vec<(String, String)> = Vec::new();
    let mut merged_dups = HashSet::new();
    for id in job_ids {
        let target = &targets[id];
        let mut survivor = target.merged_into.clone().unwrap_or_else(|| id.clone());
        if survivor == *id {
            if let Some((first_seen, older)) = oldest.get(&target.key) {
                if older != id
                    && (first_seen.as_str(), older.as_str()) < (target.first_seen.as_str(), id.as_str())
                {
                    if merged_dups.insert(id.clone()) {
                        merges.push((id.clone(), older.clone()));
                    }
                    survivor = older.clone();
                }
            }
        }
        if seen.insert(survivor.clone()) {
            out.processed_job_ids.push(survivor);
        }
    }
    // Re-lists processed earlier merge into the other board's job now.
    for (key, relist) in relists {
        if let Some((rank, survivor)) = oldest.get(&key) {
            if rank.starts_with('0') && seen.contains(survivor) && merged_dups.insert(relist.clone()) {
                merges.push((relist, survivor.clone()));
            }
        }
    }
    let mut fields: HashMap<String, MergeFields> = HashMap::with_capacity(seen.len() + merges.len());
    let wanted: Vec<&String> = seen.iter().chain(merged_dups.iter()).collect();
    for chunk in wanted.chunks(CHUNK) {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(format!(
            "SELECT id, {MERGE_COLUMNS} FROM jobs WHERE id IN ("
        ));
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        q.push(")");
        for row in q.build().fetch_all(pool).await.map_err(db)? {
            fields.insert(row.try_get("id").map_err(db)?, MergeFields::from_row(&row)?);
        }
    }
    let mut merged: HashMap<String, MergeFields> = HashMap::new();
    for (dup, survivor) in &merges {
        let (Some(dup_fields), Some(own)) = (fields.get(dup), fields.get(survivor)) else {
            return Err(Error::Invalid(format!("job_ids: job '{dup}' changed while being processed")));
        };
        let acc = merged.remove(survivor).unwrap_or_else(|| own.clone());
        merged.insert(survivor.clone(), acc.merge(dup_fields.clone()));
    }
    let mut updates: Vec<(String, String, Option<String>)> = Vec::with_capacity(out.processed_job_ids.len());
    for survivor in &out.processed_job_ids {
        let Some(job) = merged.get(survivor).or_else(|| fields.get(survivor)) else {
            return Err(Error::Invalid(format!("job_ids: job '{survivor}' not found")));
        };
        let all_text = format!("{}\n{}\n{}", job.title, job.description_text, job.tags.join(" "));
        let skills = serde_json::to_string(&extract_skills(&all_text)).unwrap_or_else(|_| "[]".into());
        updates.push((survivor.clone(), skills, detect_language(&job.description_text)));
    }
    let mut merged: Vec<(String, MergeFields)> = merged.into_iter().collect();
    merged.sort_by(|a, b| a.0.cmp(&b.0));
    out.duplicates_merged = merges.len();

    // Apply it with a handful of set-based statements over two temporary tables.
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db)?;
    for ddl in [
        "CREATE TEMP TABLE IF NOT EXISTS process_merges (dup TEXT PRIMARY KEY, survivor TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS temp.process_merges_survivor ON process_merges (survivor)",
        "CREATE TEMP TABLE IF NOT EXISTS process_updates (id TEXT PRIMARY KEY, skills TEXT NOT NULL, language TEXT)",
        "DELETE FROM process_merges",
        "DELETE FROM process_updates",
    ] {
        sqlx::query(ddl).execute(&mut *tx).await.map_err(db)?;
    }
    for chunk in merges.chunks(CHUNK) {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new("INSERT INTO process_merges (dup, survivor) ");
        q.push_values(chunk, |mut row, (dup, survivor)| {
            row.push_bind(dup).push_bind(survivor);
        });
        q.build().execute(&mut *tx).await.map_err(db)?;
    }
    for chunk in updates.chunks(CHUNK) {
        let mut q =
            sqlx::QueryBuilder::<sqlx::Sqlite>::new("INSERT INTO process_updates (id, skills, language) ");
        q.push_values(chunk, |mut row, (id, skills, language)| {
            row.push_bind(id).push_bind(skills).push_bind(language);
        });
        q.build().execute(&mut *tx).await.map_err(db)?;
    }
    for statement in [
        // Provenance moves to the survivor.
        "UPDATE job_sources SET job_id = (SELECT survivor FROM process_merges WHERE dup = job_sources.job_id) \
         WHERE job_id IN (SELECT dup FROM process_merges)",
        // The survivor's seen-times widen (its postings are merged below).
        "UPDATE jobs SET \
           first_seen = MIN(first_seen, (SELECT MIN(d.first_seen) FROM process_merges m JOIN jobs d ON d.id = m.dup \
                                         WHERE m.survivor = jobs.id)), \
           last_seen = MAX(last_seen, (SELECT MAX(d.last_seen) FROM process_merges m JOIN jobs d ON d.id = m.dup \
                                       WHERE m.survivor = jobs.id)) \
         WHERE id IN (SELECT survivor FROM process_merges)",
        // Duplicates (and jobs merged into them earlier) point at the survivor.
        "UPDATE jobs SET merged_into = (SELECT survivor FROM process_merges WHERE dup = jobs.id) \
         WHERE id IN (SELECT dup FROM process_merges)",
        "UPDATE jobs SET merged_into = (SELECT survivor FROM process_merges WHERE dup = jobs.merged_into) \
         WHERE merged_into IN (SELECT dup FROM process_merges)",
    ] {
        sqlx::query(statement).execute(&mut *tx).await.map_err(db)?;
    }
    write_fields(&mut tx, "process_fields", &merged, None).await?;
    sqlx::query(
        "UPDATE jobs SET skills = u.skills, language = COALESCE(u.language, jobs.language), processed_at = ? \
         FROM process_updates u WHERE jobs.id = u.id",
    )
    .bind(&now)
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    tx.commit().await.map_err(db)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_posting_on_two_boards_has_one_key() {
        let a = dedupe_key(
            "Acme Robotics GmbH",
            "Senior Rust Engineer (m/w/d)",
            Some("Berlin, Germany (Hybrid)"),
        );
        let b = dedupe_key("ACME Robotics", "Senior Rust Engineer", Some("Berlin"));
        assert_eq!(a, b);
        assert_eq!(a, "acme robotics|senior rust engineer|berlin");
        assert_ne!(a, dedupe_key("Acme Robotics", "Junior Rust Engineer", Some("Berlin")));
        assert_eq!(normalize_place(Some("Remote - EU")), "remote");
    }

    #[test]
    fn skills_and_language() {
        let text =
            "We use Rust, Tokio and PostgreSQL on Kubernetes. Experience with machine learning is a plus.";
        assert_eq!(extract_skills(text), ["rust", "tokio", "postgresql", "kubernetes", "machine learning"]);
        assert!(!extract_skills("We trust our team").contains(&"rust".to_string()));
        assert_eq!(detect_language(text).as_deref(), Some("en"));
        let de = "Wir suchen eine Entwicklerin für unser Team in Berlin und bieten dir mit uns die Chance";
        assert_eq!(detect_language(de).as_deref(), Some("de"));
        assert_eq!(detect_language("Rust"), None);
    }
}
