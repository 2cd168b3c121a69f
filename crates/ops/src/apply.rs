//! Applications: the `apply_job` operation and the applications tracker (stages with history).
//!
//! * Stages: `wishlist -> ready -> applied -> interview -> offer`, and `rejected` / `withdrawn`
//!   which close an application. Every change is an `application_events` row (from_stage,
//!   to_stage, at, note); an event whose from and to stage are equal is a note (a dry run, a
//!   failed send). The rules of [`check_move`]: any forward move (stages may be skipped); any
//!   open stage to `rejected` or `withdrawn`; one step back with a note; a closed application
//!   reopens only to the stage it was closed from, with a note.
//! * `apply_job {job_id, cv_id, dry_run?}`: with an approved CV (a `cv` document in PDF whose
//!   file exists), either emails the application (when the job has an apply email and an email
//!   channel of the notifications is configured: the CV attached, stage `applied`, channel
//!   `email`) or records the job's apply URL (stage `ready`, channel `url`: the user applies by
//!   hand). Guard rails: never twice to the same job, a daily cap on applications, dry-run mode.
//!   Settings: [`DAILY_CAP`], [`DRY_RUN`], [`EMAIL_CHANNEL`].

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::OnceLock;

use chrono::{DateTime, SecondsFormat, Utc};
use jobhunter_engine::schemars::JsonSchema;
use jobhunter_engine::{ErrorKind, OpContext, OpError, Operation};
use jobhunter_jobs::store::{self as job_store, JobRecord};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::Message;
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqlitePool};

use crate::notify::{self, Channel, ChannelConfig, ChannelKind, EmailConfig};
use crate::{settings, Error, Result};

/// Setting: most applications moved to `applied` per UTC day (default [`DEFAULT_DAILY_CAP`]).
pub const DAILY_CAP: &str = "apply.daily_cap";
/// Setting: `true` makes every `apply_job` a dry run.
pub const DRY_RUN: &str = "apply.dry_run";
/// Setting: the name of the email channel (of the notifications) applications are sent
/// through; default: the first enabled email channel (oldest first).
pub const EMAIL_CHANNEL: &str = "apply.email_channel";
pub const DEFAULT_DAILY_CAP: u32 = 10;

/// Where an application is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Wishlist,
    Ready,
    Applied,
    Interview,
    Offer,
    Rejected,
    Withdrawn,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Wishlist,
        Stage::Ready,
        Stage::Applied,
        Stage::Interview,
        Stage::Offer,
        Stage::Rejected,
        Stage::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Wishlist => "wishlist",
            Self::Ready => "ready",
            Self::Applied => "applied",
            Self::Interview => "interview",
            Self::Offer => "offer",
            Self::Rejected => "rejected",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// "wishlist, ready, applied, interview, offer, rejected, withdrawn"
    pub fn names() -> String {
        Self::ALL.map(Stage::as_str).join(", ")
    }

    /// Position on the pipeline; `None` for the closing stages.
    fn step(self) -> Option<usize> {
        match self {
            Self::Wishlist => Some(0),
            Self::Ready => Some(1),
            Self::Applied => Some(2),
            Self::Interview => Some(3),
            Self::Offer => Some(4),
            Self::Rejected | Self::Withdrawn => None,
        }
    }

    /// `rejected` or `withdrawn`.
    pub fn is_closed(self) -> bool {
        self.step().is_none()
    }

    /// `applied` or later on the pipeline (the application went out).
    pub fn is_sent(self) -> bool {
        self.step().is_some_and(|s| s >= 2)
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Stage {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s.trim())
            .ok_or_else(|| Error::invalid(format!("stage: unknown stage '{s}' ({})", Self::names())))
    }
}

