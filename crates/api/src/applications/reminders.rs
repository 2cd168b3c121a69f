//! Follow-up reminders as desktop notifications: on the day (or at the next start, when the
//! app was not running that day) each due reminder is shown once, then marked reminded.

use chrono::{DateTime, TimeZone};
use jobhunter_ops::apply::{self as ops, Reminder};
use jobhunter_ops::notify::DesktopNotifier;

use crate::error::{CommandError, CommandResult};
use crate::Api;

/// The reminders due on the calendar day of `now` (in `now`'s zone: the user's) or earlier,
/// not yet notified, of open applications.
pub async fn due_reminders<Tz: TimeZone>(state: &Api, now: DateTime<Tz>) -> CommandResult<Vec<Reminder>> {
    Ok(ops::due_reminders(state.engine.store().pool(), now.date_naive()).await?)
}

/// Records that the reminder of application `id` was shown.
pub async fn mark_reminded(state: &Api, id: &str) -> CommandResult<()> {
    if id.trim().is_empty() {
        return Err(CommandError::invalid("id", "an application id is required"));
    }
    let now = state.engine.clock().now();
    if !ops::mark_reminded(state.engine.store().pool(), id, now).await? {
        return Err(CommandError::new(crate::ErrorCode::NotFound, format!("application '{id}' not found")));
    }
    Ok(())
}

/// The notification of a reminder: "Follow up: Rust Engineer at Acme".
fn message(r: &Reminder) -> (String, String) {
    let job = r.job_title.as_deref().unwrap_or("a job you applied to");
    let title = match r.company.as_deref() {
        Some(c) => format!("Follow up: {job} at {c}"),
        None => format!("Follow up: {job}"),
    };
    let body = format!(
        "You planned to follow up on this application on {}. Open Applications to see it.",
        r.follow_up_on
    );
    (title, body)
}

/// Shows every due reminder through `notifier`, once: a reminder is marked only when shown (a
/// failed notification is tried again at the next check). Returns how many were shown.
pub async fn notify_due<Tz: TimeZone>(
    state: &Api,
    notifier: &dyn DesktopNotifier,
    now: DateTime<Tz>,
) -> CommandResult<usize> {
    let mut shown = 0;
    for reminder in due_reminders(state, now).await? {
        let (title, body) = message(&reminder);
        // A click opens the board, where the due reminders are listed first.
        match notifier
            .show_routed(&title, &body, Some(jobhunter_ops::notify::message::route::APPLICATIONS))
            .await
        {
            Ok(()) => {
                mark_reminded(state, &reminder.application_id).await?;
                shown += 1;
            }
            Err(error) => {
                tracing::warn!(application = %reminder.application_id, %error, "a follow-up reminder was not shown")
            }
        }
    }
    Ok(shown)
}
