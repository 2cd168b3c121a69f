//! Optional LLM re-ranking of matches through any OpenAI-compatible chat endpoint (for example
//! a local model server). Off by default: it runs only when the `llm` setting is present and
//! not `enabled: false`. The key is never stored: the setting names the environment variable
//! holding it. The LLM can never fail a match: any error keeps the deterministic score and is
//! noted in the explanation. The re-ranking itself (top N, the answers' cache, the daily cost
//! cap) is in [`crate::rerank`].

use std::time::Duration;

use jobhunter_jobs::profile::Profile;
use jobhunter_jobs::store::JobRecord;
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

use crate::settings;

/// Characters of the job description sent to the model.
pub(crate) const DESCRIPTION_CHARS: usize = 1500;

/// The `llm` setting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LlmConfig {
    /// `false` turns re-ranking off while keeping the configuration.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The API root, e.g. `http://127.0.0.1:11434/v1`; `/chat/completions` is appended.
    pub base_url: String,
    pub model: String,
    /// The NAME of an environment variable holding the API key (sent as `Authorization:
    /// Bearer`); without it (or when it is empty) the key stored in the OS keyring from
    /// Settings is sent, if any.
    #[serde(default)]
    pub api_key_env: Option<String>,
    /// How much the model's score counts, 0..1.
    #[serde(default = "default_weight")]
    pub weight: f64,
    #[serde(default = "default_timeout")]
    pub timeout_secs: u64,
    /// Only the best N deterministic matches are re-ranked.
    #[serde(default = "default_top")]
    pub rerank_top: usize,
    /// The cost cap: at most this many questions to the model per UTC day for re-ranking
    /// (answers reused from the cache do not count). 0 asks nothing.
    #[serde(default = "default_daily_calls")]
    pub daily_call_cap: u32,
    /// An optional second cap: no new question once this many tokens were used on the UTC day
    /// (as the endpoint reports them, else estimated at 4 characters a token).
    #[serde(default)]
    pub daily_token_budget: Option<u64>,
}

fn yes() -> bool {
    true
}
fn default_weight() -> f64 {
    0.3
}
fn default_timeout() -> u64 {
    30
}
fn default_top() -> usize {
    DEFAULT_RERANK_TOP
}
fn default_daily_calls() -> u32 {
    DEFAULT_DAILY_CALL_CAP
}

/// The best N matches re-ranked when the setting does not say.
pub const DEFAULT_RERANK_TOP: usize = 10;
/// Questions to the model per day when the setting does not say.
pub const DEFAULT_DAILY_CALL_CAP: u32 = 50;

impl LlmConfig {
    fn validate(&self) -> Result<(), String> {
        if self.base_url.trim().is_empty() || reqwest::Url::parse(self.base_url.trim()).is_err() {
            return Err(format!("base_url: not a URL: '{}'", self.base_url));
        }
        if self.model.trim().is_empty() {
            return Err("model: empty".into());
        }
        if !(0.0..=1.0).contains(&self.weight) {
            return Err(format!("weight: must be within 0..1, got {}", self.weight));
        }
        if self.timeout_secs == 0 {
            return Err("timeout_secs: must be at least 1".into());
        }
        Ok(())
    }
}

/// The configuration when re-ranking is on; `None` when it is off (no setting, `enabled:
/// false`, `rerank_top: 0`) or the setting is unusable (logged, never an error).
pub async fn config(pool: &SqlitePool) -> Option<LlmConfig> {
    configured(pool).await.filter(|c| c.rerank_top > 0)
}

/// The configuration when a model is set up and on (for any use, re-ranking or reading a CV);
/// `None` when there is no setting, it says `enabled: false`, or it is unusable (logged, never
/// an error).
pub async fn configured(pool: &SqlitePool) -> Option<LlmConfig> {
    let config: LlmConfig = match settings::get(pool, settings::LLM).await {
        Ok(Some(c)) => c,
        Ok(None) => return None,
        Err(e) => {
            tracing::warn!(error = %e, "llm off: unreadable setting");
            return None;
        }
    };
    if !config.enabled {
        return None;
    }
    if let Err(e) = config.validate() {
        tracing::warn!(error = %e, "llm off: invalid setting");
        return None;
    }
    Some(config)
}