/// Whether an application at `from` may move to `to`. `closed_from`: for a closed application,
/// the stage it was closed from. Errors name the field (`stage: cannot move from offer to
/// wishlist ...`, `note: ...`).
pub fn check_move(from: Stage, to: Stage, closed_from: Option<Stage>, note: Option<&str>) -> Result<()> {
    let has_note = note.is_some_and(|n| !n.trim().is_empty());
    if from == to {
        return Err(Error::invalid(format!("stage: the application is already at {to}")));
    }
    let needs_note = |why: &str| {
        if has_note {
            Ok(())
        } else {
            Err(Error::invalid(format!("note: {why} from {from} to {to} needs a note saying why")))
        }
    };
    match (from.step(), to.step()) {
        // Any open stage may close.
        (Some(_), None) => Ok(()),
        // Forward, skipping stages if need be (an interview invitation for a wishlist job).
        (Some(a), Some(b)) if b > a => Ok(()),
        // One step back, to correct a mistake or a cancelled interview.
        (Some(a), Some(b)) if b + 1 == a => needs_note("moving back"),
        (Some(_), Some(_)) => Err(Error::invalid(format!(
            "stage: cannot move from {from} to {to} (back moves go one step at a time, with a note)"
        ))),
        (None, Some(_)) if closed_from == Some(to) => needs_note("reopening"),
        (None, _) => Err(Error::invalid(format!(
            "stage: cannot move from {from} to {to} (a {from} application only reopens to the stage it was \
             closed from{}, with a note)",
            closed_from.map(|s| format!(", {s}")).unwrap_or_default()
        ))),
    }
}

// ---------------------------------------------------------------------------------------------
// The tracker
// ---------------------------------------------------------------------------------------------

/// One stage change (or note) of an application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ApplicationEvent {
    pub from_stage: Option<String>,
    pub to_stage: String,
    pub at: String,
    pub note: Option<String>,
}

/// An application with its job and history (`applications list/show --json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ApplicationView {
    pub id: String,
    pub job_id: String,
    pub job_title: Option<String>,
    pub company: Option<String>,
    pub stage: String,
    pub channel: Option<String>,
    pub cv_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub history: Vec<ApplicationEvent>,
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

const VIEW_SQL: &str =
    "SELECT a.id, a.job_id, j.title, j.company, a.stage, a.channel, a.cv_id, a.created_at, \
                        a.updated_at FROM applications a LEFT JOIN jobs j ON j.id = a.job_id";

async fn history(pool: &SqlitePool, id: &str) -> Result<Vec<ApplicationEvent>> {
    let rows = sqlx::query(
        "SELECT from_stage, to_stage, at, note FROM application_events WHERE application_id = ? ORDER BY id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ApplicationEvent {
                from_stage: r.try_get("from_stage")?,
                to_stage: r.try_get("to_stage")?,
                at: r.try_get("at")?,
                note: r.try_get("note")?,
            })
        })
        .collect()
}

async fn view_of(pool: &SqlitePool, row: &sqlx::sqlite::SqliteRow) -> Result<ApplicationView> {
    let id: String = row.try_get(0)?;
    Ok(ApplicationView {
        history: history(pool, &id).await?,
        job_id: row.try_get(1)?,
        job_title: row.try_get(2)?,
        company: row.try_get(3)?,
        stage: row.try_get(4)?,
        channel: row.try_get(5)?,
        cv_id: row.try_get(6)?,
        created_at: row.try_get(7)?,
        updated_at: row.try_get(8)?,
        id,
    })
}

/// Applications, most recently changed first; only those at `stage` when given.
pub async fn list(pool: &SqlitePool, stage: Option<Stage>) -> Result<Vec<ApplicationView>> {
    let sql = format!("{VIEW_SQL} WHERE (?1 IS NULL OR a.stage = ?1) ORDER BY a.updated_at DESC, a.id DESC");
    let rows = sqlx::query(&sql).bind(stage.map(Stage::as_str)).fetch_all(pool).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        out.push(view_of(pool, row).await?);
    }
    Ok(out)
}

/// One application with its history.
pub async fn get(pool: &SqlitePool, id: &str) -> Result<ApplicationView> {
    let row = sqlx::query(&format!("{VIEW_SQL} WHERE a.id = ?"))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| Error::NotFound(format!("application '{id}'")))?;
    view_of(pool, &row).await
}

