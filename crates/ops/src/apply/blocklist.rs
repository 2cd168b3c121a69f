//! "Don't apply again": companies the user does not want to apply to any more, keyed by the
//! company name normalised as the de-duplication does ("ACME GmbH" is "Acme"). `apply_job`
//! refuses every job of a marked company, naming it.

use chrono::{DateTime, Utc};
use jobhunter_engine::schemars::JsonSchema;
use jobhunter_jobs::process::normalize_company;
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

use super::tracker::ts;
use crate::{Error, Result};

/// A company marked "don't apply again".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, sqlx::FromRow)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BlockedCompany {
    /// The name as the user gave it.
    pub company: String,
    pub reason: Option<String>,
    pub created_at: String,
}

fn key_of(company: &str) -> Result<String> {
    let key = normalize_company(company);
    if key.is_empty() {
        return Err(Error::invalid("company: a company name is required"));
    }
    Ok(key)
}

/// Marks `company` "don't apply again" (again: the reason is replaced).
pub async fn block_company(
    pool: &SqlitePool,
    company: &str,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<BlockedCompany> {
    let key = key_of(company)?;
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    sqlx::query(
        "INSERT INTO blocked_companies (company_key, company, reason, created_at) VALUES (?, ?, ?, ?) \
         ON CONFLICT (company_key) DO UPDATE SET company = excluded.company, reason = excluded.reason",
    )
    .bind(&key)
    .bind(company.trim())
    .bind(reason)
    .bind(ts(now))
    .execute(pool)
    .await?;
    blocked(pool, company).await?.ok_or_else(|| Error::invalid("company: could not be marked"))
}

/// Removes the mark of `company`; `false` when it had none.
pub async fn unblock_company(pool: &SqlitePool, company: &str) -> Result<bool> {
    let key = key_of(company)?;
    let gone = sqlx::query("DELETE FROM blocked_companies WHERE company_key = ?")
        .bind(&key)
        .execute(pool)
        .await?
        .rows_affected();
    Ok(gone > 0)
}

/// The mark of `company`, if it has one.
pub async fn blocked(pool: &SqlitePool, company: &str) -> Result<Option<BlockedCompany>> {
    let key = normalize_company(company);
    if key.is_empty() {
        return Ok(None);
    }
    Ok(sqlx::query_as("SELECT company, reason, created_at FROM blocked_companies WHERE company_key = ?")
        .bind(&key)
        .fetch_optional(pool)
        .await?)
}

/// Every marked company, by name.
pub async fn list_blocked(pool: &SqlitePool) -> Result<Vec<BlockedCompany>> {
    Ok(sqlx::query_as("SELECT company, reason, created_at FROM blocked_companies ORDER BY company_key")
        .fetch_all(pool)
        .await?)
}

/// The refusal of `apply_job` for a marked company: `job_id: you marked Acme "don't apply
/// again" (reason); nothing was sent`.
pub(super) fn refusal(b: &BlockedCompany) -> Error {
    let why = b.reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default();
    Error::invalid(format!(
        "job_id: you marked {} \"don't apply again\"{why}; nothing was sent. Remove the mark to apply",
        b.company
    ))
}
