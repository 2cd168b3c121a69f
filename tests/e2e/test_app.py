#!/usr/bin/env python3
"""End-to-end test of the JobHunter desktop app on its real window (standard library only).

Run it through scripts/e2e, which provides the private D-Bus session with python-dbusmock's
notification daemon, the Xvfb display and these environment variables:

    E2E_APP            absolute path of target/debug/jobhunter-desktop
    E2E_CLI            absolute path of target/debug/jobhunter (cross-checks the database)
    E2E_WORK           a temporary directory (data dir, logs)
    E2E_NOTIFY_LOG     the notification daemon's call log
    E2E_SCREENSHOTS    where the screenshots of the main screens go (target/e2e/screenshots)
    E2E_ARTIFACTS      where a failure's screenshot and page source go (target/e2e)
    E2E_TAURI_DRIVER   tauri-driver;  E2E_NATIVE_DRIVER  WebKitWebDriver
    E2E_TIMEOUT        seconds for the run to reach a final state (default 120)

What it does, through the UI only (the CLI only reads the database to cross-check):
 1. serves the repository's board fixtures on 127.0.0.1 and points every
    JOBHUNTER_<BOARD>_URL there; starts tauri-driver, which starts the app with a temporary
    JOBHUNTER_DATA_DIR; sets a fixed window size (1280x800),
 2. Profile: pastes tests/fixtures/profile.json into the import form, "Import profile",
 3. Flows: "Run daily_job_hunt", fills sources, keywords and the match threshold, "Start run";
    Run detail: waits for the live state to say Completed,
 4. Jobs: opens a high match from the run's result; its detail shows the title; "Generate CV"
    lists the PDF with a preview iframe; the CV exists on disk as a PDF,
 5. the notification daemon on the private session bus received the hunt's summary,
 6. screenshots of the main screens into $E2E_SCREENSHOTS.
On a failure: the error, the page's text and source (excerpts), a screenshot path, the app's
output (tauri-driver's log carries the app's stderr), the fixture board's requests and the
notification log; then a non-zero exit.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import traceback

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_board import FixtureBoard  # noqa: E402
from webdriver import Session, Timeout, WebDriverError, request, wait_until  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
APP = os.environ["E2E_APP"]
CLI = os.environ["E2E_CLI"]
WORK = os.environ["E2E_WORK"]
NOTIFY_LOG = os.environ["E2E_NOTIFY_LOG"]
SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS", os.path.join(REPO, "target", "e2e", "screenshots"))
ARTIFACTS = os.environ.get("E2E_ARTIFACTS", os.path.join(REPO, "target", "e2e"))
TAURI_DRIVER = os.environ.get("E2E_TAURI_DRIVER", "tauri-driver")
NATIVE_DRIVER = os.environ.get("E2E_NATIVE_DRIVER", "/usr/bin/WebKitWebDriver")
RUN_TIMEOUT = float(os.environ.get("E2E_TIMEOUT", "120"))
WINDOW = (1280, 800)
UI_TIMEOUT = 20  # a screen, an element, a command's answer
DATA = os.path.join(WORK, "data")
DRIVER_LOG = os.path.join(WORK, "tauri-driver.log")

SOURCES = ["greenhouse:acme", "lever:globex", "remoteok"]
KEYWORDS = ["rust"]
THRESHOLD = "0.5"
FINAL_STATES = {"Completed", "Failed", "Crashed", "Cancelled", "TimedOut", "Cancelling"}
SCREEN_LINKS = ["Dashboard", "Jobs", "Applications", "Flows", "Runs", "Audit", "Schedules", "Profile", "Settings"]

started = time.monotonic()


def log(msg):
    print(f"e2e [{time.monotonic() - started:6.1f}s] {msg}", flush=True)


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli_json(*args):
    out = subprocess.run([CLI, "--data-dir", DATA, "--json", *args], capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise Failure(f"jobhunter {' '.join(args)} failed: {out.stderr.strip()}")
    return json.loads(out.stdout)


def notifications():
    """The Notify calls the daemon logged (one line each)."""
    try:
        with open(NOTIFY_LOG, encoding="utf-8", errors="replace") as f:
            return [line.strip() for line in f if "Notify" in line]
    except FileNotFoundError:
        return []


def tail(path, lines):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except FileNotFoundError:
        return f"({path} does not exist)\n"


class Test:
    def __init__(self):
        self.board = None
        self.driver = None
        self.session = None
        self.shots = []

    # --- processes -----------------------------------------------------------------------
    def seed(self):
        """What a user set up earlier, made with the CLI in the fresh data dir: a rule that
        notifies high matches on the desktop, and a weekday-morning deployment of the hunt (so
        the Schedules and Dashboard screenshots show one; it does not fire during the test)."""
        os.makedirs(DATA, exist_ok=True)
        cli_json("rules", "add", "--on", "high_match", "--channel", "desktop")
        params = {"sources": SOURCES, "keywords": KEYWORDS, "match_threshold": float(THRESHOLD)}
        cli_json("deployments", "create", "--flow", "daily_job_hunt", "--name", "weekday-mornings",
                 "--cron", "0 8 * * 1-5", "--tz", "Europe/Berlin", "--catchup", "skip",
                 "--params", json.dumps(params))
        log("CLI: a high_match rule on the desktop channel, a daily_job_hunt deployment")

    def start(self):
        self.seed()
        self.board = FixtureBoard().start()
        log(f"fixture board on {self.board.base_url}")
        port, native_port = free_port(), free_port()
        env = dict(os.environ)
        env.update(self.board.env())
        env.update(
            JOBHUNTER_DATA_DIR=DATA,
            RUST_LOG=os.environ.get("RUST_LOG", "info"),
            # no GPU behind Xvfb
            WEBKIT_DISABLE_DMABUF_RENDERER="1",
            LIBGL_ALWAYS_SOFTWARE="1",
            NO_AT_BRIDGE="1",
        )
        # The app inherits this environment (tauri-driver -> WebKitWebDriver -> the app); its
        # stderr ends up in the driver's log. A session of its own, so cleanup ends them all.
        with open(DRIVER_LOG, "wb") as out:
            self.driver = subprocess.Popen(
                [TAURI_DRIVER, "--port", str(port), "--native-port", str(native_port),
                 "--native-driver", NATIVE_DRIVER],
                env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        with open(os.path.join(WORK, "tauri-driver.pid"), "w") as f:
            f.write(str(self.driver.pid))
        base = f"http://127.0.0.1:{port}"

        def ready():
            if self.driver.poll() is not None:
                raise Failure(f"tauri-driver exited with status {self.driver.returncode}")
            try:
                return request(f"{base}/status", timeout=5) is not None
            except WebDriverError:
                return False

        wait_until("tauri-driver to answer /status", ready, 30)
        log(f"tauri-driver on {base} (WebKitWebDriver on {native_port}); starting the app")
        caps = {"alwaysMatch": {"tauri:options": {"application": APP}}}
        self.session = Session(base, caps, timeout=120)
        log(f"session {self.session.id}")
        try:
            self.session.set_window_rect(*WINDOW)
        except WebDriverError as e:
            log(f"could not set the window size: {e}")
        rect = wait_until(
            f"a {WINDOW[0]}x{WINDOW[1]} window",
            lambda: (lambda r: r if (r["width"], r["height"]) == WINDOW else None)(self.session.window_rect()),
            10,
        )
        log(f"window {rect['width']}x{rect['height']}")

    def stop(self):
        if self.session is not None:
            try:
                self.session.quit()
            except Exception as e:  # the app may be gone already
                log(f"ending the session: {e}")
            self.session = None
        if self.driver is not None:
            if self.driver.poll() is None:
                try:
                    os.killpg(self.driver.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
                try:
                    self.driver.wait(15)
                except subprocess.TimeoutExpired:
                    os.killpg(self.driver.pid, signal.SIGKILL)
                    self.driver.wait(5)
            # WebKitWebDriver and the app live in the driver's process group
            try:
                os.killpg(self.driver.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.driver = None
        if self.board is not None:
            self.board.stop()
            self.board = None

    # --- UI helpers ------------------------------------------------------------------------
    def page_text(self):
        return self.session.execute("return document.body ? document.body.innerText : ''") or ""

    def settle(self):
        """Waits until no spinner shows (loading screens, busy buttons), then a moment more for
        the paint."""
        wait_until("the screen to finish loading (no spinner)", lambda: not self.session.css(".spinner"), UI_TIMEOUT)
        time.sleep(0.6)

    def open_screen(self, label):
        link = self.session.wait_xpath(
            f'//nav//a[normalize-space()="{label}"]', f"the sidebar link {label!r}", UI_TIMEOUT
        )
        self.click(link)
        href = link.attribute("href") or ""
        fragment = href[href.index("#"):] if "#" in href else "#/"
        wait_until(f"the route {fragment}", lambda: self.session.url.endswith(fragment), UI_TIMEOUT)
        self.settle()

    def dismiss_toasts(self):
        """Closes the live notices (e.g. "2 new high matches") that float over the screen."""
        for b in self.session.xpath('//button[normalize-space()="Dismiss"]'):
            try:
                if b.displayed():
                    b.click()
            except WebDriverError:
                pass

    def click(self, element):
        """Clicks; when a floating notice covers the element, dismisses it and clicks again."""
        try:
            element.click()
        except WebDriverError as e:
            if e.error != "element click intercepted":
                raise
            log("a notice covers the element: dismissing it")
            self.dismiss_toasts()
            time.sleep(0.3)
            element.click()

    def button(self, text, scope="//"):
        return self.session.wait_xpath(
            f'{scope}button[normalize-space()="{text}"]', f"a button {text!r}", UI_TIMEOUT
        )

    def by_testid(self, testid, timeout=UI_TIMEOUT):
        return self.session.wait_css(f'[data-testid="{testid}"]', timeout)

    def fill(self, element, text):
        """Puts text into an input or textarea the way a paste does: the native value setter and
        an input event, which React's onChange sees. Checks the value took."""
        self.session.execute(
            """
            const [el, text] = arguments;
            el.focus();
            const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype
                        : el instanceof HTMLSelectElement ? HTMLSelectElement.prototype
                        : HTMLInputElement.prototype;
            Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, text);
            el.dispatchEvent(new Event('input', { bubbles: true }));
            el.dispatchEvent(new Event('change', { bubbles: true }));
            """,
            element.as_arg(),
            text,
        )
        wait_until(f"the field {element.attribute('id')!r} to hold the text",
                   lambda: element.prop("value") == text, 5)

    def job_cvs(self, job_id):
        """The job's CV PDFs in the database (CLI)."""
        docs = cli_json("documents", "list")
        docs = docs if isinstance(docs, list) else find_key(docs, "documents") or []
        return [d for d in docs
                if d.get("job_id", d.get("jobId")) == job_id and d.get("kind") == "cv" and d.get("format") == "pdf"]

    def screenshot(self, name):
        self.dismiss_toasts()
        path = os.path.join(SCREENSHOTS, f"{name}.png")
        self.session.save_screenshot(path)
        self.shots.append(path)
        log(f"screenshot {os.path.relpath(path, REPO)}")

    # --- the test --------------------------------------------------------------------------
    def run(self):
        os.makedirs(SCREENSHOTS, exist_ok=True)
        s = self.session
        self.session.wait_xpath('//nav//a[normalize-space()="Dashboard"]', "the sidebar", 60)
        check(s.title == "JobHunter", f"window title {s.title!r}")
        for label in SCREEN_LINKS:
            check(s.xpath(f'//nav//a[normalize-space()="{label}"]'), f"no sidebar link {label!r}")
        log("the app shows its sidebar")

        # 2. the profile
        self.open_screen("Profile")
        with open(os.path.join(REPO, "tests", "fixtures", "profile.json"), encoding="utf-8") as f:
            profile = f.read()
        self.fill(s.wait_css("textarea#profile-json", UI_TIMEOUT), profile)
        self.click(self.button("Import profile"))
        wait_until('"Profile saved"', lambda: "Profile saved" in self.page_text(), UI_TIMEOUT)
        stored = cli_json("profile", "show")
        check("Müller" in json.dumps(stored, ensure_ascii=False), f"the stored profile is not the fixture: {str(stored)[:300]}")
        log("profile imported")
        self.settle()
        self.screenshot("profile")

        # 3. daily_job_hunt from the Flows screen
        self.open_screen("Flows")
        self.by_testid("flow-daily_job_hunt")
        self.screenshot("flows")
        self.click(self.button("Run daily_job_hunt", scope='//*[@data-testid="flow-daily_job_hunt"]//'))
        wait_until("the form at #/flows/daily_job_hunt", lambda: s.url.endswith("#/flows/daily_job_hunt"), UI_TIMEOUT)
        self.fill(s.wait_css("#param-sources", UI_TIMEOUT), "\n".join(SOURCES))
        self.fill(s.wait_css("#param-keywords", UI_TIMEOUT), "\n".join(KEYWORDS))
        self.fill(s.wait_css("#param-match_threshold", UI_TIMEOUT), THRESHOLD)
        self.click(self.button("Start run"))
        run_url = wait_until("the run detail (#/runs/<id>) after Start run",
                             lambda: (lambda u: u if "#/runs/" in u else None)(s.url), UI_TIMEOUT)
        run_id = run_url.split("#/runs/", 1)[1].split("?")[0].strip("/")
        log(f"started flow run {run_id}")
        state_el = self.by_testid("run-state")
        state = wait_until(
            "the run to reach a final state",
            lambda: (lambda t: t if t in FINAL_STATES else None)(state_el.text.strip()),
            RUN_TIMEOUT,
            interval=0.5,
        )
        check(state == "Completed", f"the run ended {state}, not Completed")
        log("the run detail says Completed")
        run = cli_json("runs", "show", run_id)
        result = find_key(run, "result") or {}
        check(result.get("success") is True, f"the hunt's result is not a success: {result}")
        high = result.get("high_match_job_ids") or []
        check(high, f"the hunt found no high matches: {result}")
        seen_paths = [p for _, p in self.board.requests()]
        for path in ("/v1/boards/acme/jobs", "/v0/postings/globex", "/api"):
            check(any(p.split("?")[0] == path for p in seen_paths), f"the app never asked the fixture board for {path}: {seen_paths}")
        log(f"result: {result.get('jobs_scraped')} jobs, {len(high)} high matches, {result.get('cvs_generated')} CVs")
        self.settle()
        self.screenshot("run-detail")

        # 4. the matched job and its CV
        job_id = high[0]
        job = cli_json("jobs", "show", job_id)
        title = find_key(job, "title")
        check(title, f"no title for job {job_id}: {str(job)[:300]}")
        self.open_screen("Jobs")
        rows = wait_until("job rows", lambda: s.css('[data-testid="job-row"]'), UI_TIMEOUT)
        self.screenshot("jobs")
        row = wait_until(f"the row of job {job_id} ({title})",
                         lambda: s.css(f'[data-testid="job-row"][href="#/jobs/{job_id}"]')
                         or s.xpath(f'//*[@data-testid="job-row"][.//a[@href="#/jobs/{job_id}"]]//a[@href="#/jobs/{job_id}"]'),
                         UI_TIMEOUT)[0]
        log(f"{len(rows)} job rows; opening {title!r}")
        self.click(row)
        wait_until(f"the route #/jobs/{job_id}", lambda: s.url.endswith(f"#/jobs/{job_id}"), UI_TIMEOUT)
        title_el = self.by_testid("job-title")
        wait_until(f"the job title {title!r}", lambda: title in title_el.text, UI_TIMEOUT)
        before = len(self.job_cvs(job_id))
        self.click(self.button("Generate CV"))
        self.by_testid("document-pdf", timeout=60)
        iframe = self.by_testid("pdf-preview")
        check(iframe.tag_name.lower() == "iframe", f"pdf-preview is a <{iframe.tag_name}>, not an iframe")
        src = wait_until("the preview's blob: URL", lambda: (iframe.attribute("src") or "").startswith("blob:") and iframe.attribute("src"), UI_TIMEOUT)
        log(f"the CV preview shows {src}")
        # Nothing changed since the hunt wrote this job's CV (same job, same profile): Generate
        # CV shows that one instead of piling up an identical pair; without one it writes it.
        cvs = wait_until("the job's CV (pdf) document in the database",
                         lambda: self.job_cvs(job_id) or None, UI_TIMEOUT)
        check(len(cvs) == max(before, 1),
              f"Generate CV with nothing changed must not add a CV: {before} before, {len(cvs)} after")
        for cv in cvs:
            with open(cv["path"], "rb") as f:
                check(f.read(5) == b"%PDF-", f"{cv['path']} is not a PDF")
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", cvs[0]["path"], "-"], capture_output=True, text=True).stdout
            check("Müller" in text, f"the CV does not name the profile's person: {text[:300]!r}")
        log(f"Generate CV shows the job's CV; {len(cvs)} CV PDF(s) for the job on disk ({before} before)")
        self.settle()
        self.dismiss_toasts()
        # the preview in view, as a user scrolls to it; the PDF viewer paints after the page
        s.execute("arguments[0].scrollIntoView({block: 'center'})", iframe.as_arg())
        # WebKitGTK's PDF viewer sits in an inner frame of its own that the Jobs screen stretches
        # to the preview's size (it stays 300x150 otherwise)
        viewer_height = ("const d = arguments[0].contentDocument; const f = d && d.querySelector('iframe, embed');"
                         " return f ? f.getBoundingClientRect().height : 0;")
        wait_until("the PDF viewer filling the preview (taller than 300 px)",
                   lambda: (s.execute(viewer_height, iframe.as_arg()) or 0) > 300, UI_TIMEOUT)
        time.sleep(1.5)
        self.screenshot("job-detail")

        # 5. the desktop notifications: the hunt's summary (its notify operation) and the high
        #    matches (the rule made above), as Notify calls at the daemon on the private bus
        wait_until("the hunt's summary notification at the D-Bus notification daemon",
                   lambda: [n for n in notifications() if "Job hunt finished" in n], 30)
        wait_until(f"the high-match notification naming {title!r} at the notification daemon",
                   lambda: [n for n in notifications() if ("High match" in n or "high-match" in n) and title in n], 30)
        records = cli_json("notifications", "list")
        sent = [r for r in records if r.get("channel") == "desktop" and r.get("status") == "sent"]
        check(len(sent) >= 2, f"the notification record has fewer than 2 sent desktop deliveries: {records}")
        log(f"notification daemon got {len(notifications())} Notify calls: the summary and the high matches")

        # 6. the other main screens
        # 6. the other main screens; the job goes on the wishlist first (CLI), so the
        #    Applications screen has something to show
        cli_json("applications", "add", job_id)
        for label, name, expect in [("Dashboard", "dashboard", "weekday-mornings"),
                                    ("Runs", "runs", "daily_job_hunt"),
                                    ("Audit", "audit", "scrape_jobs"),
                                    ("Applications", "applications", title),
                                    ("Schedules", "schedules", "weekday-mornings"),
                                    ("Settings", "settings", self.board.base_url)]:
            self.open_screen(label)
            wait_until(f"the {label} screen to show {expect!r}", lambda: expect in self.page_text(), UI_TIMEOUT)
            self.screenshot(name)

    def report_failure(self, error):
        os.makedirs(ARTIFACTS, exist_ok=True)
        print(f"\ne2e: FAILED: {error}", file=sys.stderr)
        if not isinstance(error, (Failure, Timeout)):
            traceback.print_exc()
        if self.session is not None:
            try:
                print(f"---- at {self.session.url} ----", file=sys.stderr)
                print(f"---- page text (excerpt) ----\n{self.page_text()[:3000]}", file=sys.stderr)
                source = self.session.source
                body = source.find("<body")
                with open(os.path.join(ARTIFACTS, "failure.html"), "w", encoding="utf-8") as f:
                    f.write(source)
                print(f"---- page source (excerpt; whole: target/e2e/failure.html) ----\n"
                      f"{source[max(body, 0):max(body, 0) + 3000]}", file=sys.stderr)
                shot = self.session.save_screenshot(os.path.join(ARTIFACTS, "failure.png"))
                print(f"---- screenshot: {os.path.relpath(shot, REPO)} ----", file=sys.stderr)
            except Exception as e:
                print(f"(could not read the screen: {e})", file=sys.stderr)
        if self.board is not None:
            print(f"---- fixture board requests ----\n{self.board.requests()}", file=sys.stderr)
        print(f"---- notification daemon log ----\n{tail(NOTIFY_LOG, 20)}", file=sys.stderr)
        print(f"---- app output via tauri-driver (last 60 lines) ----\n{tail(DRIVER_LOG, 60)}", file=sys.stderr)
        shutil.copy(DRIVER_LOG, os.path.join(ARTIFACTS, "app.log")) if os.path.exists(DRIVER_LOG) else None


def find_key(value, key):
    """The first value under `key` anywhere in a JSON document (the CLI's shapes nest)."""
    if isinstance(value, dict):
        if key in value:
            return value[key]
        for v in value.values():
            found = find_key(v, key)
            if found is not None:
                return found
    elif isinstance(value, list):
        for v in value:
            found = find_key(v, key)
            if found is not None:
                return found
    return None


def main():
    test = Test()
    status = 1

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    try:
        test.start()
        test.run()
        status = 0
        log(f"OK: {len(test.shots)} screenshots in {os.path.relpath(SCREENSHOTS, REPO)}")
    except BaseException as e:  # noqa: BLE001 - report anything, then clean up
        test.report_failure(e)
    finally:
        test.stop()
    return status


if __name__ == "__main__":
    sys.exit(main())
