//! Issue #10 (point 10): fault injection. Real `jobhunter` processes run the daily hunt (with
//! `auto_apply`) and `apply_job` against fixture boards and a local SMTP server on 127.0.0.1,
//! and are SIGKILLed at random points chosen by a seeded PRNG, including while the application
//! email is being sent (the SMTP server holds its verdict after DATA, and the kill lands then).
//! Two processes share one data dir; crashed runs are restarted (`runs restart`). After every
//! iteration a fresh process checks the invariants:
//!
//! * no job got two application emails at the SMTP server (a send killed mid-flight stays
//!   `unknown` and refuses further sends: that is fine, a duplicate is not);
//! * no flow run is left Running behind a dead owner, no TaskRun left `running`;
//! * `PRAGMA integrity_check` is ok (with the `sqlite3` CLI; skipped with a note without it).
//!
//! FAULT_ITERATIONS (default 80, about a minute in a debug build) sets the number of iterations (a longer soak is opt-in),
//! FAULT_SEED replays a run (the seed is printed). Run it with
//! `cargo test -p jobhunter-cli --test fault_injection -- --nocapture`.

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use jobhunter_testkit::smtp::{SmtpMode, SmtpServer, SmtpSession};
use jobhunter_testkit::{fixture, fixtures_dir, FixtureServer, Reply};
use serde_json::{json, Value};

/// Every board with a base URL (tests/e2e/fixture_board.py BOARDS): all point at the fixture
/// server, so nothing a hunt does can leave 127.0.0.1.
const BOARDS: [&str; 7] =
    ["greenhouse", "lever", "ashby", "arbeitnow", "remotive", "remoteok", "bundesagentur"];

/// The address the fixture careers page takes applications at.
const APPLY_TO: &str = "jobs@umbrella.example.test";

/// splitmix64: small, seedable, good enough to pick kill points.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

struct Env {
    base: String,
}

impl Env {
    fn cmd(&self, data: &Path) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_jobhunter"));
        for var in ["RUST_LOG", "JOBHUNTER_DATA_DIR", "JOBHUNTER_SMTP_PASSWORD", "TZ", "NO_COLOR"] {
            cmd.env_remove(var);
        }
        for board in BOARDS {
            cmd.env(format!("JOBHUNTER_{}_URL", board.to_ascii_uppercase()), &self.base);
        }
        cmd.arg("--data-dir").arg(data).stdin(Stdio::null());
        cmd
    }

    fn output(&self, data: &Path, args: &[&str]) -> Output {
        self.cmd(data).args(args).output().expect("the jobhunter binary runs")
    }

    fn json(&self, data: &Path, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        let out = self.output(data, &all);
        assert!(out.status.success(), "{}", describe(args, &out));
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", describe(args, &out)))
    }

    fn spawn(&self, data: &Path, args: &[&str]) -> Child {
        self.cmd(data)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn jobhunter")
    }
}