/// The stage a closed application was closed from (the `from_stage` of its last stage change).
async fn closed_from(pool: &SqlitePool, id: &str) -> Result<Option<Stage>> {
    let from: Option<Option<String>> = sqlx::query_scalar(
        "SELECT from_stage FROM application_events WHERE application_id = ? \
         AND (from_stage IS NULL OR from_stage <> to_stage) ORDER BY id DESC LIMIT 1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(from.flatten().as_deref().and_then(Stage::parse))
}

/// Moves application `id` to `to` by hand (the rules of [`check_move`]), recording the event.
pub async fn move_to(
    pool: &SqlitePool,
    id: &str,
    to: Stage,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<ApplicationView> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    let current = get(pool, id).await?;
    let from = Stage::parse(&current.stage).ok_or_else(|| {
        Error::invalid(format!("stored application {id}: unknown stage '{}'", current.stage))
    })?;
    let reopen_to = if from.is_closed() { closed_from(pool, id).await? } else { None };
    check_move(from, to, reopen_to, note)?;
    let now = ts(now);
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    // Compare-and-set: a concurrent move (the desktop app and the CLI share the database) wins.
    let changed = sqlx::query("UPDATE applications SET stage = ?, updated_at = ? WHERE id = ? AND stage = ?")
        .bind(to.as_str())
        .bind(&now)
        .bind(id)
        .bind(from.as_str())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if changed == 0 {
        return Err(Error::Conflict(format!("application {id} changed meanwhile; look at it again")));
    }
    insert_event(&mut tx, id, Some(from), to, &now, note).await?;
    tx.commit().await?;
    get(pool, id).await
}

/// Puts job `job_id` on the wishlist (a new application at `wishlist`). A job has at most one
/// application: adding one twice is a conflict naming the existing one.
pub async fn add(
    pool: &SqlitePool,
    job_id: &str,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<ApplicationView> {
    let job = job_store::get_job(pool, job_id.trim()).await.map_err(|e| match e {
        jobhunter_jobs::Error::Invalid(m) => Error::invalid(format!("job_id: {m}")),
        other => Error::invalid(format!("job_id: {other}")),
    })?;
    let existing: Option<(String, String)> =
        sqlx::query_as("SELECT id, stage FROM applications WHERE job_id = ?")
            .bind(&job.id)
            .fetch_optional(pool)
            .await?;
    if let Some((id, stage)) = existing {
        return Err(Error::Conflict(format!(
            "job_id: job {} already has application {id} (stage {stage})",
            job.id
        )));
    }
    let id = uuid::Uuid::now_v7().to_string();
    let now = ts(now);
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    sqlx::query(
        "INSERT INTO applications (id, job_id, stage, created_at, updated_at) VALUES (?, ?, 'wishlist', ?, ?)",
    )
    .bind(&id)
    .bind(&job.id)
    .bind(&now)
    .bind(&now)
    .execute(&mut *tx)
    .await?;
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    insert_event(&mut tx, &id, None, Stage::Wishlist, &now, note).await?;
    tx.commit().await?;
    get(pool, &id).await
}

async fn insert_event(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    id: &str,
    from: Option<Stage>,
    to: Stage,
    at: &str,
    note: Option<&str>,
) -> Result<()> {
    sqlx::query("INSERT INTO application_events (application_id, from_stage, to_stage, at, note) VALUES (?, ?, ?, ?, ?)")
        .bind(id)
        .bind(from.map(Stage::as_str))
        .bind(to.as_str())
        .bind(at)
        .bind(note)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Creates or updates the application of `job_id` at stage `to` (channel, cv) and records one
/// event with `note`, in one transaction. Returns the application id.
async fn record(
    pool: &SqlitePool,
    job_id: &str,
    to: Stage,
    channel: &str,
    cv_id: &str,
    note: &str,
    now: DateTime<Utc>,
) -> Result<String> {
    let now = ts(now);
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let existing = sqlx::query("SELECT id, stage FROM applications WHERE job_id = ?")
        .bind(job_id)
        .fetch_optional(&mut *tx)
        .await?;
    let (id, from) = match existing {
        Some(row) => {
            let id: String = row.try_get("id")?;
            let from = Stage::parse(&row.try_get::<String, _>("stage")?);
            sqlx::query(
                "UPDATE applications SET stage = ?, channel = ?, cv_id = ?, updated_at = ? WHERE id = ?",
            )
            .bind(to.as_str())
            .bind(channel)
            .bind(cv_id)
            .bind(&now)
            .bind(&id)
            .execute(&mut *tx)
            .await?;
            (id, from)
        }
        None => {
            let id = uuid::Uuid::now_v7().to_string();
            sqlx::query(
                "INSERT INTO applications (id, job_id, stage, channel, cv_id, created_at, updated_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(&id)
            .bind(job_id)
            .bind(to.as_str())
            .bind(channel)
            .bind(cv_id)
            .bind(&now)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
            (id, None)
        }
    };
    insert_event(&mut tx, &id, from, to, &now, Some(note)).await?;
    tx.commit().await?;
    Ok(id)
}

// ---------------------------------------------------------------------------------------------
// apply_job
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplyInput {
    pub job_id: String,
    /// An approved CV document (kind `cv`, format `pdf`).
    pub cv_id: String,
    /// Record what would happen without sending (also on when the setting `apply.dry_run` is).
    #[serde(default)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
pub struct ApplyOutput {
    pub success: bool,
    pub application_id: String,
    /// `email` (sent, or would be in a dry run) or `url` (the user applies by hand).
    pub channel: String,
    /// `applied` once the email went out; `ready` otherwise.
    pub stage: Stage,
    pub message: String,
    pub dry_run: bool,
    /// The address the application was (or would be) sent to.
    #[serde(default)]
    pub recipient: Option<String>,
    /// Where to apply by hand (channel `url`).
    #[serde(default)]
    pub apply_url: Option<String>,
}

/// `apply_job {job_id, cv_id, dry_run?}` -> `{success, application_id, channel, stage, message}`.
pub fn apply_job() -> Operation<ApplyInput, ApplyOutput> {
    Operation::new("apply_job", apply)
        .description(
            "Apply to a job with an approved CV: email it when the job has an apply address and an \
             email channel is configured, else record the apply URL; never twice, daily cap, dry run",
        )
        .category("applications")
        .tags(["applications", "email"])
}

/// One `apply_job` at a time in this process: the never-twice and daily-cap checks and the
/// send they guard must not interleave.
fn apply_lock() -> &'static tokio::sync::Mutex<()> {
    static LOCK: OnceLock<tokio::sync::Mutex<()>> = OnceLock::new();
    LOCK.get_or_init(Default::default)
}

/// The approved CV to send.
struct Cv {
    id: String,
    path: PathBuf,
    profile_id: Option<String>,
}

async fn approved_cv(pool: &SqlitePool, cv_id: &str, job_id: &str) -> Result<Cv> {
    let row = sqlx::query(
        "SELECT id, job_id, profile_id, kind, format, path, approved FROM documents WHERE id = ?",
    )
    .bind(cv_id)
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| Error::invalid(format!("cv_id: document '{cv_id}' not found")))?;
    let kind: String = row.try_get("kind")?;
    if kind != "cv" {
        return Err(Error::invalid(format!("cv_id: document '{cv_id}' is a {kind}, not a cv")));
    }
    let format: String = row.try_get("format")?;
    if format != "pdf" {
        return Err(Error::invalid(format!(
            "cv_id: document '{cv_id}' is the {format} version of the CV; use its pdf document"
        )));
    }
    if !row.try_get::<bool, _>("approved")? {
        return Err(Error::invalid(format!(
            "cv_id: document '{cv_id}' is not approved (approve it with `jobhunter documents approve {cv_id}`)"
        )));
    }
    let for_job: Option<String> = row.try_get("job_id")?;
    if let Some(other) = for_job.filter(|j| j != job_id) {
        return Err(Error::invalid(format!(
            "cv_id: document '{cv_id}' was tailored to job {other}, not to job {job_id}"
        )));
    }
    let path = PathBuf::from(row.try_get::<String, _>("path")?);
    if !path.is_file() {
        return Err(Error::invalid(format!(
            "cv_id: the PDF of document '{cv_id}' is missing: {}",
            path.display()
        )));
    }
    Ok(Cv { id: cv_id.to_owned(), path, profile_id: row.try_get("profile_id")? })
}

/// The Markdown text of the newest approved cover letter of the job, if any.
async fn cover_letter_text(pool: &SqlitePool, job_id: &str) -> Result<Option<String>> {
    let rows = sqlx::query(
        "SELECT format, path FROM documents WHERE job_id = ? AND kind = 'cover_letter' AND approved = 1 \
         ORDER BY format = 'md' DESC, created_at DESC, id DESC",
    )
    .bind(job_id)
    .fetch_all(pool)
    .await?;
    for row in rows {
        let format: String = row.try_get("format")?;
        let path = PathBuf::from(row.try_get::<String, _>("path")?);
        let md = if format == "md" { path } else { path.with_extension("md") };
        if let Ok(text) = std::fs::read_to_string(&md) {
            if !text.trim().is_empty() {
                return Ok(Some(text));
            }
        }
    }
    Ok(None)
}

/// Refuses a job that was applied to already (or whose application was closed).
async fn check_not_applied(pool: &SqlitePool, job_id: &str) -> Result<()> {
    let row = sqlx::query("SELECT id, stage, updated_at FROM applications WHERE job_id = ?")
        .bind(job_id)
        .fetch_optional(pool)
        .await?;
    let Some(row) = row else { return Ok(()) };
    let id: String = row.try_get("id")?;
    let stage: String = row.try_get("stage")?;
    let applied_at: Option<String> = sqlx::query_scalar(
        "SELECT at FROM application_events WHERE application_id = ? AND to_stage = 'applied' ORDER BY id LIMIT 1",
    )
    .bind(&id)
    .fetch_optional(pool)
    .await?;
    let parsed = Stage::parse(&stage);
    if parsed.is_some_and(Stage::is_sent) || applied_at.is_some() {
        let at = applied_at.unwrap_or_else(|| row.try_get("updated_at").unwrap_or_default());
        return Err(Error::invalid(format!(
            "job_id: already applied on {} (application {id}, stage {stage})",
            at.get(..10).unwrap_or(&at)
        )));
    }
    if parsed.is_none_or(Stage::is_closed) {
        return Err(Error::invalid(format!(
            "job_id: the application {id} to this job is {stage}; reopen it first \
             (`jobhunter applications move {id} STAGE --note ...`)"
        )));
    }
    Ok(())
}

/// Start of the current UTC day.
fn utc_midnight(now: DateTime<Utc>) -> DateTime<Utc> {
    now.date_naive().and_hms_opt(0, 0, 0).expect("midnight exists").and_utc()
}

/// Applications moved to `applied` since UTC midnight (sent or moved by hand).
pub async fn applied_today(pool: &SqlitePool, now: DateTime<Utc>) -> Result<u32> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM application_events WHERE to_stage = 'applied' AND at >= ?")
            .bind(ts(utc_midnight(now)))
            .fetch_one(pool)
            .await?;
    Ok(n as u32)
}

async fn check_cap(pool: &SqlitePool, now: DateTime<Utc>) -> Result<(), OpError> {
    let cap = settings::get::<u32>(pool, DAILY_CAP).await?.unwrap_or(DEFAULT_DAILY_CAP);
    let done = applied_today(pool, now).await?;
    if done >= cap {
        return Err(OpError::permanent(format!(
            "daily cap reached: {done} application(s) today (UTC), the cap is {cap} (setting {DAILY_CAP})"
        )));
    }
    Ok(())
}

/// The email channel applications go through, if one is configured.
async fn email_channel(pool: &SqlitePool) -> Result<Option<(Channel, EmailConfig)>> {
    let named: Option<String> = settings::get(pool, EMAIL_CHANNEL).await?;
    let channel = match named.filter(|n| !n.trim().is_empty()) {
        Some(name) => Some(notify::store::get_channel(pool, &name).await.map_err(|e| match e {
            Error::NotFound(_) => {
                Error::invalid(format!("setting {EMAIL_CHANNEL}: channel '{name}' not found"))
            }
            other => other,
        })?),
        None => {
            let mut all = notify::store::list_channels(pool).await?;
            all.sort_by_key(|c| c.id);
            all.into_iter().find(|c| c.enabled && c.kind() == ChannelKind::Email)
        }
    };
    match channel {
        None => Ok(None),
        Some(c) => match &c.config {
            ChannelConfig::Email(config) => {
                let config = config.clone();
                Ok(Some((c, config)))
            }
            other => Err(Error::invalid(format!(
                "setting {EMAIL_CHANNEL}: channel '{}' is a {} channel, not an email channel",
                c.name,
                other.kind().as_str()
            ))),
        },
    }
}

/// `Jane Doe` -> `Jane-Doe-CV.pdf`.
pub fn attachment_name(candidate: &str) -> String {
    let words: Vec<String> = candidate
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().filter_map(ascii_fold).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        "CV.pdf".to_owned()
    } else {
        format!("{}-CV.pdf", words.join("-"))
    }
}

/// A letter as plain ASCII (`é` -> `e`, `ß` -> `s`); `None` for what has no such form.
fn ascii_fold(c: char) -> Option<char> {
    if c.is_ascii_alphanumeric() {
        return Some(c);
    }
    let folded = match c.to_lowercase().next().unwrap_or(c) {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ß' | 'ś' | 'š' => 's',
        'ł' => 'l',
        'ź' | 'ż' | 'ž' => 'z',
        'ř' => 'r',
        _ => return None,
    };
    Some(if c.is_uppercase() { folded.to_ascii_uppercase() } else { folded })
}

/// What an application email is made of.
pub struct ApplicationEmail<'a> {
    pub from: Mailbox,
    pub to: &'a str,
    pub job_title: &'a str,
    pub candidate: &'a str,
    pub body: String,
    pub pdf: Vec<u8>,
}

