//! The Settings screen: job sources (base URL, on/off), the optional LLM endpoint, audit
//! retention and the auto-apply guard rails, all stored in the shared `settings` table so the
//! CLI sees the same values. Secrets never pass through here.

use std::collections::BTreeMap;

use jobhunter_jobs::sources::Board;
use jobhunter_ops::llm::LlmConfig;
use jobhunter_ops::notify::LLM_API_KEY;
use jobhunter_ops::{apply, settings};
use serde::{Deserialize, Serialize};

use crate::error::{CommandError, CommandResult};
use crate::Api;
use crate::ErrorCode;

/// One job board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SourceSetting {
    pub name: String,
    pub enabled: bool,
    /// Whether the board has a configurable API root (feeds and JSON-LD pages take a URL
    /// per search instead).
    pub uses_base_url: bool,
    /// The stored base URL (`null`: the board's public API).
    pub base_url: Option<String>,
    /// The value of `JOBHUNTER_<BOARD>_URL` when that environment variable overrides the stored
    /// URL (read-only).
    pub env_override: Option<String>,
}

/// Optional LLM re-ranking through an OpenAI-compatible endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LlmSettings {
    pub enabled: bool,
    pub base_url: String,
    pub model: String,
    /// The NAME of the environment variable holding the API key; the key itself is never
    /// stored by the app.
    pub api_key_env: Option<String>,
    /// How much the model's score counts, 0..1.
    pub weight: f64,
    pub timeout_secs: u32,
    pub rerank_top: u32,
    /// The cost cap: most questions to the model per day (UTC) for re-ranking.
    pub daily_call_cap: u32,
    /// Optional second cap: no new question once this many tokens were used that day.
    pub daily_token_budget: Option<u32>,
}

/// Everything the Settings screen edits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettingsDto {
    pub sources: Vec<SourceSetting>,
    pub llm: Option<LlmSettings>,
    /// Days of TaskRuns, flow runs and logs the maintenance flow keeps.
    pub retention_days: u32,
    /// Most applications sent per day.
    pub daily_apply_cap: u32,
    /// Record applications without sending anything.
    pub dry_run: bool,
    /// Whether an LLM API key is stored in the OS keyring (read-only; see `save_llm_api_key`).
    pub llm_api_key_stored: bool,
    /// Questions re-ranking asked of the model today, UTC (read-only; counted against
    /// `llm.dailyCallCap`).
    pub llm_calls_today: u32,
    /// Tokens those questions used (read-only; counted against `llm.dailyTokenBudget`).
    pub llm_tokens_today: u32,
}

/// The command's logic, without Tauri.
pub async fn get(state: &Api) -> CommandResult<SettingsDto> {
    let pool = state.engine.store().pool();
    let base_urls: BTreeMap<String, String> =
        settings::get(pool, settings::SOURCE_BASE_URLS).await?.unwrap_or_default();
    let disabled: Vec<String> = settings::get(pool, settings::SOURCES_DISABLED).await?.unwrap_or_default();
    let sources = Board::ALL
        .into_iter()
        .map(|b| SourceSetting {
            name: b.name().to_owned(),
            enabled: !disabled.iter().any(|d| d == b.name()),
            uses_base_url: b.uses_base_url(),
            base_url: base_urls.get(b.name()).cloned().filter(|u| !u.trim().is_empty()),
            env_override: std::env::var(b.env_var()).ok().filter(|v| !v.trim().is_empty()),
        })
        .collect();
    let llm: Option<LlmConfig> = settings::get(pool, settings::LLM).await?;
    let today = jobhunter_ops::rerank::utc_day(state.engine.clock().now());
    let usage = jobhunter_ops::rerank::usage_on(pool, today).await?;
    Ok(SettingsDto {
        sources,
        llm: llm.map(|c| LlmSettings {
            enabled: c.enabled,
            base_url: c.base_url,
            model: c.model,
            api_key_env: c.api_key_env,
            weight: c.weight,
            timeout_secs: c.timeout_secs.min(u64::from(u32::MAX)) as u32,
            rerank_top: c.rerank_top.min(u32::MAX as usize) as u32,
            daily_call_cap: c.daily_call_cap,
            daily_token_budget: c.daily_token_budget.map(|b| b.min(u64::from(u32::MAX)) as u32),
        }),
        retention_days: settings::get(pool, settings::RETENTION_DAYS)
            .await?
            .unwrap_or(settings::DEFAULT_RETENTION_DAYS),
        daily_apply_cap: settings::get(pool, apply::DAILY_CAP).await?.unwrap_or(apply::DEFAULT_DAILY_CAP),
        dry_run: settings::get(pool, apply::DRY_RUN).await?.unwrap_or(false),
        llm_api_key_stored: key_stored(state).await,
        llm_calls_today: usage.calls,
        llm_tokens_today: usage.tokens.min(u64::from(u32::MAX)) as u32,
    })
}

