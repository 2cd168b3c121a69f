//! Desktop notifications over D-Bus with a click, against a real notification daemon stand-in:
//! a private `dbus-daemon` session bus with python-dbusmock's `notification_daemon` template.
//! The test shows notifications through [`DbusNotifier`] (directly and through the notification
//! rules), then makes the daemon emit `ActionInvoked(id, "default")` (what a click on the
//! notification does) with the mock's `EmitSignal`, and checks that the click callback gets the
//! notification's route.
//!
//! Skips, saying so, when `dbus-daemon` or python3-dbusmock is not installed (scripts/setup
//! installs both).
#![cfg(target_os = "linux")]

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use common::{open, ops_registry};
use jobhunter_ops::notify::{
    DbusNotifier, HighMatch, MemorySecretStore, NewRule, Notifier, NotifyDeps, Status, Trigger,
};
use tokio::sync::mpsc;

const PYTHON: &str = "/usr/bin/python3";

/// A private session bus with the notification daemon stand-in; both end with the value.
struct Bus {
    address: String,
    children: Vec<Child>,
}

impl Drop for Bus {
    fn drop(&mut self) {
        for child in self.children.iter_mut().rev() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn tools_missing() -> Option<String> {
    if Command::new("dbus-daemon").arg("--version").stdout(Stdio::null()).status().is_err() {
        return Some("dbus-daemon is not installed".into());
    }
    let dbusmock = Command::new(PYTHON).args(["-c", "import dbusmock"]).stderr(Stdio::null()).status();
    if !dbusmock.is_ok_and(|s| s.success()) {
        return Some(format!("python3-dbusmock is not installed for {PYTHON}"));
    }
    None
}

async fn start_bus() -> Bus {
    let mut bus = bare_bus();
    let mock = Command::new(PYTHON)
        .args(["-m", "dbusmock", "--template", "notification_daemon"])
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .stdout(Stdio::null())
        .spawn()
        .expect("start python-dbusmock");
    bus.children.push(mock);
    // Wait until the daemon stand-in owns its name.
    let connection = connect(&bus.address).await;
    for _ in 0..200 {
        let reply = connection
            .call_method(
                Some("org.freedesktop.DBus"),
                "/org/freedesktop/DBus",
                Some("org.freedesktop.DBus"),
                "NameHasOwner",
                &("org.freedesktop.Notifications",),
            )
            .await
            .unwrap();
        if reply.body().deserialize::<bool>().unwrap() {
            return bus;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the notification daemon stand-in did not start");
}

/// A private session bus with no notification daemon on it.
fn bare_bus() -> Bus {
    let mut daemon = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address=1"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start dbus-daemon");
    let mut address = String::new();
    BufReader::new(daemon.stdout.take().unwrap()).read_line(&mut address).expect("bus address");
    Bus { address: address.trim().to_owned(), children: vec![daemon] }
}

async fn connect(address: &str) -> zbus::Connection {
    zbus::connection::Builder::address(address).build().await.expect("connect to the private bus")
}

/// What a click on notification `id` makes the daemon do: emit `ActionInvoked(id, action)`.
async fn click(bus: &Bus, id: u32, action: &str) {
    let connection = connect(&bus.address).await;
    let args: Vec<zbus::Variant<'_>> = vec![zbus::Variant::from(id), zbus::Variant::from(action)];
    connection
        .call_method(
            Some("org.freedesktop.Notifications"),
            "/org/freedesktop/Notifications",
            Some("org.freedesktop.DBus.Mock"),
            "EmitSignal",
            &("org.freedesktop.Notifications", "ActionInvoked", "us", args),
        )
        .await
        .expect("EmitSignal");
}

/// The daemon saying notification `id` was closed.
async fn close(bus: &Bus, id: u32) {
    let connection = connect(&bus.address).await;
    let args: Vec<zbus::Variant<'_>> = vec![zbus::Variant::from(id), zbus::Variant::from(2u32)];
    connection
        .call_method(
            Some("org.freedesktop.Notifications"),
            "/org/freedesktop/Notifications",
            Some("org.freedesktop.DBus.Mock"),
            "EmitSignal",
            &("org.freedesktop.Notifications", "NotificationClosed", "uu", args),
        )
        .await
        .expect("EmitSignal");
}

async fn next_click(clicks: &mut mpsc::UnboundedReceiver<String>) -> Option<String> {
    tokio::time::timeout(Duration::from_secs(5), clicks.recv()).await.ok().flatten()
}

async fn no_click(clicks: &mut mpsc::UnboundedReceiver<String>) {
    let got = tokio::time::timeout(Duration::from_millis(300), clicks.recv()).await;
    assert!(got.is_err(), "unexpected click: {got:?}");
}

#[tokio::test]
async fn clicking_a_notification_opens_its_route() {
    if let Some(why) = tools_missing() {
        eprintln!("SKIPPED clicking_a_notification_opens_its_route: {why} (run scripts/setup)");
        return;
    }
    let bus = start_bus().await;
    let (tx, mut clicks) = mpsc::unbounded_channel();
    let on_click = Arc::new(move |route: &str| {
        let _ = tx.send(route.to_owned());
    });
    let notifier = DbusNotifier::with_address(&bus.address, "JobHunter", on_click).await.unwrap();

    // Shown with a route: the click opens it.
    let id =
        notifier.notify("High match: Rust Engineer", "Acme (93% match)", Some("/jobs/j-42")).await.unwrap();
    click(&bus, id, "default").await;
    assert_eq!(next_click(&mut clicks).await.as_deref(), Some("/jobs/j-42"));

    // Without a route (and with one the app could not open): a click opens nothing.
    let plain = notifier.notify("JobHunter", "No route", None).await.unwrap();
    let bad = notifier.notify("JobHunter", "Bad route", Some("/jobs/'; alert(1)")).await.unwrap();
    assert_ne!(plain, id);
    assert_eq!(notifier.route_of(bad), None);
    click(&bus, plain, "default").await;
    click(&bus, bad, "default").await;
    // Another program's notification (an id this notifier never showed) neither.
    click(&bus, 9999, "default").await;
    no_click(&mut clicks).await;

    // A closed notification is forgotten.
    let closed = notifier.notify("Run failed", "The hunt failed", Some("/runs/r-1")).await.unwrap();
    assert_eq!(notifier.route_of(closed).as_deref(), Some("/runs/r-1"));
    close(&bus, closed).await;
    for _ in 0..100 {
        if notifier.route_of(closed).is_none() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(notifier.route_of(closed), None);

    // Through the notification rules: a high match on the desktop channel, delivered by this
    // notifier, opens the job's page when clicked.
    let t = open(ops_registry(), Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()).await;
    let deps = NotifyDeps::default()
        .with_secrets(Arc::new(MemorySecretStore::default()))
        .with_timeout(Duration::from_secs(5))
        .with_desktop(Arc::new(notifier.clone()));
    let rules = Notifier::new(&t.engine, deps);
    rules.add_rule(NewRule::new(Trigger::HighMatch, "desktop")).await.unwrap();
    let job = HighMatch {
        job_id: "job:7".into(),
        title: "Rust Engineer".into(),
        company: None,
        score: 0.9,
        url: None,
    };
    let records = rules.high_matches(&[job], None).await.unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].status, Status::Sent, "{:?}", records[0].error);
    let shown = closed + 1; // the stand-in numbers notifications 1, 2, 3, ...
    assert_eq!(notifier.route_of(shown).as_deref(), Some("/jobs/job%3A7"));
    click(&bus, shown, "default").await;
    assert_eq!(next_click(&mut clicks).await.as_deref(), Some("/jobs/job%3A7"));
}

#[tokio::test]
async fn without_a_notification_daemon_the_delivery_fails_in_words() {
    if let Some(why) = tools_missing() {
        eprintln!("SKIPPED without_a_notification_daemon_the_delivery_fails_in_words: {why}");
        return;
    }
    let bus = bare_bus();
    let notifier =
        DbusNotifier::with_address(&bus.address, "JobHunter", Arc::new(|_: &str| {})).await.unwrap();
    let error = notifier.notify("Title", "Body", Some("/jobs/1")).await.unwrap_err();
    assert!(error.to_string().contains("notification daemon"), "{error}");
}

/// A peer's call to the notifier's connection (a bus browser's Ping or Introspect) gets an
/// answer at once, not silence until D-Bus's 25 s timeout.
#[tokio::test]
async fn the_notifiers_connection_answers_a_peer() {
    if let Some(why) = tools_missing() {
        eprintln!("SKIPPED the_notifiers_connection_answers_a_peer: {why}");
        return;
    }
    let bus = bare_bus();
    let _notifier =
        DbusNotifier::with_address(&bus.address, "JobHunter", Arc::new(|_: &str| {})).await.unwrap();
    let peer = connect(&bus.address).await;
    let names: Vec<String> = peer
        .call_method(
            Some("org.freedesktop.DBus"),
            "/org/freedesktop/DBus",
            Some("org.freedesktop.DBus"),
            "ListNames",
            &(),
        )
        .await
        .unwrap()
        .body()
        .deserialize()
        .unwrap();
    let own = peer.unique_name().unwrap().to_string();
    let notifier: Vec<&String> = names.iter().filter(|n| n.starts_with(':') && **n != own).collect();
    assert_eq!(notifier.len(), 1, "the bus's connections: {names:?}");
    let ping =
        peer.call_method(Some(notifier[0].as_str()), "/", Some("org.freedesktop.DBus.Peer"), "Ping", &());
    let answer = tokio::time::timeout(Duration::from_secs(5), ping).await;
    assert!(matches!(answer, Ok(Ok(_))), "no answer to Ping within 5 s: {answer:?}");
}
