//! Notes (free text, dated, several per application) and contacts (name, role, email or
//! phone, a note) of an application. Stage changes keep their own history in
//! `application_events`; these are the user's own records, editable and deletable.

use chrono::{DateTime, Utc};
use jobhunter_engine::schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqlitePool};

use super::tracker::ts;
use crate::{Error, Result};

/// Longest note or contact field kept, in characters.
const MAX_TEXT: usize = 10_000;

/// A free note on an application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ApplicationNote {
    pub id: String,
    pub body: String,
    pub created_at: String,
    pub updated_at: String,
}

/// Someone met along the way: a recruiter, the hiring manager, a referral.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ApplicationContact {
    pub id: String,
    pub name: String,
    pub role: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub note: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// A contact as entered: the name is required, the rest optional (empty means none).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ContactInput {
    pub name: String,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Trimmed, `None` when empty; too long is an error naming `field`.
fn optional(field: &str, text: Option<&str>) -> Result<Option<String>> {
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    if let Some(t) = text {
        if t.chars().count() > MAX_TEXT {
            return Err(Error::invalid(format!("{field}: longer than {MAX_TEXT} characters")));
        }
    }
    Ok(text.map(str::to_owned))
}

fn required(field: &str, text: &str, what: &str) -> Result<String> {
    optional(field, Some(text))?.ok_or_else(|| Error::invalid(format!("{field}: {what} is required")))
}

/// The contact checked: a name, and an email that looks like one.
fn checked(input: &ContactInput) -> Result<ContactInput> {
    let email = optional("email", input.email.as_deref())?;
    if let Some(e) = &email {
        let ok = e.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
        if !ok || e.contains(char::is_whitespace) {
            return Err(Error::invalid(format!("email: '{e}' is not an email address")));
        }
    }
    Ok(ContactInput {
        name: required("name", &input.name, "a name")?,
        role: optional("role", input.role.as_deref())?,
        email,
        phone: optional("phone", input.phone.as_deref())?,
        note: optional("note", input.note.as_deref())?,
    })
}

async fn require_application(pool: &SqlitePool, id: &str) -> Result<()> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT id FROM applications WHERE id = ?").bind(id).fetch_optional(pool).await?;
    found.map(|_| ()).ok_or_else(|| Error::NotFound(format!("application '{id}'")))
}

async fn touch(pool: &SqlitePool, application_id: &str, now: &str) -> Result<()> {
    sqlx::query("UPDATE applications SET updated_at = ? WHERE id = ?")
        .bind(now)
        .bind(application_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// The notes of application `id`, oldest first.
pub async fn notes_of(pool: &SqlitePool, id: &str) -> Result<Vec<ApplicationNote>> {
    let rows = sqlx::query(
        "SELECT id, body, created_at, updated_at FROM application_notes WHERE application_id = ? \
         ORDER BY created_at, id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ApplicationNote {
                id: r.try_get(0)?,
                body: r.try_get(1)?,
                created_at: r.try_get(2)?,
                updated_at: r.try_get(3)?,
            })
        })
        .collect()
}

/// The contacts of application `id`, oldest first.
pub async fn contacts_of(pool: &SqlitePool, id: &str) -> Result<Vec<ApplicationContact>> {
    let rows = sqlx::query(
        "SELECT id, name, role, email, phone, note, created_at, updated_at FROM application_contacts \
         WHERE application_id = ? ORDER BY created_at, id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ApplicationContact {
                id: r.try_get(0)?,
                name: r.try_get(1)?,
                role: r.try_get(2)?,
                email: r.try_get(3)?,
                phone: r.try_get(4)?,
                note: r.try_get(5)?,
                created_at: r.try_get(6)?,
                updated_at: r.try_get(7)?,
            })
        })
        .collect()
}