fn secrets(state: &Api) -> std::sync::Arc<dyn jobhunter_ops::notify::SecretStore> {
    jobhunter_ops::notify::installed_deps(&state.engine).secrets
}

/// Whether the keyring holds the LLM key (the keyring is synchronous: off the async workers).
async fn key_stored(state: &Api) -> bool {
    let store = secrets(state);
    tokio::task::spawn_blocking(move || matches!(store.get(LLM_API_KEY), Ok(Some(_)))).await.unwrap_or(false)
}

/// The command's logic, without Tauri.
pub fn save_key(state: &Api, api_key: Option<&str>) -> CommandResult<bool> {
    let store = secrets(state);
    match api_key.map(str::trim).filter(|k| !k.is_empty()) {
        Some(key) => {
            store
                .set(LLM_API_KEY, key)
                .map_err(|e| CommandError::new(ErrorCode::SecretStore, format!("apiKey: {e}")))?;
            tracing::info!("LLM API key stored in the OS keyring");
            Ok(true)
        }
        None => {
            store
                .delete(LLM_API_KEY)
                .map_err(|e| CommandError::new(ErrorCode::SecretStore, format!("apiKey: {e}")))?;
            Ok(false)
        }
    }
}

/// The command's logic, without Tauri.
pub async fn save(state: &Api, input: SettingsDto) -> CommandResult<SettingsDto> {
    let mut base_urls = BTreeMap::new();
    let mut disabled = Vec::new();
    for (i, source) in input.sources.iter().enumerate() {
        let board = Board::ALL.into_iter().find(|b| b.name() == source.name).ok_or_else(|| {
            CommandError::invalid(&format!("sources[{i}].name"), format!("unknown source '{}'", source.name))
        })?;
        if !source.enabled {
            disabled.push(board.name().to_owned());
        }
        if let Some(url) = source.base_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            if !board.uses_base_url() {
                return Err(CommandError::invalid(
                    &format!("sources[{i}].baseUrl"),
                    format!("{} takes its URL in the source spec, not a base URL", board.name()),
                ));
            }
            check_http_url(&format!("sources[{i}].baseUrl"), url)?;
            base_urls.insert(board.name().to_owned(), url.trim_end_matches('/').to_owned());
        }
    }
    let llm = match &input.llm {
        None => None,
        Some(l) => {
            check_http_url("llm.baseUrl", l.base_url.trim())?;
            if l.model.trim().is_empty() {
                return Err(CommandError::invalid("llm.model", "is required"));
            }
            if !(0.0..=1.0).contains(&l.weight) {
                return Err(CommandError::invalid(
                    "llm.weight",
                    format!("must be within 0..1, got {}", l.weight),
                ));
            }
            if l.timeout_secs == 0 {
                return Err(CommandError::invalid("llm.timeoutSecs", "must be at least 1"));
            }
            if !(1..=MAX_DAILY_LLM_CALLS).contains(&l.daily_call_cap) {
                return Err(CommandError::invalid(
                    "llm.dailyCallCap",
                    format!("must be between 1 and {MAX_DAILY_LLM_CALLS}, got {}", l.daily_call_cap),
                ));
            }
            if l.daily_token_budget == Some(0) {
                return Err(CommandError::invalid(
                    "llm.dailyTokenBudget",
                    "must be at least 1, or empty for no token budget",
                ));
            }
            let env = l.api_key_env.as_deref().map(str::trim).filter(|e| !e.is_empty());
            if let Some(env) = env {
                if !env.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    return Err(CommandError::invalid(
                        "llm.apiKeyEnv",
                        format!("'{env}' is not an environment variable name (letters, digits, _)"),
                    ));
                }
            }
            Some(LlmConfig {
                enabled: l.enabled,
                base_url: l.base_url.trim().to_owned(),
                model: l.model.trim().to_owned(),
                api_key_env: env.map(str::to_owned),
                weight: l.weight,
                timeout_secs: u64::from(l.timeout_secs),
                rerank_top: l.rerank_top as usize,
                daily_call_cap: l.daily_call_cap,
                daily_token_budget: l.daily_token_budget.map(u64::from),
            })
        }
    };
    if !(1..=3650).contains(&input.retention_days) {
        return Err(CommandError::invalid(
            "retentionDays",
            format!("must be between 1 and 3650, got {}", input.retention_days),
        ));
    }
    if input.daily_apply_cap > 1000 {
        return Err(CommandError::invalid(
            "dailyApplyCap",
            format!("must be at most 1000, got {}", input.daily_apply_cap),
        ));
    }

    // Everything is valid: store it in one transaction.
    let pool = state.engine.store().pool();
    let now = state.engine.clock().now();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(jobhunter_ops::Error::from)?;
    settings::set(&mut *tx, settings::SOURCE_BASE_URLS, &base_urls, now).await?;
    settings::set(&mut *tx, settings::SOURCES_DISABLED, &disabled, now).await?;
    match &llm {
        Some(config) => settings::set(&mut *tx, settings::LLM, config, now).await?,
        None => settings::remove(&mut *tx, settings::LLM).await?,
    }
    settings::set(&mut *tx, settings::RETENTION_DAYS, &input.retention_days, now).await?;
    settings::set(&mut *tx, apply::DAILY_CAP, &input.daily_apply_cap, now).await?;
    settings::set(&mut *tx, apply::DRY_RUN, &input.dry_run, now).await?;
    tx.commit().await.map_err(jobhunter_ops::Error::from)?;
    tracing::info!("settings saved from the desktop");
    get(state).await
}