/// The message: `Subject: Application: <title> — <name>`, a text body and the CV attached.
pub fn build_email(email: ApplicationEmail<'_>) -> Result<Message> {
    let to: Mailbox = email.to.parse().map_err(|_| {
        Error::invalid(format!("job_id: the job's apply email is not an address: '{}'", email.to))
    })?;
    let pdf = ContentType::parse("application/pdf").expect("a valid content type");
    Message::builder()
        .from(email.from.clone())
        .reply_to(email.from)
        .to(to)
        .subject(format!("Application: {} — {}", email.job_title, email.candidate))
        .multipart(
            MultiPart::mixed()
                .singlepart(SinglePart::plain(email.body))
                .singlepart(Attachment::new(attachment_name(email.candidate)).body(email.pdf, pdf)),
        )
        .map_err(|e| Error::invalid(format!("cannot build the application email: {e}")))
}

fn default_body(job: &JobRecord, profile: &jobhunter_jobs::profile::Profile) -> String {
    let b = &profile.resume.basics;
    let mut text = format!(
        "Dear hiring team at {},\n\nI would like to apply for the {} position. My CV is attached.\n",
        job.company, job.title
    );
    if let Some(summary) = b.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        text.push_str(&format!("\n{}\n", summary.trim()));
    }
    text.push_str(&format!("\nKind regards,\n{}\n", b.name));
    for line in [b.email.as_deref(), b.phone.as_deref()].into_iter().flatten() {
        text.push_str(&format!("{line}\n"));
    }
    text
}

