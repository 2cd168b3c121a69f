//! Notification channels on the Settings screen: list, add, delete and "send test". The SMTP
//! password goes to the OS keyring (through the notifier's secret store), never to SQLite.

use jobhunter_ops::notify::{Channel, ChannelConfig, NotificationRecord, Notifier};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{CommandError, CommandResult};
use crate::Api;
use crate::ErrorCode;

/// A channel as the UI shows it: its configuration, never a secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ChannelDto {
    pub name: String,
    /// `desktop`, `email` or `webhook`.
    pub kind: String,
    /// The kind's fields (email: `to`, `from`, `smtp_host`, `smtp_port`, `smtp_user`, `tls`;
    /// webhook: `url`).
    pub config: Value,
    /// Whether an SMTP password is stored in the keyring for it.
    pub has_password: bool,
}

/// A channel to add.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ChannelInput {
    pub name: String,
    /// `email` or `webhook` (the desktop channel is built in).
    pub kind: String,
    /// The kind's fields as a JSON object (see [`ChannelDto::config`]).
    pub config_json: Option<String>,
    /// The SMTP password (email channels with `smtp_user`), stored in the OS keyring.
    pub password: Option<String>,
}

/// One delivery attempt (a test notification).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryDto {
    pub channel: String,
    /// `sent`, `failed` or `skipped`.
    pub status: String,
    /// Why it failed or was skipped.
    pub error: Option<String>,
}

fn dto(notifier: &Notifier, c: Channel) -> ChannelDto {
    let mut config = serde_json::to_value(&c.config).unwrap_or(Value::Null);
    if let Some(map) = config.as_object_mut() {
        map.remove("kind");
        // A webhook URL holds its token: the UI gets the scheme and host only.
        if let ChannelConfig::Webhook(w) = &c.config {
            map.insert("url".into(), Value::String(jobhunter_ops::notify::webhook::redact(&w.url)));
        }
    }
    let has_password = matches!(&c.config, ChannelConfig::Email(e) if e.smtp_user.is_some())
        && notifier.has_smtp_password(&c.name);
    ChannelDto { kind: c.kind().as_str().to_owned(), name: c.name, config, has_password }
}

/// The command's logic, without Tauri.
pub async fn list(state: &Api) -> CommandResult<Vec<ChannelDto>> {
    let notifier = Notifier::for_engine(&state.engine);
    let channels = notifier.channels().await?;
    // `dto` asks the keyring (synchronous) about email channels: off the async workers.
    tokio::task::spawn_blocking(move || channels.into_iter().map(|c| dto(&notifier, c)).collect())
        .await
        .map_err(|e| CommandError::new(ErrorCode::Internal, e.to_string()))
}

/// The command's logic, without Tauri.
pub async fn save(state: &Api, input: ChannelInput) -> CommandResult<ChannelDto> {
    let mut fields = match crate::error::parse_json_arg("configJson", input.config_json.as_deref())? {
        None => serde_json::Map::new(),
        Some(Value::Object(map)) => map,
        Some(_) => return Err(CommandError::invalid("configJson", "must be a JSON object")),
    };
    fields.insert("kind".into(), Value::String(input.kind.trim().to_owned()));
    let config: ChannelConfig = serde_json::from_value(Value::Object(fields))
        .map_err(|e| CommandError::invalid("config", e.to_string().replace('`', "")))?;
    let notifier = Notifier::for_engine(&state.engine);
    let password = input.password.as_deref().filter(|p| !p.is_empty());
    let channel = notifier.add_channel(input.name.trim(), config, password).await?;
    tracing::info!(channel = %channel.name, "channel added from the desktop");
    Ok(dto(&notifier, channel))
}

/// The command's logic, without Tauri.
pub async fn test(state: &Api, name: &str) -> CommandResult<DeliveryDto> {
    let record: NotificationRecord = Notifier::for_engine(&state.engine).send_test(name).await?;
    Ok(DeliveryDto {
        channel: record.channel,
        status: record.status.as_str().to_owned(),
        error: record.error.or(record.reason),
    })
}

/// Deletes channel `name` (its rules go too).
pub async fn delete(api: &Api, name: &str) -> CommandResult<()> {
    Ok(Notifier::for_engine(&api.engine).delete_channel(name).await?)
}

#[cfg(test)]
mod tests {
    use jobhunter_testkit::{FixtureServer, Reply};

    use super::*;
    use crate::test_support::state;

    #[tokio::test]
    async fn add_test_and_delete_a_webhook_channel() {
        let (_dir, state) = state().await;
        let hook = FixtureServer::default();
        hook.route("/hook", vec![Reply::json("{}")]);
        let base = hook.start().await;
        let listed = list(&state).await.unwrap();
        assert_eq!(listed.iter().map(|c| c.kind.as_str()).collect::<Vec<_>>(), ["desktop"]);

        let input = ChannelInput {
            name: "team-hook".into(),
            kind: "webhook".into(),
            config_json: Some(format!(r#"{{"url": "{}/hook"}}"#, base)),
            password: None,
        };
        let added = save(&state, input.clone()).await.unwrap();
        // The URL's path (where webhooks keep their token) never reaches the UI.
        assert_eq!(added.config["url"], format!("{base}/..."));
        assert!(list(&state).await.unwrap().iter().all(|c| !c.config.to_string().contains("/hook")));
        assert!(!added.has_password);

        let delivery = test(&state, "team-hook").await.unwrap();
        assert_eq!(delivery.status, "sent", "{delivery:?}");
        let requests = hook.requests("/hook");
        assert_eq!(requests.len(), 1);
        assert!(requests[0].body.contains("test notification"), "{}", requests[0].body);

        let e = save(
            &state,
            ChannelInput {
                config_json: Some(r#"{"url": "ftp://x"}"#.into()),
                name: "b".into(),
                ..input.clone()
            },
        )
        .await
        .unwrap_err();
        assert!(e.message.starts_with("url:"), "{}", e.message);
        let e = save(&state, ChannelInput { config_json: Some("{}".into()), name: "c".into(), ..input })
            .await
            .unwrap_err();
        assert!(e.message.starts_with("config:") && e.message.contains("url"), "{}", e.message);

        delete_channel_inner(&state, "team-hook").await;
        assert_eq!(list(&state).await.unwrap().len(), 1);
        state.engine.close().await.unwrap();
    }

    async fn delete_channel_inner(state: &Api, name: &str) {
        Notifier::for_engine(&state.engine).delete_channel(name).await.unwrap();
    }
}