/// The highest daily cap on questions to the model the Settings accept.
pub const MAX_DAILY_LLM_CALLS: u32 = 10_000;

fn check_http_url(field: &str, url: &str) -> CommandResult<()> {
    Ok(jobhunter_ops::notify::channel::check_http_url(field, url)?)
}

/// Stores (or, when `api_key` is `None` or blank, removes) the LLM API key in the OS keyring,
/// off the async workers: the keyring is synchronous and may ask the user.
pub async fn save_api_key(api: &Api, api_key: Option<String>) -> CommandResult<bool> {
    let api = api.clone();
    tokio::task::spawn_blocking(move || save_key(&api, api_key.as_deref()))
        .await
        .map_err(|e| CommandError::new(ErrorCode::Internal, e.to_string()))?
}

/// Settings key: whether the app has said, the first time its window was closed, that it keeps
/// running in the tray.
pub const TRAY_CLOSE_HINT_SHOWN: &str = "tray.close_hint_shown";

/// Whether the "still running in the tray" hint is due: `true` the first time it is asked
/// (and recorded then, in the same statement, so it is said once per data dir), `false` after.
pub async fn take_close_hint(api: &Api) -> CommandResult<bool> {
    let now = api.engine.clock().now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let done = sqlx::query(
        "INSERT INTO settings (key, value, updated_at) VALUES (?, 'true', ?) ON CONFLICT (key) DO NOTHING",
    )
    .bind(TRAY_CLOSE_HINT_SHOWN)
    .bind(now)
    .execute(api.engine.store().pool())
    .await
    .map_err(|e| CommandError::new(ErrorCode::Database, format!("{TRAY_CLOSE_HINT_SHOWN}: {e}")))?;
    Ok(done.rows_affected() == 1)
}

/// What the desktop says the first time its window is closed.
pub const CLOSE_HINT: &str =
    "JobHunter is still running in the tray; hunts run on schedule. Quit from the tray menu.";

#[cfg(test)]
mod tests {
    use jobhunter_ops::notify::SecretStore as _;

    use super::*;
    use crate::test_support::state;