fn job_error(e: jobhunter_jobs::Error) -> OpError {
    match e {
        jobhunter_jobs::Error::Invalid(m) => OpError::invalid(format!("job_id: {m}")),
        other => crate::hunt::op_error(other),
    }
}

async fn apply(ctx: OpContext, input: ApplyInput) -> Result<ApplyOutput, OpError> {
    let _one_at_a_time = apply_lock().lock().await;
    let pool = ctx.db();
    let job = job_store::get_job(pool, input.job_id.trim()).await.map_err(job_error)?;
    let cv = approved_cv(pool, input.cv_id.trim(), &job.id).await?;
    check_not_applied(pool, &job.id).await?;
    let dry_run = input.dry_run || settings::get::<bool>(pool, DRY_RUN).await?.unwrap_or(false);
    let apply_email = job.apply_email.as_deref().map(str::trim).filter(|e| !e.is_empty());
    let channel = match apply_email {
        Some(_) => email_channel(pool).await?,
        None => None,
    };
    let dry = |note: String| if dry_run { format!("dry run: {note}") } else { note };

    let (Some(to), Some((channel, config))) = (apply_email, channel) else {
        // By hand, at the job's apply URL (or its posting).
        let url = job.apply_url.as_deref().or(job.url.as_deref()).map(str::trim).filter(|u| !u.is_empty());
        let Some(url) = url else {
            return Err(OpError::invalid(match apply_email {
                Some(to) => format!(
                    "job_id: job {} takes applications by email only ({to}) and no email channel is \
                     configured (add one with `jobhunter channels add`)",
                    job.id
                ),
                None => format!("job_id: job {} has neither an apply URL nor an apply email", job.id),
            }));
        };
        let message = format!("ready to apply at {url}");
        let id = record(pool, &job.id, Stage::Ready, "url", &cv.id, &dry(message.clone()), ctx.clock().now())
            .await?;
        ctx.add_result_ref("application", id.clone());
        return Ok(ApplyOutput {
            success: true,
            application_id: id,
            channel: "url".into(),
            stage: Stage::Ready,
            message: dry(message),
            dry_run,
            recipient: None,
            apply_url: Some(url.to_owned()),
        });
    };

    check_cap(pool, ctx.clock().now()).await?;
    let profile = crate::profile::get(pool, cv.profile_id.as_deref()).await?.profile;
    let candidate = profile.resume.basics.name.clone();
    let from: Mailbox = match profile.resume.basics.email.as_deref().map(str::trim).filter(|e| !e.is_empty())
    {
        Some(address) => {
            let address = address.parse().map_err(|_| {
                OpError::invalid(format!("profile: basics.email is not an email address: '{address}'"))
            })?;
            Mailbox::new(Some(candidate.clone()), address)
        }
        None => config.sender().parse().map_err(|_| {
            OpError::invalid(format!("channel '{}': the sender is not an email address", channel.name))
        })?,
    };
    let body = match cover_letter_text(pool, &job.id).await? {
        Some(letter) => letter,
        None => default_body(&job, &profile),
    };
    let pdf = read_pdf(&cv.path, &cv.id).await?;
    let message =
        build_email(ApplicationEmail { from, to, job_title: &job.title, candidate: &candidate, body, pdf })?;

    if dry_run {
        let note = format!("dry run: would email the CV to {to} through channel '{}'", channel.name);
        let id = record(pool, &job.id, Stage::Ready, "email", &cv.id, &note, ctx.clock().now()).await?;
        ctx.add_result_ref("application", id.clone());
        return Ok(ApplyOutput {
            success: true,
            application_id: id,
            channel: "email".into(),
            stage: Stage::Ready,
            message: note,
            dry_run,
            recipient: Some(to.to_owned()),
            apply_url: None,
        });
    }

    let deps = notify::installed_deps(ctx.engine());
    let password = match &config.smtp_user {
        Some(_) => notify::smtp_password(&*deps.secrets, &channel.name)?,
        None => None,
    };
    let timeout = deps.timeout;
    let sent =
        match tokio::time::timeout(timeout, notify::email::send_message(&config, password, message, timeout))
            .await
        {
            Ok(r) => r,
            Err(_) => Err(Error::transient(format!("SMTP delivery timed out after {timeout:?}"))),
        };
    if let Err(e) = sent {
        // Nothing went out: the application waits at `ready`, with the failure in its history.
        let note = format!("email to {to} through channel '{}' failed: {e}", channel.name);
        match record(pool, &job.id, Stage::Ready, "email", &cv.id, &note, ctx.clock().now()).await {
            Ok(id) => ctx.add_result_ref("application", id),
            Err(db) => {
                tracing::warn!(job_id = %job.id, error = %db, "could not record the failed application email")
            }
        }
        return Err(e.into());
    }
    let note = format!("emailed the CV to {to} through channel '{}'", channel.name);
    let id = match record(pool, &job.id, Stage::Applied, "email", &cv.id, &note, ctx.clock().now()).await {
        Ok(id) => id,
        Err(e) => {
            // The email is out but not recorded: never let a retry send it again.
            tracing::error!(
                job_id = %job.id, to, error = %e,
                "THE APPLICATION EMAIL WAS SENT BUT COULD NOT BE RECORDED; move the application to applied by hand"
            );
            return Err(OpError::new(
                ErrorKind::Permanent,
                format!(
                    "the application email to {to} was sent, but recording it failed ({e}); do not apply \
                     again: move the job's application to applied by hand"
                ),
            ));
        }
    };
    ctx.add_result_ref("application", id.clone());
    tracing::info!(job_id = %job.id, application_id = %id, to, "application emailed");
    Ok(ApplyOutput {
        success: true,
        application_id: id,
        channel: "email".into(),
        stage: Stage::Applied,
        message: format!("applied by email to {to}"),
        dry_run: false,
        recipient: Some(to.to_owned()),
        apply_url: None,
    })
}