fn describe(args: &[&str], out: &Output) -> String {
    format!(
        "`jobhunter {}` -> {:?}\n--- stdout\n{}\n--- stderr\n{}",
        args.join(" "),
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A process that ended on its own must not have panicked (exit 101) nor died of a signal.
fn check_exit(what: &str, out: &Output) {
    let code = out.status.code();
    assert!(matches!(code, Some(0..=5)), "{what} ended abnormally: {}", describe(&[what], out));
}

fn is_application(s: &SmtpSession) -> bool {
    s.command("RCPT TO").is_some_and(|c| c.contains(APPLY_TO))
}

/// When to SIGKILL.
#[derive(Debug, Clone, Copy)]
enum Kill {
    /// After this many milliseconds (if still running).
    After(u64),
    /// While the SMTP server holds an application email's verdict (mid-send).
    MidSend,
}

#[derive(Default)]
struct Tally {
    iterations: u64,
    kills: u64,
    mid_send_kills: u64,
    restarts: u64,
    duplicate_emails: u64,
    stuck_runs: u64,
    lost_taskruns: u64,
    integrity_failures: u64,
    unknown_sends_refused: u64,
    application_emails: u64,
    /// Iterations that ended with no application email and no `unknown` send to show for it.
    silent_losses: u64,
}

/// Runs the children, SIGKILLs the ones `victims` selects at the point `kill` says; returns
/// the outputs of those that ended on their own and how many were killed (and mid-send).
fn run_with_kill(
    smtp: &SmtpServer,
    children: Vec<Child>,
    kill: Kill,
    victims: &[usize],
) -> (Vec<Output>, u64, u64) {
    let started = Instant::now();
    let mut children: Vec<Option<Child>> = children.into_iter().map(Some).collect();
    let (mut kills, mut mid) = (0, 0);
    let deadline = started + Duration::from_secs(60);
    let mut fired = false;
    loop {
        let all_done =
            children.iter_mut().all(|c| c.as_mut().is_none_or(|c| c.try_wait().unwrap().is_some()));
        if all_done || Instant::now() > deadline {
            break;
        }
        if !fired {
            let now = match kill {
                Kill::After(ms) => started.elapsed() >= Duration::from_millis(ms),
                Kill::MidSend => smtp.awaiting_reply().iter().any(is_application),
            };
            if now {
                fired = true;
                let mid_send = smtp.awaiting_reply().iter().any(is_application);
                let mut killed_any = false;
                for &v in victims {
                    if let Some(c) = children[v].as_mut() {
                        if c.try_wait().unwrap().is_none() && c.kill().is_ok() {
                            let _ = c.wait();
                            children[v] = None;
                            kills += 1;
                            killed_any = true;
                        }
                    }
                }
                if killed_any && mid_send {
                    mid += 1;
                }
            }
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let mut outputs = Vec::new();
    for c in children.into_iter().flatten() {
        let mut c = c;
        if Instant::now() > deadline {
            let _ = c.kill();
        }
        outputs.push(c.wait_with_output().unwrap());
    }
    (outputs, kills, mid)
}

fn wait_idle(smtp: &SmtpServer) {
    let until = Instant::now() + Duration::from_secs(10);
    while smtp.open.load(std::sync::atomic::Ordering::SeqCst) > 0 {
        assert!(Instant::now() < until, "SMTP sessions still open after 10 s");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Flow runs still Running although every process of the iteration is gone.
fn stuck_runs(runs: &Value) -> u64 {
    let stuck = runs.as_array().unwrap().iter().filter(|r| r["state_type"] == "RUNNING").count() as u64;
    if stuck > 0 {
        eprintln!("STUCK RUNS: {runs}");
    }
    stuck
}

/// TaskRuns still `running` although every process of the iteration is gone.
fn lost_taskruns(env: &Env, data: &Path) -> u64 {
    let running = env.json(data, &["taskruns", "list", "--status", "running"]);
    let lost = running.as_array().map_or(0, |a| a.len()) as u64;
    if lost > 0 {
        eprintln!("LOST TASKRUNS: {running}");
    }
    lost
}

fn sqlite3_available() -> bool {
    Command::new("sqlite3").arg("-version").output().is_ok_and(|o| o.status.success())
}

fn iteration(
    env: &Env,
    rt: &tokio::runtime::Handle,
    data: &Path,
    rng: &mut Rng,
    sqlite3: bool,
    t: &mut Tally,
) {
    let delay = Duration::from_millis(100 + rng.below(200));
    let smtp = rt.block_on(SmtpServer::start_with(SmtpMode::DelayAfterData(delay)));
    let port = smtp.port.to_string();

    // A profile, the careers page scraped, a CV approved for the job that takes email, and an
    // email channel to the local server.
    let profile = fixtures_dir().join("profile.json");
    env.json(data, &["profile", "import", profile.to_str().unwrap()]);
    let careers = format!("jsonld:{}/careers", env.base);
    let scraped =
        env.json(data, &["ops", "run", "scrape_jobs", "--input", &json!({ "source": careers }).to_string()]);
    let job = scraped["output"]["job_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j.as_str().unwrap().to_owned())
        .find(|j| env.json(data, &["jobs", "show", j])["apply_email"] == APPLY_TO)
        .expect("a job with an apply email");
    let generated =
        env.json(data, &["ops", "run", "generate_cv", "--input", &json!({ "job_id": job }).to_string()]);
    let cv = generated["output"]["cv_id"].as_str().unwrap().to_owned();
    env.json(data, &["documents", "approve", &cv]);
    env.json(
        data,
        &[
            "channels",
            "add",
            "mail",
            "email",
            "--to",
            "me@example.org",
            "--smtp-host",
            "127.0.0.1",
            "--smtp-port",
            &port,
            "--tls",
            "none",
        ],
    );

    let hunt_params = json!({ "sources": [careers], "auto_apply": true, "match_threshold": 0.0 }).to_string();
    let hunt: &[&str] = &["flows", "run", "daily_job_hunt", "--params", &hunt_params, "--json"];
    let apply_input = json!({ "job_id": job, "cv_id": cv }).to_string();
    let apply: &[&str] = &["ops", "run", "apply_job", "--input", &apply_input, "--json"];

    // Half the kills wait for the email to be in flight; the others land at a random moment
    // (before, during or after the send, or not at all when the process was done).
    let scenario = rng.below(3);
    let horizon = if scenario == 2 { 450 } else { 900 };
    let kill = if rng.chance(50) { Kill::MidSend } else { Kill::After(rng.below(horizon)) };
    let (children, victims): (Vec<Child>, Vec<usize>) = match scenario {
        // The hunt alone.
        0 => (vec![env.spawn(data, hunt)], vec![0]),
        // A hunt and an apply on one data dir; at the kill point both, or one of them, die.
        1 => {
            let both = vec![env.spawn(data, hunt), env.spawn(data, apply)];
            let victims = match rng.below(3) {
                0 => vec![0],
                1 => vec![1],
                _ => vec![0, 1],
            };
            (both, victims)
        }
        // Two applies on one data dir.
        _ => {
            let both = vec![env.spawn(data, apply), env.spawn(data, apply)];
            let victims = if matches!(kill, Kill::MidSend) || rng.chance(50) { vec![0, 1] } else { vec![0] };
            (both, victims)
        }
    };
    let (outputs, kills, mid) = run_with_kill(&smtp, children, kill, &victims);
    t.kills += kills;
    t.mid_send_kills += mid;
    for out in &outputs {
        check_exit("(survivor)", out);
    }

    // The first fresh process to open the data dir recovers the dead owners' runs.
    let runs = env.json(data, &["runs", "list"]);
    t.stuck_runs += stuck_runs(&runs);
    t.lost_taskruns += lost_taskruns(env, data);

    // Restart from failure: each crashed or failed hunt run.
    let mut restarted = 0;
    for run in runs.as_array().unwrap() {
        let state = run["state_type"].as_str().unwrap_or_default();
        if run["flow_name"] == "daily_job_hunt" && matches!(state, "CRASHED" | "FAILED") {
            let id = run["id"].as_str().unwrap();
            let out = env.output(data, &["runs", "restart", id, "--json"]);
            check_exit("runs restart", &out);
            assert!(
                out.status.success(),
                "the restarted hunt completes: {}",
                describe(&["runs", "restart", id], &out)
            );
            t.restarts += 1;
            restarted += 1;
        }
    }

    // A last apply: sends if nothing was sent, is refused if the email went out or its outcome
    // is unknown (killed mid-send). It must never send a second email.
    let out = env.output(data, apply);
    check_exit("apply_job", &out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last_apply = if out.status.success() {
        "sent"
    } else if stderr.contains("already applied") {
        "refused(sent)"
    } else if stderr.contains("may or may not") || stderr.contains("being sent") {
        t.unknown_sends_refused += 1;
        "refused(unknown)"
    } else {
        "refused(other)"
    };

    // Invariants, seen by fresh processes once every process of the iteration is gone.
    wait_idle(&smtp);
    let apps: Vec<SmtpSession> = smtp.messages().into_iter().filter(is_application).collect();
    t.application_emails += apps.len() as u64;
    let mut ids: Vec<String> =
        apps.iter().map(|s| jobhunter_testkit::smtp::header(&s.data, "Message-ID")).collect();
    ids.sort();
    ids.dedup();
    let dups = (apps.len() as u64).saturating_sub(1);
    if dups > 0 {
        eprintln!("DUPLICATE: {} application emails for job {job} (Message-IDs {ids:?})", apps.len());
    }
    t.duplicate_emails += dups;
    if apps.is_empty() && last_apply != "refused(unknown)" {
        eprintln!("SILENT LOSS: no application email for job {job}, last apply {last_apply}: {stderr}");
        t.silent_losses += 1;
    }

    t.stuck_runs += stuck_runs(&env.json(data, &["runs", "list"]));
    t.lost_taskruns += lost_taskruns(env, data);
    if sqlite3 {
        let out = Command::new("sqlite3")
            .arg(data.join("jobhunter.db"))
            .arg("PRAGMA integrity_check;")
            .output()
            .expect("sqlite3 runs");
        let text = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        if !out.status.success() || text != "ok" {
            eprintln!("INTEGRITY: {text} {}", String::from_utf8_lossy(&out.stderr));
            t.integrity_failures += 1;
        }
    }
    t.iterations += 1;
    println!(
        "iteration {} scenario={} kill={kill:?} victims={victims:?} killed={kills} mid_send={mid} \
         restarted={restarted} last_apply={last_apply} application_emails={}",
        t.iterations,
        ["hunt", "hunt+apply", "apply+apply"][scenario as usize],
        apps.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kills_never_duplicate_emails_nor_strand_runs() {
    let iterations = env_u64("FAULT_ITERATIONS").unwrap_or(80);
    let seed = env_u64("FAULT_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
    });
    println!("fault_injection seed={seed} iterations={iterations} (replay: FAULT_SEED={seed})");

    let server = FixtureServer::default();
    server.route("/careers", vec![Reply::body("text/html; charset=utf-8", fixture("careers.html"))]);
    let base = server.start().await;
    let rt = tokio::runtime::Handle::current();
    let started = Instant::now();

    let tally = tokio::task::spawn_blocking(move || {
        let env = Env { base };
        let sqlite3 = sqlite3_available();
        if !sqlite3 {
            println!("note: no sqlite3 CLI, the integrity_check invariant is skipped");
        }
        let mut rng = Rng(seed);
        let mut t = Tally::default();
        let root = tempfile::tempdir().unwrap();
        for i in 0..iterations {
            let data = root.path().join(format!("it{i}"));
            iteration(&env, &rt, &data, &mut rng, sqlite3, &mut t);
            let _ = std::fs::remove_dir_all(&data);
        }
        (t, sqlite3)
    })
    .await
    .unwrap();
    let (t, sqlite3) = tally;

    println!(
        "fault_injection iterations={} kills={} mid_send_kills={} restarts={} application_emails={} \
         unknown_sends_refused={} silent_losses={} duplicate_emails={} stuck_runs={} lost_taskruns={} integrity={} seed={seed} \
         elapsed_s={}",
        t.iterations,
        t.kills,
        t.mid_send_kills,
        t.restarts,
        t.application_emails,
        t.unknown_sends_refused,
        t.silent_losses,
        t.duplicate_emails,
        t.stuck_runs,
        t.lost_taskruns,
        if !sqlite3 {
            "skipped"
        } else if t.integrity_failures == 0 {
            "ok"
        } else {
            "FAILED"
        },
        started.elapsed().as_secs()
    );
    assert_eq!(t.duplicate_emails, 0, "duplicate application emails (seed {seed})");
    assert_eq!(t.stuck_runs, 0, "flow runs left Running behind dead owners (seed {seed})");
    assert_eq!(t.lost_taskruns, 0, "TaskRuns left running (seed {seed})");
    assert_eq!(t.integrity_failures, 0, "integrity_check failed (seed {seed})");
    assert_eq!(t.silent_losses, 0, "applications neither sent nor marked unknown (seed {seed})");
    assert!(t.kills > 0, "no process was killed (seed {seed})");
}
