//! Optional LLM re-ranking of a hunt's best matches, cached and under a daily cost cap.
//!
//! Only the best `rerank_top` deterministic matches (never excluded ones) are re-ranked. Each
//! answer is kept in `llm_rerank_cache` per (job, profile, profile hash, model) so the next
//! hunt reuses it instead of asking again. Every question asked is a row of that table too:
//! the calls (and tokens) of a UTC day are counted there against `daily_call_cap` (and the
//! optional `daily_token_budget`); once reached, no more questions that day and the
//! explanation's `llm.note` says "daily limit reached". The deterministic score is always
//! computed first and kept in `llm.deterministic_score`; the blend is
//! `(1 - weight) * deterministic + weight * model score`. Nothing here can fail a match:
//! database or endpoint errors keep the deterministic score with a note.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use jobhunter_jobs::matching::{Explanation, LlmRerank};
use jobhunter_jobs::profile::Profile;
use jobhunter_jobs::store::JobRecord;
use sha2::{Digest, Sha256};
use sqlx::{Row, SqlitePool};

use crate::llm::{parse_answer, Failure, LlmClient, LlmConfig, Opinion, ProfileSummary};
use crate::Result;

/// Re-ranking's use of the model on one UTC day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Questions asked (answered, failed or under way).
    pub calls: u32,
    /// Tokens used, as reported by the endpoint or estimated.
    pub tokens: u64,
}

/// The UTC day of `now`, the day the cost cap counts in.
pub fn utc_day(now: DateTime<Utc>) -> NaiveDate {
    now.date_naive()
}

fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// How much re-ranking asked of the model on `day`.
pub async fn usage_on(pool: &SqlitePool, day: NaiveDate) -> Result<Usage> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS calls, COALESCE(SUM(tokens), 0) AS tokens FROM llm_rerank_cache WHERE asked_on = ?",
    )
    .bind(day_text(day))
    .fetch_one(pool)
    .await?;
    let calls: i64 = row.try_get("calls")?;
    let tokens: i64 = row.try_get("tokens")?;
    Ok(Usage { calls: calls.clamp(0, i64::from(u32::MAX)) as u32, tokens: tokens.max(0) as u64 })
}

fn sha256_hex(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0u8]);
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The profile's version as the model sees it: a hash of the prompt and of what the model is
/// told about the candidate. Editing the profile's skills or label asks again.
pub fn profile_hash(summary: &ProfileSummary) -> String {
    let summary = serde_json::to_string(summary).unwrap_or_default();
    sha256_hex(&[crate::llm::SYSTEM_PROMPT, &summary])
}

/// The job as the model sees it (title, company, the start of the description): a reposted
/// job whose text changed is asked about again.
pub fn job_hash(job: &JobRecord) -> String {
    let description: String = job.description.chars().take(crate::llm::DESCRIPTION_CHARS).collect();
    sha256_hex(&[&job.title, &job.company, &description])
}

/// One cache entry's key.
#[derive(Debug, Clone, Copy)]
pub struct CacheKey<'a> {
    pub job_id: &'a str,
    pub profile_id: &'a str,
    pub profile_hash: &'a str,
    pub model: &'a str,
    pub job_hash: &'a str,
}

/// The newest usable answer for `key`, if the model was asked before.
pub async fn cached(pool: &SqlitePool, key: CacheKey<'_>) -> Result<Option<Opinion>> {
    let row = sqlx::query(
        "SELECT score, reason FROM llm_rerank_cache WHERE job_id = ? AND profile_id = ? AND profile_hash = ? \
         AND model = ? AND job_hash = ? AND score IS NOT NULL ORDER BY id DESC LIMIT 1",
    )
    .bind(key.job_id)
    .bind(key.profile_id)
    .bind(key.profile_hash)
    .bind(key.model)
    .bind(key.job_hash)
    .fetch_optional(pool)
    .await?;
    Ok(match row {
        Some(row) => Some(Opinion {
            score: row.try_get("score")?,
            reason: row.try_get::<Option<String>, _>("reason")?.unwrap_or_default(),
        }),
        None => None,
    })
}

