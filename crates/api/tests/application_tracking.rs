//! Tracking applications through the API on a real SQLite database: "I applied" with its day,
//! the follow-up reminder (7 days later by default, shown once as a desktop notification, also
//! when it fell due while the app was not running), notes and contacts, the "don't apply
//! again" mark, the CSV export, and "Apply by email" (its confirmation, then the email through
//! a local SMTP server).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{Duration as Days, FixedOffset, TimeZone, Utc};
use jobhunter_api::{applications as api, Api};
use jobhunter_ops::apply::{AppliedVia, ContactInput, Stage};
use jobhunter_ops::notify::{
    self, ChannelConfig, DesktopNotifier, EmailConfig, MemorySecretStore, Notifier, NotifyDeps, TlsMode,
};
use jobhunter_testkit::smtp::{header, SmtpServer};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

fn deps() -> NotifyDeps {
    NotifyDeps::default()
        .with_secrets(Arc::new(MemorySecretStore::default()))
        .with_timeout(Duration::from_secs(2))
}

async fn open(dir: &tempfile::TempDir) -> Api {
    let api = Api::open(dir.path().to_path_buf()).await.expect("open");
    notify::install(&api.engine, deps());
    api
}

async fn job(api: &Api, id: &str, title: &str, company: &str, apply_email: Option<&str>) {
    let now = Utc::now().to_rfc3339();
    sqlx::query(
        "INSERT INTO jobs (id, dedupe_key, title, company, description_text, url, apply_email, first_seen, \
         last_seen) VALUES (?, ?, ?, ?, 'Build things.', 'https://jobs.example.org/1', ?, ?, ?)",
    )
    .bind(id)
    .bind(format!("{company}|{title}|{id}"))
    .bind(title)
    .bind(company)
    .bind(apply_email)
    .bind(&now)
    .bind(&now)
    .execute(api.engine.store().pool())
    .await
    .expect("job");
}

/// Records every notification shown.
#[derive(Default)]
struct Shown(Mutex<Vec<(String, String)>>);

impl DesktopNotifier for Shown {
    fn show(&self, title: &str, body: &str) -> jobhunter_ops::Result<()> {
        self.0.lock().unwrap().push((title.to_owned(), body.to_owned()));
        Ok(())
    }
}