/// The API key the user stored in the OS keyring from Settings, when it may be sent to this
/// client's endpoint ([`LlmClient::key_may_travel`]); `None` otherwise or when there is none.
pub async fn stored_key(engine: &jobhunter_engine::Engine, client: &LlmClient) -> Option<String> {
    if !client.key_may_travel() {
        return None;
    }
    let secrets = crate::notify::installed_deps(engine).secrets;
    // The keyring is synchronous: off the async workers.
    match tokio::task::spawn_blocking(move || secrets.get(crate::notify::LLM_API_KEY)).await {
        Ok(Ok(key)) => key,
        Ok(Err(e)) => {
            tracing::debug!(error = %e, "no LLM API key from the secret store");
            None
        }
        Err(e) => {
            tracing::warn!(error = %e, "reading the LLM API key failed");
            None
        }
    }
}

/// What the model is told about the candidate.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileSummary {
    pub label: Option<String>,
    pub skills: Vec<String>,
    pub keywords: Vec<String>,
}

impl From<&Profile> for ProfileSummary {
    fn from(p: &Profile) -> Self {
        let mut skills = Vec::new();
        for s in &p.resume.skills {
            skills.push(s.name.clone());
            skills.extend(s.keywords.iter().cloned());
        }
        skills.dedup();
        Self { label: p.resume.basics.label.clone(), skills, keywords: p.preferences.keywords.clone() }
    }
}

/// The model's usable answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Opinion {
    pub score: f64,
    pub reason: String,
}

/// Why the model gave no usable answer; `unreachable` errors stop asking for the rest of a batch.
#[derive(Debug, Clone)]
pub struct Failure {
    pub message: String,
    pub unreachable: bool,
}

impl Failure {
    pub(crate) fn answer(message: impl Into<String>) -> Self {
        Self { message: message.into(), unreachable: false }
    }
}

pub(crate) const SYSTEM_PROMPT: &str = "You rate how well a job posting fits a candidate. Use only the \
information given. Answer with a single JSON object and nothing else: \
{\"score\": <number from 0 to 1>, \"reason\": \"<one short sentence>\"}. \
0 means no fit at all, 1 a perfect fit.";

/// One answer's text and the tokens the endpoint says it used (`None`: not reported).
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    pub content: String,
    pub tokens: Option<u64>,
}

/// A chat-completions client for one configuration.
pub struct LlmClient {
    http: reqwest::Client,
    url: String,
    key: Option<String>,
    config: LlmConfig,
}

impl LlmClient {
    pub fn new(config: LlmConfig) -> Result<Self, String> {
        crate::notify::install_crypto_provider();
        let timeout = Duration::from_secs(config.timeout_secs);
        let http = reqwest::Client::builder()
            .user_agent(jobhunter_jobs::fetch::USER_AGENT)
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        let key = config
            .api_key_env
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .and_then(|n| std::env::var(n.trim()).ok())
            .filter(|k| !k.trim().is_empty());
        let url = format!("{}/chat/completions", config.base_url.trim().trim_end_matches('/'));
        Ok(Self { http, url, key, config })
    }

    pub fn config(&self) -> &LlmConfig {
        &self.config
    }

    /// Whether the key stored in the keyring may be sent to this endpoint: over https, or
    /// plain http to this machine only (a local model server).
    pub fn key_may_travel(&self) -> bool {
        match reqwest::Url::parse(&self.url) {
            Ok(u) if u.scheme() == "https" => true,
            Ok(u) if u.scheme() == "http" => match u.host_str() {
                Some("localhost") => true,
                Some(host) => host
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback()),
                None => false,
            },
            _ => false,
        }
    }

    /// Uses `key` when the configuration's environment variable gave none (the key the user
    /// stored in the OS keyring from Settings).
    pub fn with_fallback_key(mut self, key: impl FnOnce() -> Option<String>) -> Self {
        if self.key.is_none() {
            self.key = key().filter(|k| !k.trim().is_empty());
        }
        self
    }

    /// The request body for one job (what the model sees).
    pub fn request_body(&self, profile: &ProfileSummary, job: &JobRecord) -> serde_json::Value {
        let description: String = job.description.chars().take(DESCRIPTION_CHARS).collect();
        let user = serde_json::json!({
            "candidate": profile,
            "job": {"title": job.title, "company": job.company, "description": description},
        });
        serde_json::json!({
            "model": self.config.model,
            "temperature": 0,
            "stream": false,
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": user.to_string()},
            ],
        })
    }

    /// Asks the model about one job.
    pub async fn rate(&self, profile: &ProfileSummary, job: &JobRecord) -> Result<Opinion, Failure> {
        let content = self.complete(&self.request_body(profile, job), None).await?;
        parse_answer(&content).map_err(Failure::answer)
    }

    /// Sends one chat-completions request `body` (with `timeout` instead of the configured one
    /// when given) and returns the answer's text.
    pub async fn complete(
        &self,
        body: &serde_json::Value,
        timeout: Option<Duration>,
    ) -> Result<String, Failure> {
        self.complete_with_usage(body, timeout).await.map(|c| c.content)
    }

    /// [`Self::complete`], with the tokens the endpoint reports (`usage.total_tokens`).
    pub async fn complete_with_usage(
        &self,
        body: &serde_json::Value,
        timeout: Option<Duration>,
    ) -> Result<Completion, Failure> {
        let mut request = self.http.post(&self.url).json(body);
        if let Some(timeout) = timeout {
            request = request.timeout(timeout);
        }
        if let Some(key) = &self.key {
            request = request.bearer_auth(key);
        }
        let response = request.send().await.map_err(|e| Failure {
            message: format!(
                "endpoint unreachable: {}",
                if e.is_timeout() { "timed out".into() } else { e.to_string() }
            ),
            unreachable: true,
        })?;
        let status = response.status();
        if !status.is_success() {
            return Err(Failure {
                message: format!("endpoint answered HTTP {}", status.as_u16()),
                // Auth and missing model/route errors repeat for every job.
                unreachable: matches!(status.as_u16(), 401 | 403 | 404),
            });
        }
        let body: serde_json::Value =
            response.json().await.map_err(|e| Failure::answer(format!("unreadable response: {e}")))?;
        let content = body
            .pointer("/choices/0/message/content")
            .and_then(|c| c.as_str())
            .ok_or_else(|| Failure::answer("response has no choices[0].message.content"))?;
        let tokens = body.pointer("/usage/total_tokens").and_then(|t| t.as_u64());
        Ok(Completion { content: content.to_owned(), tokens })
    }
}

