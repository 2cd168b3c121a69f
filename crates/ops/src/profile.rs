//! Stored profiles: a JSON Resume plus preferences, validated on import. The latest import is
//! the default profile that matching and documents use when none is named.

use chrono::{DateTime, SecondsFormat, Utc};
use jobhunter_jobs::profile::Profile;
pub use jobhunter_jobs::profile::ProfileWarning;
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

/// Whether any profile is stored (a hunt needs one to score against).
pub async fn exists(pool: &SqlitePool) -> std::result::Result<bool, sqlx::Error> {
    Ok(sqlx::query_scalar::<_, i64>("SELECT 1 FROM profiles LIMIT 1").fetch_optional(pool).await?.is_some())
}

/// Validates `text` (errors name the bad field) and stores it as the new default profile.
pub async fn import(pool: &SqlitePool, text: &str, now: DateTime<Utc>) -> Result<StoredProfile> {
    import_with_warnings(pool, text, now).await.map(|(stored, _)| stored)
}

/// Validates `text` without storing it: the profile as it would be stored and the warnings
/// (older JSON Resume keys read as the current ones, keys outside the schema kept as they are).
pub fn check(text: &str) -> Result<(Profile, Vec<ProfileWarning>)> {
    Profile::from_json_with_warnings(text).map_err(|e| Error::invalid(e.to_string()))
}

/// [`import`], and the import's warnings (see [`check`]). The stored document is the imported
/// one, whole: every section and unknown key, older keys renamed.
pub async fn import_with_warnings(
    pool: &SqlitePool,
    text: &str,
    now: DateTime<Utc>,
) -> Result<(StoredProfile, Vec<ProfileWarning>)> {
    let (profile, warnings) = check(text)?;
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
    Ok((get(pool, Some(&id)).await?, warnings))
}

/// A JSON Resume draft read from a CV file (PDF, .docx, .txt, .md or .json), nothing stored:
/// the user checks it (and its warnings) before importing it. Errors are plain sentences naming
/// the file.
pub async fn draft_from_file(path: &std::path::Path) -> Result<jobhunter_jobs::cv::CvDraft> {
    jobhunter_jobs::cv::import_file(path).await.map_err(|e| Error::invalid(e.to_string()))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn older() -> String {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/resumes/older.json");
        std::fs::read_to_string(path).unwrap()
    }

    #[tokio::test]
    async fn an_older_resume_is_stored_whole_and_a_check_stores_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let engine = jobhunter_engine::Engine::builder(dir.path()).open().await.unwrap();
        let pool = engine.store().pool();

        let (checked, warnings) = check(&older()).unwrap();
        assert_eq!(warnings.len(), 12);
        assert!(get(pool, None).await.unwrap_err().to_string().contains("no profile yet"));

        let (stored, again) = import_with_warnings(pool, &older(), Utc::now()).await.unwrap();
        assert_eq!(again, warnings);
        assert_eq!(stored.name, "Tomasz Wrona");
        assert_eq!(stored.profile, checked);
        let doc = get(pool, None).await.unwrap().profile.to_document();
        assert_eq!(doc, checked.to_document());
        assert_eq!(doc["work"][0]["name"], "Wisła Payments Sp. z o.o.");
        assert_eq!(doc["volunteer"][0]["url"], "https://schronisko.example.org");
        assert_eq!(doc["basics"]["favoriteColor"], "green");
        engine.close().await.unwrap();
    }
}
