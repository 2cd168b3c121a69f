//! Stored profiles: a JSON Resume plus preferences, validated on import. The latest import is
//! the default profile that matching and documents use when none is named.

use chrono::{DateTime, SecondsFormat, Utc};
use jobhunter_jobs::profile::Profile;
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqlitePool};

use crate::{Error, Result};

/// A stored profile.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredProfile {
    pub id: String,
    pub name: String,
    pub is_default: bool,
    pub created_at: String,
    pub updated_at: String,
    pub profile: Profile,
}

/// Validates `text` (errors name the bad field) and stores it as the new default profile.
pub async fn import(pool: &SqlitePool, text: &str, now: DateTime<Utc>) -> Result<StoredProfile> {
    let profile = Profile::from_json(text).map_err(|e| Error::invalid(e.to_string()))?;
    let id = uuid::Uuid::now_v7().to_string();
    let now = now.to_rfc3339_opts(SecondsFormat::Micros, true);
    let document =
        serde_json::to_string(&profile.to_document()).map_err(|e| Error::invalid(e.to_string()))?;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    sqlx::query("UPDATE profiles SET is_default = 0 WHERE is_default = 1").execute(&mut *tx).await?;
    sqlx::query(
        "INSERT INTO profiles (id, name, document, is_default, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)",
    )
    .bind(&id)
    .bind(&profile.resume.basics.name)
    .bind(&document)
    .bind(&now)
    .bind(&now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    get(pool, Some(&id)).await
}

/// The profile `id`, or the default one.
pub async fn get(pool: &SqlitePool, id: Option<&str>) -> Result<StoredProfile> {
    let row = match id {
        Some(id) => sqlx::query("SELECT * FROM profiles WHERE id = ?").bind(id).fetch_optional(pool).await?,
        None => {
            sqlx::query("SELECT * FROM profiles ORDER BY is_default DESC, created_at DESC LIMIT 1")
                .fetch_optional(pool)
                .await?
        }
    };
    let Some(row) = row else {
        return Err(match id {
            Some(id) => Error::NotFound(format!("profile '{id}'")),
            None => {
                Error::invalid("profile_id: no profile yet (import one with `jobhunter profile import FILE`)")
            }
        });
    };
    let document: String = row.try_get("document")?;
    let profile =
        Profile::from_json(&document).map_err(|e| Error::invalid(format!("stored profile: {e}")))?;
    Ok(StoredProfile {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        is_default: row.try_get("is_default")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        profile,
    })
}
