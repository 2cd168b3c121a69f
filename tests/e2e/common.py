"""What the end-to-end journeys share (standard library only): the environment scripts/e2e
provides, logging, the CLI cross-checks, starting the app through tauri-driver with a data dir
of its own, the UI helpers, the failure report and the runner.

    E2E_APP            absolute path of target/debug/jobhunter-desktop
    E2E_CLI            absolute path of target/debug/jobhunter (cross-checks the database)
    E2E_WORK           a temporary directory (data dirs, logs)
    E2E_NOTIFY_LOG     the notification daemon's call log
    E2E_SCREENSHOTS    where the screenshots go (target/e2e/screenshots)
    E2E_ARTIFACTS      where a failure's screenshot and page source go (target/e2e)
    E2E_TAURI_DRIVER   tauri-driver;  E2E_NATIVE_DRIVER  WebKitWebDriver
    E2E_TIMEOUT        seconds for a run to reach a final state (default 120)
"""

import json
import os
import re
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
FINAL_STATES = {"Completed", "Failed", "Crashed", "Cancelled", "TimedOut", "Cancelling"}

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


def cli_json(data, *args):
    """`jobhunter --data-dir DATA --json ARGS...`, its JSON answer (the CLI only reads here)."""
    out = subprocess.run([CLI, "--data-dir", data, "--json", *args], capture_output=True, text=True, timeout=60)
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


# The sidebar's "Automation" group (closed until its button is clicked).
AUTOMATION = ("Flows", "Runs", "Audit", "Schedules")

# Words a job seeker should never meet outside the Automation screens (issue: plain language).
ENGINE_WORDS = [r"\bflows?\b", r"\brun id\b", r"\btask ?runs?\b", r"\bdeployments?\b", r"\bcron\b",
                r"\boperations?\b", r"\bjson\b"]
# A snake_case label: lower-case words joined by underscores (e.g. match_threshold).
SNAKE_CASE = r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"


def engine_words(text):
    """The engine words and snake_case labels in `text` (case-insensitive for the words)."""
    found = []
    for pattern in ENGINE_WORDS:
        found += [m.group(0) for m in re.finditer(pattern, text, re.IGNORECASE)]
    found += [m.group(0) for m in re.finditer(SNAKE_CASE, text)]
    return sorted(set(found))