async fn read_pdf(path: &Path, cv_id: &str) -> Result<Vec<u8>, OpError> {
    tokio::fs::read(path).await.map_err(|e| {
        OpError::invalid(format!(
            "cv_id: cannot read the PDF of document '{cv_id}' ({}): {e}",
            path.display()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions() {
        use Stage::*;
        assert!(check_move(Wishlist, Ready, None, None).is_ok());
        assert!(check_move(Ready, Interview, None, None).is_ok());
        assert!(check_move(Offer, Rejected, None, None).is_ok());
        assert!(check_move(Wishlist, Withdrawn, None, None).is_ok());
        assert_eq!(
            check_move(Interview, Applied, None, None).unwrap_err().to_string(),
            "note: moving back from interview to applied needs a note saying why"
        );
        assert!(check_move(Interview, Applied, None, Some("cancelled")).is_ok());
        assert!(check_move(Offer, Wishlist, None, Some("x"))
            .unwrap_err()
            .to_string()
            .starts_with("stage: cannot move from offer to wishlist"));
        assert!(check_move(Rejected, Withdrawn, Some(Applied), Some("x")).is_err());
        assert!(check_move(Rejected, Interview, Some(Applied), Some("x")).is_err());
        assert!(check_move(Rejected, Applied, Some(Applied), Some("they called back")).is_ok());
        assert!(check_move(Ready, Ready, None, None).is_err());
        assert_eq!(
            "hired".parse::<Stage>().unwrap_err().to_string(),
            "stage: unknown stage 'hired' (wishlist, ready, applied, interview, offer, rejected, withdrawn)"
        );
    }

    #[test]
    fn attachment_names() {
        assert_eq!(attachment_name("Jane Q. Doe"), "Jane-Q-Doe-CV.pdf");
        assert_eq!(attachment_name("José Müller"), "Jose-Muller-CV.pdf");
        assert_eq!(attachment_name(""), "CV.pdf");
    }
}
