//! App settings stored as JSON values by key in the `settings` table (shared by the desktop app
//! and the CLI): source base URLs, the auto-apply daily cap, ... Secrets never go here.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::{SqliteExecutor, SqlitePool};

use crate::{Error, Result};

/// Base URLs of job boards by board name (`{"greenhouse": "http://127.0.0.1:8080"}`).
pub const SOURCE_BASE_URLS: &str = "sources.base_urls";

/// Optional LLM re-ranking of matches (`crate::llm::LlmConfig`); absent: off.
pub const LLM: &str = "llm";

/// Boards turned off by the user (`["remoteok"]`): scraping them fails at once, saying so.
pub const SOURCES_DISABLED: &str = "sources.disabled";

/// Days of audit records (TaskRuns, flow runs, logs) the `maintenance` flow keeps when its
/// parameters do not say.
pub const RETENTION_DAYS: &str = "retention.days";

/// Retention when neither the setting nor the flow's parameters say.
pub const DEFAULT_RETENTION_DAYS: u32 = 30;

/// The value stored under `key`, if any.
pub async fn get<T: DeserializeOwned>(pool: &SqlitePool, key: &str) -> Result<Option<T>> {
    let raw: Option<String> =
        sqlx::query_scalar("SELECT value FROM settings WHERE key = ?").bind(key).fetch_optional(pool).await?;
    raw.map(|v| serde_json::from_str(&v).map_err(|e| Error::invalid(format!("setting {key}: {e}"))))
        .transpose()
}

/// Stores `value` under `key` (through a pool, or a transaction storing several at once).
pub async fn set<'e, T: Serialize>(
    db: impl SqliteExecutor<'e>,
    key: &str,
    value: &T,
    now: DateTime<Utc>,
) -> Result<()> {
    let value = serde_json::to_string(value).map_err(|e| Error::invalid(format!("setting {key}: {e}")))?;
    sqlx::query(
        "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(key)
    .bind(value)
    .bind(now.to_rfc3339_opts(SecondsFormat::Micros, true))
    .execute(db)
    .await?;
    Ok(())
}

/// Removes the value stored under `key`, if any.
pub async fn remove<'e>(db: impl SqliteExecutor<'e>, key: &str) -> Result<()> {
    sqlx::query("DELETE FROM settings WHERE key = ?").bind(key).execute(db).await?;
    Ok(())
}