class AppTest:
    """One journey: the fixture board, tauri-driver and the app on the data dir `data`, the
    UI helpers, and the failure report (artifacts named `<artifact>.png|.html`, `<app_log>`)."""

    def __init__(self, data, work, artifact="failure", app_log="app.log"):
        self.data = data
        self.work = work
        self.driver_log = os.path.join(work, "tauri-driver.log")
        self.artifact = artifact
        self.app_log = app_log
        self.board = None
        self.driver = None
        self.session = None
        self.shots = []
        self.home = os.path.join(work, "home")

    def cli(self, *args):
        return cli_json(self.data, *args)

    # --- processes -----------------------------------------------------------------------
    def seed(self):
        """What the journey stores before the app starts (nothing by default)."""

    def start(self):
        os.makedirs(self.work, exist_ok=True)
        os.makedirs(self.data, exist_ok=True)
        os.makedirs(self.home, exist_ok=True)
        self.seed()
        self.board = FixtureBoard().start()
        log(f"fixture board on {self.board.base_url}")
        port, native_port = free_port(), free_port()
        env = dict(os.environ)
        env.update(self.board.env())
        env.update(
            JOBHUNTER_DATA_DIR=self.data,
            RUST_LOG=os.environ.get("RUST_LOG", "info"),
            # no GPU behind Xvfb
            WEBKIT_DISABLE_DMABUF_RENDERER="1",
            LIBGL_ALWAYS_SOFTWARE="1",
            NO_AT_BRIDGE="1",
            # on Xvfb even inside a Wayland session (GTK would prefer that)
            GDK_BACKEND="x11",
            # A home of its own: "Start JobHunter when I log in" writes
            # ~/.config/autostart/JobHunter.desktop and the applications' export goes to
            # ~/Downloads; neither may touch the real user's home.
            HOME=self.home,
        )
        # The app inherits this environment (tauri-driver -> WebKitWebDriver -> the app); its
        # stderr ends up in the driver's log. A session of its own, so cleanup ends them all.
        with open(self.driver_log, "wb") as out:
            self.driver = subprocess.Popen(
                [TAURI_DRIVER, "--port", str(port), "--native-port", str(native_port),
                 "--native-driver", NATIVE_DRIVER],
                env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        # scripts/e2e's backstop ends this process group when the journey could not
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
        """Clicks the sidebar link `label`; the Automation screens (Flows, Runs, Audit,
        Schedules) sit in a group that opens with its "Automation" button first."""
        if label in AUTOMATION and not any(
                a.displayed() for a in self.session.xpath(f'//nav//a[normalize-space()="{label}"]')):
            toggle = self.session.wait_xpath('//nav//button[contains(normalize-space(), "Automation")]',
                                             "the sidebar's Automation button", UI_TIMEOUT)
            self.click(toggle)
        link = self.session.wait_xpath(
            f'//nav//a[normalize-space()="{label}"]', f"the sidebar link {label!r}", UI_TIMEOUT
        )
        self.click(link)
        href = link.attribute("href") or ""
        fragment = href[href.index("#"):] if "#" in href else "#/"
        wait_until(f"the route {fragment}", lambda: self.session.url.endswith(fragment), UI_TIMEOUT)
        self.settle()

    def goto(self, fragment):
        """Opens a route the sidebar has no link for (e.g. "#/setup"), as a link in the app does."""
        self.session.execute("window.location.hash = arguments[0]", fragment)
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

    def wait_run(self, run_id):
        """Waits on the run detail until the live state is final; checks it is Completed."""
        state_el = self.by_testid("run-state")
        state = wait_until(
            "the run to reach a final state",
            lambda: (lambda t: t if t in FINAL_STATES else None)(state_el.text.strip()),
            RUN_TIMEOUT,
            interval=0.5,
        )
        check(state == "Completed", f"the run ended {state}, not Completed")
        log(f"run {run_id}: the run detail says Completed")

    def app_text(self):
        """The visible text of the screen the app wrote: the main area's innerText without the
        postings' and the user's own words (elements marked `data-user-text`: a job's
        description may well say "JSON" or "data flow"), and with form fields' visible labels
        only (innerText never includes an input's value)."""
        return self.session.execute(
            """
            const main = document.querySelector('main') || document.body;
            const copy = main.cloneNode(true);
            copy.querySelectorAll('[data-user-text], script, style, [hidden]').forEach((e) => e.remove());
            document.body.appendChild(copy);
            copy.style.position = 'absolute'; copy.style.left = '-10000px';
            const text = copy.innerText;
            copy.remove();
            return text;
            """
        ) or ""

    def check_plain_language(self, screen):
        """Fails when the screen shows an engine word or a snake_case label (ENGINE_WORDS)."""
        text = self.app_text()
        found = engine_words(text)
        check(not found, f"the {screen} screen speaks engine: {found} in {text[:1500]!r}")
        log(f"{screen}: no engine words ({len(text)} characters read)")

    def screenshot(self, name):
        self.dismiss_toasts()
        path = os.path.join(SCREENSHOTS, f"{name}.png")
        self.session.save_screenshot(path)
        self.shots.append(path)
        log(f"screenshot {os.path.relpath(path, REPO)}")

    # --- the report --------------------------------------------------------------------------
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
                html = os.path.join(ARTIFACTS, f"{self.artifact}.html")
                with open(html, "w", encoding="utf-8") as f:
                    f.write(source)
                print(f"---- page source (excerpt; whole: {os.path.relpath(html, REPO)}) ----\n"
                      f"{source[max(body, 0):max(body, 0) + 3000]}", file=sys.stderr)
                shot = self.session.save_screenshot(os.path.join(ARTIFACTS, f"{self.artifact}.png"))
                print(f"---- screenshot: {os.path.relpath(shot, REPO)} ----", file=sys.stderr)
            except Exception as e:
                print(f"(could not read the screen: {e})", file=sys.stderr)
        if self.board is not None:
            print(f"---- fixture board requests ----\n{self.board.requests()}", file=sys.stderr)
        print(f"---- notification daemon log ----\n{tail(NOTIFY_LOG, 20)}", file=sys.stderr)
        print(f"---- app output via tauri-driver (last 60 lines) ----\n{tail(self.driver_log, 60)}", file=sys.stderr)
        if os.path.exists(self.driver_log):
            shutil.copy(self.driver_log, os.path.join(ARTIFACTS, self.app_log))

    def run(self):
        raise NotImplementedError


def main(test):
    """Starts `test`, runs it, reports a failure, stops it; the exit status."""
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