/// Adds a note to application `id`.
pub async fn add_note(
    pool: &SqlitePool,
    id: &str,
    body: &str,
    now: DateTime<Utc>,
) -> Result<ApplicationNote> {
    let body = required("body", body, "the note's text")?;
    require_application(pool, id).await?;
    let note_id = uuid::Uuid::now_v7().to_string();
    let now = ts(now);
    sqlx::query(
        "INSERT INTO application_notes (id, application_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(&note_id)
    .bind(id)
    .bind(&body)
    .bind(&now)
    .bind(&now)
    .execute(pool)
    .await?;
    touch(pool, id, &now).await?;
    Ok(ApplicationNote { id: note_id, body, created_at: now.clone(), updated_at: now })
}

/// The application a note or contact belongs to.
async fn owner(pool: &SqlitePool, table: &str, id: &str, what: &str) -> Result<String> {
    sqlx::query_scalar::<_, String>(&format!("SELECT application_id FROM {table} WHERE id = ?"))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| Error::NotFound(format!("{what} '{id}'")))
}

/// Rewrites note `note_id`.
pub async fn update_note(pool: &SqlitePool, note_id: &str, body: &str, now: DateTime<Utc>) -> Result<()> {
    let body = required("body", body, "the note's text")?;
    let app = owner(pool, "application_notes", note_id, "note").await?;
    let now = ts(now);
    sqlx::query("UPDATE application_notes SET body = ?, updated_at = ? WHERE id = ?")
        .bind(&body)
        .bind(&now)
        .bind(note_id)
        .execute(pool)
        .await?;
    touch(pool, &app, &now).await
}

/// Deletes note `note_id`.
pub async fn delete_note(pool: &SqlitePool, note_id: &str, now: DateTime<Utc>) -> Result<()> {
    delete_owned(pool, "application_notes", note_id, "note", now).await
}

/// Adds a contact to application `id`.
pub async fn add_contact(
    pool: &SqlitePool,
    id: &str,
    input: &ContactInput,
    now: DateTime<Utc>,
) -> Result<ApplicationContact> {
    let c = checked(input)?;
    require_application(pool, id).await?;
    let contact_id = uuid::Uuid::now_v7().to_string();
    let now = ts(now);
    sqlx::query(
        "INSERT INTO application_contacts (id, application_id, name, role, email, phone, note, created_at, \
         updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&contact_id)
    .bind(id)
    .bind(&c.name)
    .bind(&c.role)
    .bind(&c.email)
    .bind(&c.phone)
    .bind(&c.note)
    .bind(&now)
    .bind(&now)
    .execute(pool)
    .await?;
    touch(pool, id, &now).await?;
    Ok(ApplicationContact {
        id: contact_id,
        name: c.name,
        role: c.role,
        email: c.email,
        phone: c.phone,
        note: c.note,
        created_at: now.clone(),
        updated_at: now,
    })
}

/// Rewrites contact `contact_id`.
pub async fn update_contact(
    pool: &SqlitePool,
    contact_id: &str,
    input: &ContactInput,
    now: DateTime<Utc>,
) -> Result<()> {
    let c = checked(input)?;
    let app = owner(pool, "application_contacts", contact_id, "contact").await?;
    let now = ts(now);
    sqlx::query(
        "UPDATE application_contacts SET name = ?, role = ?, email = ?, phone = ?, note = ?, updated_at = ? \
         WHERE id = ?",
    )
    .bind(&c.name)
    .bind(&c.role)
    .bind(&c.email)
    .bind(&c.phone)
    .bind(&c.note)
    .bind(&now)
    .bind(contact_id)
    .execute(pool)
    .await?;
    touch(pool, &app, &now).await
}

/// Deletes contact `contact_id`.
pub async fn delete_contact(pool: &SqlitePool, contact_id: &str, now: DateTime<Utc>) -> Result<()> {
    delete_owned(pool, "application_contacts", contact_id, "contact", now).await
}

/// Deletes row `id` of `table` (a note or a contact, `what`) and marks its application changed.
async fn delete_owned(
    pool: &SqlitePool,
    table: &str,
    id: &str,
    what: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let app = owner(pool, table, id, what).await?;
    sqlx::query(&format!("DELETE FROM {table} WHERE id = ?")).bind(id).execute(pool).await?;
    touch(pool, &app, &ts(now)).await
}