/// Forgets the questions asked before `day` that no hunt will read again: failed or
/// superseded answers (not the newest usable one for their job, profile, model and job
/// version) and those about jobs no longer kept. Today's count against the cap is untouched.
/// Returns how many were deleted; the nightly maintenance calls it with its retention.
pub async fn prune(pool: &SqlitePool, before: NaiveDate) -> Result<u64> {
    let deleted = sqlx::query(
        "DELETE FROM llm_rerank_cache WHERE asked_on < ? AND (job_id NOT IN (SELECT id FROM jobs) \
         OR id NOT IN (SELECT MAX(id) FROM llm_rerank_cache WHERE score IS NOT NULL \
         GROUP BY job_id, profile_id, profile_hash, model, job_hash))",
    )
    .bind(day_text(before))
    .execute(pool)
    .await?;
    Ok(deleted.rows_affected())
}

/// The answer to a request for one more question today.
#[derive(Debug, Clone, PartialEq)]
pub enum Claim {
    /// Asked for: the row (to fill in with [`record`]) counts against today's cap already.
    Granted(i64),
    /// The cap is reached; the sentence says which.
    LimitReached(String),
}

/// Checks today's cap and, under it, records a question about to be asked, in one
/// transaction (two hunts at once cannot both take the last one).
pub async fn claim(
    pool: &SqlitePool,
    key: CacheKey<'_>,
    config: &LlmConfig,
    now: DateTime<Utc>,
) -> Result<Claim> {
    let day = day_text(utc_day(now));
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let row = sqlx::query(
        "SELECT COUNT(*) AS calls, COALESCE(SUM(tokens), 0) AS tokens FROM llm_rerank_cache WHERE asked_on = ?",
    )
    .bind(&day)
    .fetch_one(&mut *tx)
    .await?;
    let calls: i64 = row.try_get("calls")?;
    let tokens: i64 = row.try_get("tokens")?;
    if calls >= i64::from(config.daily_call_cap) {
        return Ok(Claim::LimitReached(format!(
            "daily limit reached: {calls} of {} questions to the model today (UTC)",
            config.daily_call_cap
        )));
    }
    if let Some(budget) = config.daily_token_budget {
        if tokens.max(0) as u64 >= budget {
            return Ok(Claim::LimitReached(format!(
                "daily limit reached: {tokens} of {budget} tokens used today (UTC)"
            )));
        }
    }
    let id = sqlx::query(
        "INSERT INTO llm_rerank_cache (job_id, profile_id, profile_hash, model, job_hash, asked_on, asked_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(key.job_id)
    .bind(key.profile_id)
    .bind(key.profile_hash)
    .bind(key.model)
    .bind(key.job_hash)
    .bind(&day)
    .bind(now.to_rfc3339_opts(SecondsFormat::Micros, true))
    .execute(&mut *tx)
    .await?
    .last_insert_rowid();
    tx.commit().await?;
    Ok(Claim::Granted(id))
}

/// Fills in the question `id` asked after [`claim`]: its tokens and the answer or the failure.
pub async fn record(
    pool: &SqlitePool,
    id: i64,
    tokens: u64,
    outcome: &std::result::Result<Opinion, String>,
) -> Result<()> {
    let (score, reason, failure) = match outcome {
        Ok(o) => (Some(o.score), Some(o.reason.as_str()), None),
        Err(m) => (None, None, Some(m.as_str())),
    };
    sqlx::query("UPDATE llm_rerank_cache SET tokens = ?, score = ?, reason = ?, failure = ? WHERE id = ?")
        .bind(i64::try_from(tokens).unwrap_or(i64::MAX))
        .bind(score)
        .bind(reason)
        .bind(failure)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Tokens of one question when the endpoint does not say: about 4 characters a token.
fn estimate_tokens(request: &serde_json::Value, answer: &str) -> u64 {
    let chars = request.to_string().chars().count() + answer.chars().count();
    chars.div_ceil(4) as u64
}

fn round3(x: f64) -> f64 {
    (x.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
}

/// What one question asked of the model gave: the opinion or the failure, and its tokens.
async fn ask(
    client: &LlmClient,
    summary: &ProfileSummary,
    job: &JobRecord,
) -> (std::result::Result<Opinion, Failure>, u64) {
    let body = client.request_body(summary, job);
    match client.complete_with_usage(&body, None).await {
        Ok(c) => {
            let tokens = c.tokens.unwrap_or_else(|| estimate_tokens(&body, &c.content));
            (parse_answer(&c.content).map_err(Failure::answer), tokens)
        }
        // Nothing came back: nothing to estimate but the request, which an HTTP error may not
        // have read; counted as 0.
        Err(f) => (Err(f), 0),
    }
}

/// Re-ranks the best `rerank_top` jobs of `profile` (stored as `profile_id`) in place, with
/// answers from the cache first, then new questions under the daily cap of `now`'s UTC day.
/// `jobs` and `explanations` are parallel.
pub async fn rerank(
    client: &LlmClient,
    pool: &SqlitePool,
    profile_id: &str,
    profile: &Profile,
    jobs: &[JobRecord],
    explanations: &mut [Explanation],
    now: DateTime<Utc>,
) {
    let config = client.config();
    let mut order: Vec<usize> = (0..jobs.len()).filter(|&i| explanations[i].excluded.is_none()).collect();
    order.sort_by(|&a, &b| {
        explanations[b].score.total_cmp(&explanations[a].score).then_with(|| jobs[a].id.cmp(&jobs[b].id))
    });
    order.truncate(config.rerank_top);
    let summary = ProfileSummary::from(profile);
    let profile_hash = profile_hash(&summary);
    // Set once an endpoint error or the cap stops new questions for the rest of the batch.
    let mut stopped: Option<String> = None;
    for i in order {
        let job = &jobs[i];
        let job_hash = job_hash(job);
        let key = CacheKey {
            job_id: &job.id,
            profile_id,
            profile_hash: &profile_hash,
            model: &config.model,
            job_hash: &job_hash,
        };
        let result = opinion_for(client, pool, key, &summary, job, now, &mut stopped).await;
        let deterministic = explanations[i].score;
        let mut rerank = LlmRerank {
            model: config.model.clone(),
            deterministic_score: deterministic,
            weight: config.weight,
            score: None,
            reason: None,
            note: None,
        };
        match result {
            Ok(opinion) => {
                explanations[i].score =
                    round3((1.0 - config.weight) * deterministic + config.weight * opinion.score);
                rerank.score = Some(opinion.score);
                rerank.reason = Some(opinion.reason);
            }
            Err(note) => rerank.note = Some(note),
        }
        explanations[i].llm = Some(rerank);
    }
}

/// The model's opinion of one job: cached, or asked now (under the cap), or the note saying
/// why there is none.
async fn opinion_for(
    client: &LlmClient,
    pool: &SqlitePool,
    key: CacheKey<'_>,
    summary: &ProfileSummary,
    job: &JobRecord,
    now: DateTime<Utc>,
    stopped: &mut Option<String>,
) -> std::result::Result<Opinion, String> {
    match cached(pool, key).await {
        Ok(Some(opinion)) => return Ok(opinion),
        Ok(None) => {}
        Err(e) => tracing::warn!(job = %job.id, error = %e, "llm answers' cache unreadable"),
    }
    if let Some(note) = stopped {
        return Err(note.clone());
    }
    let id = match claim(pool, key, client.config(), now).await {
        Ok(Claim::Granted(id)) => id,
        Ok(Claim::LimitReached(why)) => {
            tracing::info!(%why, "llm re-ranking stopped for today");
            let note = format!("{why}; deterministic score kept");
            *stopped = Some(note.clone());
            return Err(note);
        }
        Err(e) => {
            tracing::warn!(error = %e, "llm re-ranking skipped: the cost cap cannot be checked");
            let note =
                format!("llm not used, deterministic score kept: the daily limit cannot be checked ({e})");
            *stopped = Some(note.clone());
            return Err(note);
        }
    };
    let (result, tokens) = ask(client, summary, job).await;
    let outcome = result.clone().map_err(|f| f.message);
    if let Err(e) = record(pool, id, tokens, &outcome).await {
        tracing::warn!(job = %job.id, error = %e, "llm answer not cached");
    }
    result.map_err(|failure| {
        tracing::warn!(job = %job.id, error = %failure.message, "llm re-ranking skipped; deterministic score kept");
        if failure.unreachable {
            *stopped = Some(format!(
                "llm not used, deterministic score kept: not asked ({} earlier in this batch)",
                failure.message
            ));
        }
        format!("llm not used, deterministic score kept: {}", failure.message)
    })
}