/// Parses `{"score": 0..1, "reason": "..."}` from the model's text, tolerating code fences and
/// prose around the object.
pub fn parse_answer(content: &str) -> Result<Opinion, String> {
    let (start, end) = match (content.find('{'), content.rfind('}')) {
        (Some(s), Some(e)) if s < e => (s, e),
        _ => return Err(format!("answer is not JSON: {}", excerpt(content))),
    };
    let value: serde_json::Value = serde_json::from_str(&content[start..=end])
        .map_err(|_| format!("answer is not JSON: {}", excerpt(content)))?;
    let score = match value.get("score") {
        Some(serde_json::Value::Number(n)) => n.as_f64(),
        Some(serde_json::Value::String(s)) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
    .ok_or_else(|| format!("answer has no numeric score: {}", excerpt(content)))?;
    if !score.is_finite() || !(0.0..=1.0).contains(&score) {
        return Err(format!("answer's score {score} is outside 0..1"));
    }
    let reason = value.get("reason").and_then(|r| r.as_str()).unwrap_or_default().trim();
    let reason: String = reason.chars().take(300).collect();
    Ok(Opinion { score, reason })
}

fn excerpt(s: &str) -> String {
    let s = s.trim();
    let short: String = s.chars().take(80).collect();
    if short.len() < s.len() {
        format!("'{short}...'")
    } else {
        format!("'{short}'")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_parsed_leniently_but_checked() {
        let fenced = "```json\n{\"score\": 0.8, \"reason\": \"Rust backend, fits\"}\n```";
        assert_eq!(
            parse_answer(fenced).unwrap(),
            Opinion { score: 0.8, reason: "Rust backend, fits".into() }
        );
        assert_eq!(parse_answer("Sure! {\"score\": \"0.25\"}").unwrap().score, 0.25);
        assert!(parse_answer("{\"score\": 1.5, \"reason\": \"x\"}").unwrap_err().contains("outside 0..1"));
        assert!(parse_answer("{\"reason\": \"x\"}").unwrap_err().contains("no numeric score"));
        assert!(parse_answer("I think it fits well").unwrap_err().contains("not JSON"));
    }

    #[test]
    fn the_stored_key_goes_over_https_or_to_this_machine_only() {
        let client = |url: &str| {
            LlmClient::new(LlmConfig {
                enabled: true,
                base_url: url.into(),
                model: "m".into(),
                api_key_env: None,
                weight: 0.3,
                timeout_secs: 5,
                rerank_top: 1,
                daily_call_cap: 50,
                daily_token_budget: None,
            })
            .unwrap()
        };
        for ok in [
            "https://api.example.com/v1",
            "http://127.0.0.1:11434/v1",
            "http://localhost:8080",
            "http://[::1]:9/v1",
        ] {
            assert!(client(ok).key_may_travel(), "{ok}");
        }
        for no in ["http://api.example.com/v1", "http://192.168.1.20:11434/v1"] {
            assert!(!client(no).key_may_travel(), "{no}");
        }
    }
}
