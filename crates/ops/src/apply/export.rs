//! The applications as CSV (RFC 4180: comma separated, CRLF line ends, fields quoted when they
//! hold a comma, a quote or a line break, quotes doubled), one row per application with its
//! stage history, notes and contacts in cells of one line each. Text that a spreadsheet would
//! run as a formula (`=`, `+`, `-`, `@` first) is prefixed with `'`: job titles and company
//! names come from postings on the web.

use super::tracker::{list, ApplicationView};
use super::Stage;
use crate::Result;
use sqlx::SqlitePool;

/// The header row.
pub const CSV_COLUMNS: [&str; 14] = [
    "Job",
    "Company",
    "Stage",
    "Applied on",
    "Applied via",
    "Follow-up on",
    "Added",
    "Last change",
    "Job link",
    "Stage history",
    "Notes",
    "Contacts",
    "Application id",
    "Job id",
];

/// One CSV field, quoted when needed.
pub fn csv_field(text: &str) -> String {
    let text = match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// One CSV record (without its line end).
pub fn csv_row<S: AsRef<str>>(fields: &[S]) -> String {
    fields.iter().map(|f| csv_field(f.as_ref())).collect::<Vec<_>>().join(",")
}

/// `2026-12-01T09:00:00.000000Z` -> `2026-12-01 09:00 UTC`.
fn when(ts: &str) -> String {
    match ts.get(..16) {
        Some(t) if ts.ends_with('Z') => format!("{} UTC", t.replace('T', " ")),
        _ => ts.to_owned(),
    }
}

fn stage_words(s: Stage) -> &'static str {
    match s {
        Stage::Wishlist => "Wishlist",
        Stage::Ready => "Ready",
        Stage::Applied => "Applied",
        Stage::Interview => "Interview",
        Stage::Offer => "Offer",
        Stage::Rejected => "Rejected",
        Stage::Withdrawn => "Withdrawn",
    }
}

fn channel_words(channel: Option<&str>) -> &str {
    match channel {
        None => "",
        Some("email") => "email",
        Some("url") => "apply page",
        Some("company_website") => "company website",
        Some("job_board") => "job board",
        Some("referral") => "referral",
        Some("other") => "other",
        Some(other) => other,
    }
}

fn history_cell(app: &ApplicationView) -> String {
    app.history
        .iter()
        .map(|e| {
            let change = match e.from_stage {
                None => format!("added at {}", stage_words(e.to_stage)),
                Some(from) if from == e.to_stage => format!("note at {}", stage_words(from)),
                Some(from) => format!("{} -> {}", stage_words(from), stage_words(e.to_stage)),
            };
            let note = e.note.as_deref().map(|n| format!(": {n}")).unwrap_or_default();
            format!("{} {change}{note}", when(&e.at))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn record(app: &ApplicationView, url: Option<&str>) -> Vec<String> {
    let notes = app.notes.iter().map(|n| format!("{}: {}", when(&n.created_at), n.body)).collect::<Vec<_>>();
    let contacts = app
        .contacts
        .iter()
        .map(|c| {
            [
                Some(c.name.as_str()),
                c.role.as_deref(),
                c.email.as_deref(),
                c.phone.as_deref(),
                c.note.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
        })
        .collect::<Vec<_>>();
    vec![
        app.job_title.clone().unwrap_or_default(),
        app.company.clone().unwrap_or_default(),
        stage_words(app.stage).to_owned(),
        app.applied_on.clone().unwrap_or_default(),
        channel_words(app.channel.as_deref()).to_owned(),
        app.follow_up_on.clone().unwrap_or_default(),
        when(&app.created_at),
        when(&app.updated_at),
        url.unwrap_or_default().to_owned(),
        history_cell(app),
        notes.join("\n"),
        contacts.join("\n"),
        app.id.clone(),
        app.job_id.clone(),
    ]
}

/// Every application, oldest first, as CSV text with a header row.
pub async fn export_csv(pool: &SqlitePool) -> Result<String> {
    let mut apps = list(pool, None).await?;
    apps.sort_by(|a, b| (&a.created_at, &a.id).cmp(&(&b.created_at, &b.id)));
    let mut out = csv_row(&CSV_COLUMNS);
    out.push_str("\r\n");
    for app in &apps {
        let url: Option<String> =
            sqlx::query_scalar("SELECT COALESCE(apply_url, url) FROM jobs WHERE id = ?")
                .bind(&app.job_id)
                .fetch_optional(pool)
                .await?
                .flatten();
        out.push_str(&csv_row(&record(app, url.as_deref())));
        out.push_str("\r\n");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-1"), "'-1");
        assert_eq!(csv_field(""), "");
        assert_eq!(csv_row(&["a", "b,c", ""]), "a,\"b,c\",");
    }
}
