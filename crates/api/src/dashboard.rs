//! The dashboard's run-health chart: finished flow runs per day by outcome.

use std::collections::BTreeMap;

use chrono::{Duration, Local, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{CommandError, CommandResult};
use crate::Api;

/// One day of the chart (the user's local calendar day).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RunHealthDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub completed: u32,
    pub failed: u32,
    pub crashed: u32,
    pub cancelled: u32,
}

/// The command's logic, without Tauri; `today` is the user's local date.
pub async fn health(state: &Api, days: u32, today: NaiveDate) -> CommandResult<Vec<RunHealthDay>> {
    if !(1..=90).contains(&days) {
        return Err(CommandError::invalid("days", format!("must be between 1 and 90, got {days}")));
    }
    let first = today - Duration::days(i64::from(days) - 1);
    // A day of margin on each side of the zone offset; days outside the window are dropped.
    let since = (first - Duration::days(1)).and_hms_opt(0, 0, 0).expect("midnight exists").and_utc();
    let mut by_day: BTreeMap<NaiveDate, RunHealthDay> = (0..days)
        .map(|i| {
            let d = first + Duration::days(i64::from(i));
            (d, RunHealthDay { date: d.to_string(), ..Default::default() })
        })
        .collect();
    for (day, state_type, n) in state.engine.store().flow_runs_per_day(since).await? {
        let Ok(date) = day.parse::<NaiveDate>() else { continue };
        let Some(entry) = by_day.get_mut(&date) else { continue };
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        match state_type.as_str() {
            "COMPLETED" => entry.completed += n,
            "FAILED" => entry.failed += n,
            "CRASHED" => entry.crashed += n,
            _ => entry.cancelled += n,
        }
    }
    let days: Vec<RunHealthDay> = by_day.into_values().collect();
    let runs: u32 = days.iter().map(|d| d.completed + d.failed + d.crashed + d.cancelled).sum();
    // scripts/smoke-desktop waits for this line: the dashboard's script ran and its call passed.
    tracing::debug!(days = days.len(), runs, "run health");
    Ok(days)
}

/// [`health`] over the `days` days up to today, in the machine's time zone.
pub async fn health_until_today(api: &Api, days: u32) -> CommandResult<Vec<RunHealthDay>> {
    health(api, days, Local::now().date_naive()).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{state, wait_until_finished};

    #[tokio::test]
    async fn counts_finished_runs_per_day() {
        let (_dir, state) = state().await;
        let today = Local::now().date_naive();
        let empty = health(&state, 7, today).await.unwrap();
        assert_eq!(empty.len(), 7);
        assert_eq!(empty.last().unwrap().date, today.to_string());
        assert!(empty.iter().all(|d| d.completed + d.failed + d.crashed + d.cancelled == 0));

        let ok = crate::flows::start(&state, "maintenance", None).await.unwrap();
        wait_until_finished(&state, &ok).await;
        let bad = crate::flows::start(&state, "maintenance", Some(r#"{"cleanup_days": 0}"#)).await.unwrap();
        assert_eq!(
            wait_until_finished(&state, &bad).await.run.state_type,
            jobhunter_engine::StateType::Failed
        );
        let days = health(&state, 30, today).await.unwrap();
        assert_eq!(days.len(), 30);
        let last = days.last().unwrap();
        assert_eq!((last.completed, last.failed), (1, 1), "{days:?}");
        assert_eq!(days.iter().map(|d| d.completed).sum::<u32>(), 1);

        assert!(health(&state, 0, today).await.unwrap_err().message.starts_with("days:"));
        assert!(health(&state, 91, today).await.is_err());
        state.engine.close().await.unwrap();
    }
}