    #[tokio::test]
    async fn defaults_then_a_round_trip_then_field_errors() {
        let (_dir, state) = state().await;
        let defaults = get(&state).await.unwrap();
        assert_eq!(defaults.sources.len(), Board::ALL.len());
        assert!(defaults.sources.iter().all(|s| s.enabled && s.base_url.is_none()));
        assert_eq!((defaults.retention_days, defaults.daily_apply_cap, defaults.dry_run), (30, 10, false));
        assert!(defaults.llm.is_none());

        let mut input = defaults.clone();
        let greenhouse = input.sources.iter_mut().find(|s| s.name == "greenhouse").unwrap();
        greenhouse.base_url = Some("http://127.0.0.1:9/".into());
        input.sources.iter_mut().find(|s| s.name == "remoteok").unwrap().enabled = false;
        input.llm = Some(LlmSettings {
            enabled: true,
            base_url: "http://127.0.0.1:11434/v1".into(),
            model: "llama3".into(),
            api_key_env: Some("OPENAI_API_KEY".into()),
            weight: 0.3,
            timeout_secs: 20,
            rerank_top: 10,
            daily_call_cap: 25,
            daily_token_budget: Some(40_000),
        });
        input.retention_days = 7;
        input.dry_run = true;
        let saved = save(&state, input).await.unwrap();
        let greenhouse = saved.sources.iter().find(|s| s.name == "greenhouse").unwrap();
        assert_eq!(greenhouse.base_url.as_deref(), Some("http://127.0.0.1:9"));
        assert!(!saved.sources.iter().find(|s| s.name == "remoteok").unwrap().enabled);
        assert_eq!(saved.retention_days, 7);
        assert!(saved.dry_run);
        assert_eq!(saved.llm.as_ref().unwrap().model, "llama3");
        assert_eq!(saved.llm.as_ref().unwrap().daily_call_cap, 25);
        assert_eq!(saved.llm.as_ref().unwrap().daily_token_budget, Some(40_000));
        assert_eq!((saved.llm_calls_today, saved.llm_tokens_today), (0, 0));
        // Today's questions to the model, as re-ranking logged them (yesterday's do not count).
        let today = jobhunter_ops::rerank::utc_day(state.engine.clock().now());
        for (day, tokens) in [(today, 300), (today, 200), (today.pred_opt().unwrap(), 999)] {
            sqlx::query(
                "INSERT INTO llm_rerank_cache (job_id, profile_id, profile_hash, model, job_hash, asked_on, \
                 asked_at, tokens) VALUES ('j', 'p', 'h', 'llama3', 'jh', ?, '', ?)",
            )
            .bind(day.format("%Y-%m-%d").to_string())
            .bind(tokens)
            .execute(state.engine.store().pool())
            .await
            .unwrap();
        }
        let saved = get(&state).await.unwrap();
        assert_eq!((saved.llm_calls_today, saved.llm_tokens_today), (2, 500));
        // What the operations read.
        let pool = state.engine.store().pool();
        let disabled: Vec<String> = settings::get(pool, settings::SOURCES_DISABLED).await.unwrap().unwrap();
        assert_eq!(disabled, ["remoteok"]);
        assert!(jobhunter_ops::llm::config(pool).await.is_some());

        let mut bad = saved.clone();
        bad.retention_days = 0;
        let e = save(&state, bad).await.unwrap_err();
        assert!(e.message.starts_with("retentionDays:"), "{}", e.message);
        let mut bad = saved.clone();
        bad.sources[0].base_url = Some("ftp://x".into());
        let e = save(&state, bad).await.unwrap_err();
        assert!(e.message.starts_with("sources[0].baseUrl:"), "{}", e.message);
        let mut bad = saved.clone();
        bad.llm.as_mut().unwrap().weight = 3.0;
        let e = save(&state, bad).await.unwrap_err();
        assert!(e.message.starts_with("llm.weight:"), "{}", e.message);
        let mut bad = saved.clone();
        bad.llm.as_mut().unwrap().daily_call_cap = 0;
        let e = save(&state, bad).await.unwrap_err();
        assert!(e.message.starts_with("llm.dailyCallCap:"), "{}", e.message);
        // Nothing of a refused save was stored.
        assert_eq!(get(&state).await.unwrap(), saved);

        // The API key goes to the secret store, never to the settings table.
        let memory = std::sync::Arc::new(jobhunter_ops::notify::MemorySecretStore::default());
        jobhunter_ops::notify::install(
            &state.engine,
            jobhunter_ops::notify::NotifyDeps::default().with_secrets(memory.clone()),
        );
        assert!(!get(&state).await.unwrap().llm_api_key_stored);
        assert!(save_key(&state, Some(" sk-secret ")).unwrap());
        assert_eq!(memory.get(LLM_API_KEY).unwrap().as_deref(), Some("sk-secret"));
        assert!(get(&state).await.unwrap().llm_api_key_stored);
        let values: Vec<String> =
            sqlx::query_scalar("SELECT value FROM settings").fetch_all(pool).await.unwrap();
        assert!(values.iter().all(|v| !v.contains("sk-secret")));
        assert!(!save_key(&state, Some("  ")).unwrap());
        assert_eq!(memory.get(LLM_API_KEY).unwrap(), None);

        let mut off = get(&state).await.unwrap();
        off.llm = None;
        assert!(save(&state, off).await.unwrap().llm.is_none());
        state.engine.close().await.unwrap();
    }

    #[tokio::test]
    async fn the_close_hint_is_due_once() {
        let (_dir, state) = state().await;
        assert!(take_close_hint(&state).await.unwrap());
        assert!(!take_close_hint(&state).await.unwrap());
        let shown: Option<bool> =
            settings::get(state.engine.store().pool(), TRAY_CLOSE_HINT_SHOWN).await.unwrap();
        assert_eq!(shown, Some(true));
        state.engine.close().await.unwrap();
    }
}