#[tokio::test]
async fn i_applied_sets_the_day_and_a_reminder_shown_once() {
    let dir = tempfile::tempdir().unwrap();
    let api = open(&dir).await;
    job(&api, "job-1", "Rust Engineer", "Acme GmbH", None).await;
    job(&api, "job-2", "Data Engineer", "Crab Inc", None).await;

    // "I applied" ten days ago on the company website: created at applied, with that day.
    let ten_days_ago = (Utc::now() - Days::days(10)).date_naive();
    let on = ten_days_ago.format("%Y-%m-%d").to_string();
    let view =
        api::mark_applied(&api, "job-1", Some(&on), AppliedVia::CompanyWebsite, Some("via the portal"))
            .await
            .unwrap();
    assert_eq!(view.stage, Stage::Applied);
    assert_eq!(view.applied_on.as_deref(), Some(on.as_str()));
    assert_eq!(view.channel.as_deref(), Some("company_website"));
    let follow_up = (ten_days_ago + Days::days(7)).format("%Y-%m-%d").to_string();
    assert_eq!(view.follow_up_on.as_deref(), Some(follow_up.as_str()));
    let note = view.history[0].note.as_deref().unwrap();
    assert_eq!(note, format!("applied on the company website on {on}: via the portal"));
    assert!(api::for_job(&api, "job-1").await.unwrap().is_some());
    assert!(api::for_job(&api, "job-2").await.unwrap().is_none());

    // Errors name the field.
    let e = api::mark_applied(&api, "job-1", Some("yesterday"), AppliedVia::Email, None).await.unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("invalid_input", "date: 'yesterday' is not a date (YYYY-MM-DD)")
    );
    let future = (Utc::now() + Days::days(5)).format("%Y-%m-%d").to_string();
    let e = api::mark_applied(&api, "job-2", Some(&future), AppliedVia::Email, None).await.unwrap_err();
    assert!(e.message.starts_with("date: ") && e.message.ends_with("is in the future"), "{e:?}");
    let e = api::mark_applied(&api, "job-1", None, AppliedVia::Email, None).await.unwrap_err();
    assert_eq!(e.message, "stage: the application is already at applied");
    assert_eq!(
        api::mark_applied(&api, "nope", None, AppliedVia::Email, None).await.unwrap_err().code,
        "invalid_input"
    );

    // job-2 on the wishlist, then moved to applied on the board: today, reminder in 7 days.
    let wish = api::add(&api, "job-2", None).await.unwrap();
    assert_eq!((wish.applied_on.as_deref(), wish.follow_up_on.as_deref()), (None, None));
    let moved = api::move_to(&api, &wish.id, Stage::Applied, None).await.unwrap();
    let today = jobhunter_ops::apply::local_day(Utc::now());
    assert_eq!(moved.applied_on, Some(today.format("%Y-%m-%d").to_string()));
    assert_eq!(moved.follow_up_on, Some((today + Days::days(7)).format("%Y-%m-%d").to_string()));

    // The reminder of job-1 fell due three days ago, while the app was not running: it is
    // shown at the next check, once.
    let now = Utc::now().with_timezone(&FixedOffset::east_opt(0).unwrap());
    let due = api::due_reminders(&api, now).await.unwrap();
    assert_eq!(due.len(), 1, "{due:?}");
    assert_eq!(
        (due[0].application_id.as_str(), due[0].follow_up_on.as_str()),
        (view.id.as_str(), follow_up.as_str())
    );
    let shown = Shown::default();
    assert_eq!(api::notify_due(&api, &shown, now).await.unwrap(), 1);
    assert_eq!(api::notify_due(&api, &shown, now).await.unwrap(), 0, "once");
    let seen = shown.0.lock().unwrap().clone();
    assert_eq!(seen[0].0, "Follow up: Rust Engineer at Acme GmbH");
    assert!(seen[0].1.contains(&follow_up), "{seen:?}");
    assert!(api::get(&api, &view.id).await.unwrap().reminded_at.is_some());

    // A new day reminds again, on that day (the user's day: their zone decides).
    let tomorrow = (today + Days::days(1)).format("%Y-%m-%d").to_string();
    let set = api::set_follow_up(&api, &view.id, Some(&tomorrow)).await.unwrap();
    assert_eq!((set.follow_up_on.as_deref(), set.reminded_at.as_deref()), (Some(tomorrow.as_str()), None));
    assert!(api::due_reminders(&api, now).await.unwrap().is_empty());
    let next_day = FixedOffset::east_opt(0)
        .unwrap()
        .from_utc_datetime(&(today + Days::days(1)).and_hms_opt(8, 0, 0).unwrap());
    assert_eq!(api::due_reminders(&api, next_day).await.unwrap().len(), 1);
    // Cleared: never.
    let cleared = api::set_follow_up(&api, &view.id, None).await.unwrap();
    assert_eq!(cleared.follow_up_on, None);
    assert!(api::due_reminders(&api, next_day + Days::days(30))
        .await
        .unwrap()
        .iter()
        .all(|r| r.application_id != view.id));
    // A closed application is not reminded.
    api::set_follow_up(&api, &moved.id, Some(&on)).await.unwrap();
    assert_eq!(api::due_reminders(&api, now).await.unwrap().len(), 1);
    api::move_to(&api, &moved.id, Stage::Rejected, None).await.unwrap();
    assert!(api::due_reminders(&api, now).await.unwrap().is_empty());

    assert_eq!(api::set_follow_up(&api, "nope", None).await.unwrap_err().code, "not_found");
    assert_eq!(
        api::set_follow_up(&api, &view.id, Some("13/12/2026")).await.unwrap_err().message,
        "date: '13/12/2026' is not a date (YYYY-MM-DD)"
    );
    assert_eq!(api::mark_reminded(&api, "nope").await.unwrap_err().code, "not_found");
    api.engine.close().await.unwrap();
}

