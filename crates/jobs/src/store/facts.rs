//! Posting facts kept with the job (`jobs.match_facts`): what matching reads from a posting's
//! text is read at the job's first match and stored, so that every later match of it (the next
//! hunt, a changed profile or preference) only compares. Facts read by an older reader or from
//! a text that has changed since are read again and stored over the old ones.

use std::collections::HashMap;

use sqlx::{QueryBuilder, SqlitePool};

use super::{db, JobRecord};
use crate::matching::facts::PostingFacts;
use crate::matching::MatchInput;
use crate::Result;

/// How many ids one query names (well under SQLite's variable limit).
const CHUNK: usize = 500;

impl JobRecord {
    /// What matching sees of this job (its stored facts are given apart, see [`facts_of`]).
    pub fn match_input(&self) -> MatchInput<'_> {
        MatchInput {
            id: &self.id,
            title: &self.title,
            company: &self.company,
            description: &self.description,
            location: self.location.as_deref(),
            locations: &self.locations,
            remote: self.remote,
            workplace: self.workplace,
            skills: &self.skills,
            salary: self.salary.as_ref(),
            language: self.language.as_deref(),
            facts: None,
        }
    }
}

/// The facts of `jobs`, in their order: the stored ones where current, the others read now and
/// stored (one transaction).
pub async fn facts_of(pool: &SqlitePool, jobs: &[JobRecord]) -> Result<Vec<PostingFacts>> {
    let mut stored: HashMap<String, PostingFacts> = HashMap::new();
    for chunk in jobs.chunks(CHUNK) {
        let mut q = QueryBuilder::<sqlx::Sqlite>::new(
            "SELECT id, match_facts FROM jobs WHERE match_facts IS NOT NULL AND id IN (",
        );
        let mut ids = q.separated(", ");
        for job in chunk {
            ids.push_bind(&job.id);
        }
        q.push(")");
        let rows: Vec<(String, String)> = q.build_query_as().fetch_all(pool).await.map_err(db)?;
        // An unreadable row (an older shape) is simply read again.
        stored
            .extend(rows.into_iter().filter_map(|(id, text)| Some((id, serde_json::from_str(&text).ok()?))));
    }
    let mut out = Vec::with_capacity(jobs.len());
    let mut fresh: Vec<(&str, String)> = Vec::new();
    for job in jobs {
        let input = job.match_input();
        match stored.remove(&job.id) {
            Some(facts) if facts.is_current(&input) => out.push(facts),
            _ => {
                let facts = PostingFacts::read(&input);
                fresh.push((
                    &job.id,
                    serde_json::to_string(&facts)
                        .map_err(|e| crate::Error::Permanent(format!("match facts: {e}")))?,
                ));
                out.push(facts);
            }
        }
    }
    if !fresh.is_empty() {
        let mut tx = pool.begin().await.map_err(db)?;
        for (id, text) in fresh {
            sqlx::query("UPDATE jobs SET match_facts = ? WHERE id = ?")
                .bind(text)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
        }
        tx.commit().await.map_err(db)?;
    }
    Ok(out)
}
