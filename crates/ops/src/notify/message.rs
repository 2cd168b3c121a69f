//! What is delivered: a [`Notice`] (title, message, level and where it came from), rendered
//! by each channel in its own way.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How important a notification is; webhooks carry it, email puts it in the subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    #[default]
    Info,
    Success,
    Warning,
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Success => "success",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "info" => Self::Info,
            "success" => Self::Success,
            "warning" => Self::Warning,
            "error" => Self::Error,
            _ => return None,
        })
    }
}

/// One notification, before it goes to a channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub title: String,
    pub message: String,
    pub level: Level,
    /// Why it is sent: a rule trigger (`failed`, `high_match`, ...), `notify`, `test`, `digest`.
    pub trigger: String,
    pub flow_run_id: Option<String>,
    pub flow_name: Option<String>,
    pub deployment_id: Option<String>,
    /// The screen of the app the notification is about (`/jobs/<id>`, `/runs/<id>`, ...): a
    /// click on the desktop notification opens it. `None`: the app opens where it was.
    pub route: Option<String>,
}

impl Notice {
    pub fn new(title: impl Into<String>, message: impl Into<String>, level: Level, trigger: &str) -> Self {
        Self {
            title: title.into(),
            message: message.into(),
            level,
            trigger: trigger.to_owned(),
            flow_run_id: None,
            flow_name: None,
            deployment_id: None,
            route: None,
        }
    }

    /// The same notice, opening `route` when clicked.
    pub fn with_route(mut self, route: impl Into<String>) -> Self {
        self.route = Some(route.into());
        self
    }

    /// Plain-text rendering: the message and, when known, the flow run it is about.
    pub fn body_text(&self) -> String {
        let mut text = self.message.clone();
        if let Some(id) = &self.flow_run_id {
            let flow = self.flow_name.as_deref().map(|f| format!(" of flow {f}")).unwrap_or_default();
            text.push_str(&format!("\n\nFlow run {id}{flow}."));
        }
        text
    }
}

/// The app's screens a notification can open (hash routes of the UI's router, without `#`).
pub mod route {
    /// Percent-encodes `id` for one path segment or query value (the router decodes it).
    fn encode(id: &str) -> String {
        let mut out = String::with_capacity(id.len());
        for b in id.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }

    /// A job's page.
    pub fn job(id: &str) -> String {
        format!("/jobs/{}", encode(id))
    }

    /// A flow run's page (Automation > Runs).
    pub fn run(id: &str) -> String {
        format!("/runs/{}", encode(id))
    }

    /// The jobs list showing the jobs a hunt found new (the `hunt` filter of the Jobs screen).
    pub fn hunt_jobs(flow_run_id: &str) -> String {
        format!("/jobs?hunt={}", encode(flow_run_id))
    }

    /// One application on the Applications board.
    pub fn application(id: &str) -> String {
        format!("/applications/{}", encode(id))
    }

    /// The Applications board.
    pub const APPLICATIONS: &str = "/applications";

    /// Whether `route` is one the app can open: a path starting with `/`, of URL-safe
    /// characters only (so that it can be put in the address without escaping).
    pub fn is_valid(route: &str) -> bool {
        route.starts_with('/')
            && route.len() <= 512
            && route.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~/?=&%".contains(&b))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn routes_are_encoded_and_valid() {
            assert_eq!(job("greenhouse:acme/42"), "/jobs/greenhouse%3Aacme%2F42");
            assert_eq!(run("0193-ab"), "/runs/0193-ab");
            assert_eq!(hunt_jobs("r 1"), "/jobs?hunt=r%201");
            assert_eq!(application("7"), "/applications/7");
            for r in [job("a:b"), run("x"), hunt_jobs("y"), application("z"), APPLICATIONS.into()] {
                assert!(is_valid(&r), "{r}");
            }
            assert!(!is_valid("jobs/1"));
            assert!(!is_valid("/jobs/'; alert(1); '"));
            assert!(!is_valid("/jobs/\"x\""));
        }
    }
}