#[tokio::test]
async fn notes_and_contacts_are_kept_edited_and_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let api = open(&dir).await;
    job(&api, "job-1", "Rust Engineer", "Acme", None).await;
    let app = api::add(&api, "job-1", None).await.unwrap();

    let first = api::add_note(&api, &app.id, "  Called the recruiter.  ").await.unwrap();
    assert_eq!(first.body, "Called the recruiter.");
    api::add_note(&api, &app.id, "Second round on Monday").await.unwrap();
    api::update_note(&api, &first.id, "Called the recruiter, she will call back").await.unwrap();
    let view = api::get(&api, &app.id).await.unwrap();
    assert_eq!(
        view.notes.iter().map(|n| n.body.as_str()).collect::<Vec<_>>(),
        ["Called the recruiter, she will call back", "Second round on Monday"]
    );
    api::delete_note(&api, &first.id).await.unwrap();
    assert_eq!(api::get(&api, &app.id).await.unwrap().notes.len(), 1);
    assert_eq!(
        api::add_note(&api, &app.id, " ").await.unwrap_err().message,
        "body: the note's text is required"
    );
    assert_eq!(api::add_note(&api, "nope", "x").await.unwrap_err().code, "not_found");
    assert_eq!(api::delete_note(&api, &first.id).await.unwrap_err().code, "not_found");

    let contact = ContactInput {
        name: "Ada Lovelace".into(),
        role: Some("Recruiter".into()),
        email: Some("ada@acme.example".into()),
        phone: Some(" ".into()),
        note: None,
    };
    let added = api::add_contact(&api, &app.id, &contact).await.unwrap();
    assert_eq!((added.phone.as_deref(), added.role.as_deref()), (None, Some("Recruiter")));
    let changed = ContactInput { phone: Some("+49 30 1234".into()), ..contact.clone() };
    api::update_contact(&api, &added.id, &changed).await.unwrap();
    let view = api::get(&api, &app.id).await.unwrap();
    assert_eq!(view.contacts[0].phone.as_deref(), Some("+49 30 1234"));
    let bad = ContactInput { email: Some("ada at acme".into()), ..contact.clone() };
    assert_eq!(
        api::add_contact(&api, &app.id, &bad).await.unwrap_err().message,
        "email: 'ada at acme' is not an email address"
    );
    let nameless = ContactInput { name: " ".into(), ..contact };
    assert_eq!(
        api::add_contact(&api, &app.id, &nameless).await.unwrap_err().message,
        "name: a name is required"
    );
    api::delete_contact(&api, &added.id).await.unwrap();
    assert!(api::get(&api, &app.id).await.unwrap().contacts.is_empty());
    api.engine.close().await.unwrap();
}

#[tokio::test]
async fn the_export_is_csv_with_the_stage_history() {
    let dir = tempfile::tempdir().unwrap();
    let api = open(&dir).await;
    job(&api, "job-1", "Engineer, \"Platform\"", "=Acme", None).await;
    job(&api, "job-2", "Analyst", "Crab Inc", None).await;
    let a = api::add(&api, "job-1", Some("line one\nline two")).await.unwrap();
    api::move_to(&api, &a.id, Stage::Applied, None).await.unwrap();
    api::add_note(&api, &a.id, "Asked about remote, they said \"maybe\"").await.unwrap();
    api::add(&api, "job-2", None).await.unwrap();

    let csv = api::export_csv(&api).await.unwrap();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "Job,Company,Stage,Applied on,Applied via,Follow-up on,Added,Last change,Job link,Stage history,Notes,Contacts,Application id,Job id"
    );
    // Quotes doubled, commas and line breaks inside quotes, a formula defused.
    assert!(lines[1].starts_with("\"Engineer, \"\"Platform\"\"\",'=Acme,Applied,"), "{}", lines[1]);
    assert!(csv.contains("added at Wishlist: line one\nline two\n"), "{csv}");
    assert!(csv.contains("Wishlist -> Applied\""), "{csv}");
    assert!(csv.contains("Asked about remote, they said \"\"maybe\"\"\""), "{csv}");
    assert!(lines.iter().any(|l| l.starts_with("Analyst,Crab Inc,Wishlist,,,,")), "{csv}");
    assert!(csv.ends_with("\r\n"));

    let out = dir.path().join("downloads");
    let first = api::save_export(&api, &out).await.unwrap();
    let second = api::save_export(&api, &out).await.unwrap();
    assert_ne!(first, second, "nothing overwritten");
    let name = first.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("jobhunter-applications-") && name.ends_with(".csv"), "{name}");
    assert!(second.to_string_lossy().ends_with("-2.csv"));
    assert_eq!(std::fs::read_to_string(&first).unwrap(), csv);
    api.engine.close().await.unwrap();
}

/// An email account to `port`, the profile, and an approved CV for `job_id`.
async fn ready_to_email(api: &Api, dir: &tempfile::TempDir, port: u16, job_id: &str) {
    let pool = api.engine.store().pool();
    let profile =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/profile.json"))
            .unwrap();
    jobhunter_ops::profile::import(pool, &profile, Utc::now()).await.unwrap();
    let path = dir.path().join(format!("cv-{job_id}.pdf"));
    std::fs::write(&path, PDF).unwrap();
    sqlx::query(
        "INSERT INTO documents (id, job_id, kind, format, path, approved, created_at) VALUES (?, ?, 'cv', 'pdf', ?, 1, ?)",
    )
    .bind(format!("cv-{job_id}"))
    .bind(job_id)
    .bind(path.to_string_lossy().as_ref())
    .bind(Utc::now().to_rfc3339())
    .execute(pool)
    .await
    .unwrap();
    let config = EmailConfig {
        to: "me@example.org".into(),
        from: Some("bot@example.org".into()),
        smtp_host: "127.0.0.1".into(),
        smtp_port: port,
        smtp_user: None,
        tls: TlsMode::None,
    };
    Notifier::new(&api.engine, deps()).add_channel("mail", ChannelConfig::Email(config), None).await.unwrap();
}

