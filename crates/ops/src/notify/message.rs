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
        }
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