#[tokio::test]
async fn apply_by_email_confirms_then_sends_and_respects_dont_apply_again() {
    let dir = tempfile::tempdir().unwrap();
    let api = open(&dir).await;
    job(&api, "job-1", "Rust Engineer", "Acme GmbH", Some("jobs@acme.example")).await;
    job(&api, "job-2", "Go Engineer", "ACME", Some("jobs@acme.example")).await;
    job(&api, "job-3", "Rust Engineer", "Crab Inc", None).await;

    // Nothing set up yet: the confirmation says what is missing, in words.
    let preview = api::email_preview(&api, "job-1").await.unwrap();
    assert_eq!(preview.recipient.as_deref(), Some("jobs@acme.example"));
    assert_eq!(preview.problems.len(), 2, "{:?}", preview.problems);
    assert!(preview.problems[0].starts_with("No email account is set up"), "{:?}", preview.problems);
    assert!(preview.problems[1].starts_with("There is no approved CV yet"), "{:?}", preview.problems);
    let no_email = api::email_preview(&api, "job-3").await.unwrap();
    assert!(no_email.problems.contains(&"This job does not take applications by email.".to_owned()));

    let smtp = SmtpServer::start().await;
    ready_to_email(&api, &dir, smtp.port, "job-1").await;
    ready_to_email_cv_only(&api, &dir, "job-2").await;
    let preview = api::email_preview(&api, "job-1").await.unwrap();
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    assert_eq!(preview.subject.as_deref(), Some("Application: Rust Engineer — Jörg Müller"));
    assert_eq!(preview.attachment.as_deref(), Some("Jorg-Muller-CV.pdf"));
    assert_eq!((preview.cv_id.as_deref(), preview.account.as_deref()), (Some("cv-job-1"), Some("mail")));

    // Sent through the local server, with the subject the confirmation showed.
    let out = api::apply_by_email(&api, "job-1", "cv-job-1").await.unwrap();
    assert_eq!((out.stage, out.recipient.as_deref()), (Stage::Applied, Some("jobs@acme.example")));
    let session = &smtp.sessions(1).await[0];
    assert_eq!(header(&session.data, "Subject"), preview.subject.unwrap());
    let view = api::for_job(&api, "job-1").await.unwrap().unwrap();
    assert!(view.applied_on.is_some() && view.follow_up_on.is_some(), "{view:?}");
    // Never twice, in words.
    let again = api::apply_by_email(&api, "job-1", "cv-job-1").await.unwrap_err();
    assert!(again.message.starts_with("job_id: already applied"), "{again:?}");

    // "Don't apply again" for Acme (any spelling): refused naming the company, nothing sent.
    let mark = api::block_company(&api, "Acme", Some("rude interviewers")).await.unwrap();
    assert_eq!(mark.company, "Acme");
    assert_eq!(api::list_blocked(&api).await.unwrap().len(), 1);
    let preview = api::email_preview(&api, "job-2").await.unwrap();
    assert_eq!(preview.problems, ["You marked Acme “don't apply again”."]);
    assert_eq!(
        api::for_job(&api, "job-1").await.unwrap().unwrap().do_not_apply.unwrap().reason.as_deref(),
        Some("rude interviewers")
    );
    let refused = api::apply_by_email(&api, "job-2", "cv-job-2").await.unwrap_err();
    assert_eq!(refused.code, "invalid_input");
    assert!(
        refused.message.contains("you marked Acme \"don't apply again\" (rude interviewers)"),
        "{refused:?}"
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(smtp.messages().len(), 1, "nothing more went out");
    assert!(api::unblock_company(&api, "ACME GmbH").await.unwrap());
    assert!(!api::unblock_company(&api, "acme").await.unwrap());
    assert_eq!(
        api::block_company(&api, " ", None).await.unwrap_err().message,
        "company: a company name is required"
    );
    api.engine.close().await.unwrap();
}

async fn ready_to_email_cv_only(api: &Api, dir: &tempfile::TempDir, job_id: &str) {
    let path = dir.path().join(format!("cv-{job_id}.pdf"));
    std::fs::write(&path, PDF).unwrap();
    sqlx::query(
        "INSERT INTO documents (id, job_id, kind, format, path, approved, created_at) VALUES (?, ?, 'cv', 'pdf', ?, 1, ?)",
    )
    .bind(format!("cv-{job_id}"))
    .bind(job_id)
    .bind(path.to_string_lossy().as_ref())
    .bind(Utc::now().to_rfc3339())
    .execute(api.engine.store().pool())
    .await
    .unwrap();
}
