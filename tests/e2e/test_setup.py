#!/usr/bin/env python3
"""End-to-end test of the first start: the guided setup on the real window, from an empty data
dir to the first hunt's results (standard library only).

Run it through scripts/e2e (after test_app.py), which provides the private D-Bus session, the
Xvfb display and the E2E_* environment variables that common.py lists. Its data dir is
$E2E_WORK/setup/data, empty, and the app is an instance of its own.

What it does, all by clicking (the CLI only reads the database to cross-check):
 1. the app opens on #/setup by itself (a first start),
 2. "Your CV": uploads a PDF CV (scripts/make-cvs renders tests/fixtures/cvs/en-backend-anna.json)
    through the file input, waits for the review (the sections and the text read), "Use this
    section" on each, "Save my profile"; sees "Your CV: Anna ..."; the stored profile's name is
    the source's,
 3. "What you're looking for": a job title and a place, "Save preferences",
 4. "Where to search": ticks Remote OK; "Add a company" with the fixture board's /careers page
    (a Greenhouse embed): "Find" names the company and its open jobs, "Add", "Save"; the daily
    hunt's deployment searches remoteok and greenhouse:acme,
 5. "When to hunt": 08:30, weekdays only, said back in words; "Start JobHunter when I log in"
    writes the login item (in the journey's own HOME) with --hidden; "Save"; the deployment is
    active on cron "30 8 * * 1-5"; Settings later shows the login switch on,
 6. "Run your first hunt": "Run the first hunt now", the run detail says Completed; Jobs lists
    scored jobs; the setup says everything is set up.
Screenshots setup-*.png into $E2E_SCREENSHOTS (setup-done.png only when every step is done).
On a failure: as test_app.py, with the artifacts named target/e2e/setup-failure.png|.html and
setup-app.log. Saving step 4 may fail without stopping the journey (the first hunt does not need
it; setup-failure-1.png shows it): the test then fails at the end, naming it.
"""

import json
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (  # noqa: E402
    ARTIFACTS, REPO, SCREENSHOTS, UI_TIMEOUT, WORK, AppTest, Failure, check, find_key, log, main,
)
from webdriver import Timeout, wait_until  # noqa: E402

HOME = os.path.join(WORK, "setup")
DATA = os.path.join(HOME, "data")
CVS = os.path.join(HOME, "cvs")
CV_ID = "en-backend-anna"
CV_FILE = f"{CV_ID}.reportlab.pdf"
KEYWORDS = "Rust"  # "Senior Rust Engineer" (greenhouse:acme), "Rust Developer" (remoteok)
LOCATION = "Berlin"
SOURCES = {"remoteok", "greenhouse:acme"}
TIME = "08:30"
CRON = "30 8 * * 1-5"


def step_heading(n):
    return f'//h2[starts-with(normalize-space(), "Step {n} of 5:")]'


class SetupTest(AppTest):
    def __init__(self):
        super().__init__(DATA, HOME, artifact="setup-failure", app_log="setup-app.log")
        self.problems = []

    def seed(self):
        """No data at all: only the CV file the user picks, rendered from its source."""
        check(not os.listdir(DATA), f"the data dir {DATA} is not empty")
        out = subprocess.run(["/usr/bin/python3", os.path.join(REPO, "scripts", "make-cvs"), CVS],
                             capture_output=True, text=True, timeout=60)
        check(out.returncode == 0, f"scripts/make-cvs failed: {out.stderr.strip()}")
        check(os.path.isfile(os.path.join(CVS, CV_FILE)), f"scripts/make-cvs made no {CV_FILE}")
        log(f"scripts/make-cvs: {CV_FILE}")

    def step(self, n, title):
        """Waits for step `n`'s panel (its heading names it)."""
        heading = self.session.wait_xpath(step_heading(n), f"the panel of step {n}", UI_TIMEOUT)
        wait_until(f"step {n} to be {title!r}", lambda: title in heading.text, UI_TIMEOUT)
        wait_until(f"#/setup?step={n} or #/setup", lambda: "#/setup" in self.session.url, UI_TIMEOUT)
        self.settle()
        return heading

    def next_step(self, label, n, title):
        self.click(self.button(label))
        self.step(n, title)

    def to_top(self):
        self.session.execute("const m = document.querySelector('.app-main'); if (m) m.scrollTop = 0; window.scrollTo(0, 0);")

    def hunt_deployment(self):
        hunts = [d for d in self.cli("deployments", "list") if d.get("flow_name") == "daily_job_hunt"]
        check(len(hunts) == 1, f"expected one daily_job_hunt deployment, got {hunts}")
        return hunts[0]

    # --- the journey -----------------------------------------------------------------------
    def run(self):
        os.makedirs(SCREENSHOTS, exist_ok=True)
        s = self.session
        with open(os.path.join(REPO, "tests", "fixtures", "cvs", f"{CV_ID}.json"), encoding="utf-8") as f:
            source = json.load(f)
        name, first = source["name"], source["name"].split()[0]

        # 1. the first start opens the setup
        wait_until("the app to open #/setup by itself", lambda: s.url.endswith("#/setup"), 60)
        self.step(1, "Your CV")
        log("first start: the app opened #/setup on step 1")
        self.screenshot("setup-1-cv")
        # Plain #/setup shows the first step not done yet, so saving the CV there would swap the
        # panel for step 2 at once (the summary below never shows): the user picks step 1 in the
        # stepper (#/setup?step=1), as the Next buttons pick theirs.
        self.click(s.wait_xpath('//nav[@aria-label="Setup steps"]//button[.//*[normalize-space()="1. Your CV"]]',
                                "the stepper's step 1", UI_TIMEOUT))
        wait_until("#/setup?step=1", lambda: s.url.endswith("#/setup?step=1"), UI_TIMEOUT)

        # 2. the CV: a PDF through the file input, checked section by section, saved
        s.wait_css('input[type="file"]', UI_TIMEOUT).send_keys(os.path.join(CVS, CV_FILE))
        s.wait_xpath(f'//h3[normalize-space()="Check what we read from {CV_FILE}"]', "the CV review", 60)
        original = self.by_testid("cv-original-text")
        wait_until(f"the text read from the PDF to name {name!r}", lambda: name in original.text, UI_TIMEOUT)
        sections = s.xpath('//section[contains(@class, "cv-review-section")]')
        check(len(sections) == 5, f"the review shows {len(sections)} sections, not 5")
        for _ in range(len(sections)):
            use = s.xpath('//button[normalize-space()="Use this section"]')
            if not use:
                break
            label = use[0].attribute("aria-label")
            self.click(use[0])
            wait_until(f"{label!r} to be taken", lambda: not [b for b in s.xpath('//button[normalize-space()="Use this section"]')
                                                               if b.attribute("aria-label") == label], 5)
        accepted = s.xpath('//span[contains(@class, "cv-review-state-accepted")]')
        check(len(accepted) == len(sections), f"{len(accepted)} of {len(sections)} sections say 'Will be saved'")
        check(not s.css('[data-testid="cv-review-unchecked"]'), "the review still lists sections not checked")
        log(f"the review of {CV_FILE}: {len(sections)} sections accepted")
        self.to_top()
        s.execute("""
            const el = document.getElementById('cv-review-title');
            el.scrollIntoView({block: 'start'});
            let p = el.parentElement;
            while (p && p.scrollHeight <= p.clientHeight) p = p.parentElement;
            (p || document.scrollingElement).scrollTop -= 16;
            """)
        self.settle()
        self.screenshot("setup-1-review")
        self.click(self.button("Save my profile"))
        summary = self.by_testid("cv-summary", timeout=UI_TIMEOUT)
        wait_until(f'"Your CV: {first} ..."', lambda: summary.text.startswith(f"Your CV: {first}"), UI_TIMEOUT)
        stored = self.cli("profile", "show")
        stored_name = find_key(find_key(stored, "basics") or {}, "name")
        check(stored_name == name, f"the stored profile's basics.name is {stored_name!r}, not {name!r}")
        log(f"profile saved: {summary.text!r}; the CLI reads basics.name {stored_name!r}")

        # 3. what the user is looking for
        self.next_step("Next: what you're looking for", 2, "What you're looking for")
        self.fill(s.wait_css("textarea#pref-keywords", UI_TIMEOUT), KEYWORDS)
        self.fill(s.wait_css("textarea#pref-locations", UI_TIMEOUT), LOCATION)
        self.click(self.button("Save preferences"))
        wait_until('"Preferences saved."', lambda: "Preferences saved." in self.page_text(), UI_TIMEOUT)
        prefs = find_key(self.cli("profile", "show"), "preferences") or {}
        check(prefs.get("keywords") == [KEYWORDS], f"the stored keywords are {prefs.get('keywords')!r}")
        log(f"preferences saved: {KEYWORDS!r} in {LOCATION!r}")
        self.to_top()
        self.settle()
        self.screenshot("setup-2-looking-for")

        # 4. where to search: a job site ticked, a company added from its careers page
        self.next_step("Next: where to search", 3, "Where to search")
        self.click(s.wait_xpath('//label[normalize-space()="Remote OK"]', "the Remote OK checkbox", UI_TIMEOUT))
        wait_until("Remote OK to be ticked", lambda: s.css("input#source-remoteok")[0].prop("checked"), 5)
        careers = f"{self.board.base_url}/careers"
        self.fill(s.wait_css("input#setup-company-url", UI_TIMEOUT), careers)
        self.click(self.button("Find"))
        found = s.wait_css(".setup-found", UI_TIMEOUT)
        with open(os.path.join(REPO, "tests", "fixtures", "boards", "greenhouse-acme.json"), encoding="utf-8") as f:
            open_jobs = len(json.load(f)["jobs"])
        expect = f"Found: Acme Robotics ({open_jobs} open jobs)"
        wait_until(f"{expect!r}", lambda: expect in found.text, UI_TIMEOUT)
        log(f"{careers}: {found.text.replace(chr(10), ' ')!r}")
        self.click(self.button("Add", scope='//*[contains(@class, "setup-found")]//'))
        s.wait_xpath('//*[contains(@class, "setup-chip")]/span[normalize-space()="Acme Robotics"]',
                     "the company among those added", UI_TIMEOUT)
        self.click(self.button("Save"))
        wait_until('"Saved: the daily hunt searches 2 places."',
                   lambda: "Saved: the daily hunt searches 2 places." in self.page_text(), UI_TIMEOUT)
        sources = (self.hunt_deployment().get("parameters") or {}).get("sources") or []
        check(sorted(sources) == sorted(SOURCES) and len(sources) == len(SOURCES),
              f"the hunt's sources are {sources}, not {sorted(SOURCES)}")
        log(f"sources saved; the CLI reads {sources}")
        self.to_top()
        self.settle()
        self.screenshot("setup-3-where")

        # 5. when to hunt (a failure here is kept for the end: the first hunt does not need it)
        self.next_step("Next: when to hunt", 4, "When to hunt")
        self.fill(s.wait_css("input#setup-time", UI_TIMEOUT), TIME)
        weekdays = s.wait_css("input#setup-weekdays", UI_TIMEOUT)
        self.click(weekdays)
        wait_until("Weekdays only to be ticked", lambda: weekdays.prop("checked"), 5)
        words = self.by_testid("schedule-words")
        wait_until(f'"Monday to Friday at {TIME}."', lambda: words.text.strip() == f"Monday to Friday at {TIME}.", 5)
        self.soft("step 4, When to hunt: Start JobHunter when I log in", self.launch_at_login)
        self.to_top()
        self.settle()
        self.screenshot("setup-4-when")
        scheduled = self.soft("step 4, When to hunt: Save", self.save_schedule)

        # 6. the first hunt, its run, its results
        if scheduled:
            self.next_step("Next: run your first hunt", 5, "Run your first hunt")
        else:
            self.click(s.wait_xpath('//nav[@aria-label="Setup steps"]//button[.//*[normalize-space()="5. Run your first hunt"]]',
                                    "the stepper's step 5", UI_TIMEOUT))
            self.step(5, "Run your first hunt")
        self.click(self.button("Run the first hunt now"))
        run_url = wait_until("the run detail (#/runs/<id>) after Run the first hunt now",
                             lambda: (lambda u: u if "#/runs/" in u else None)(s.url), UI_TIMEOUT)
        run_id = run_url.split("#/runs/", 1)[1].split("?")[0].strip("/")
        log(f"started the first hunt: run {run_id}")
        self.wait_run(run_id)
        result = find_key(self.cli("runs", "show", run_id), "result") or {}
        check(result.get("success") is True, f"the hunt's result is not a success: {result}")
        log(f"result: {result.get('jobs_scraped')} jobs, {len(result.get('high_match_job_ids') or [])} high matches")
        self.open_screen("Jobs")
        rows = wait_until("job rows", lambda: s.css('[data-testid="job-row"]'), UI_TIMEOUT)
        scores = [r.find("css selector", ".jobs-score")[0].text.strip() for r in rows]
        check(any(re.fullmatch(r"\d+ %", x) for x in scores), f"no job row shows a score: {scores}")
        log(f"Jobs: {len(rows)} rows, scores {scores}")
        self.screenshot("setup-5-first-hunt")
        self.open_screen("Settings")
        switch = self.session.wait_css("input#launch-at-login", UI_TIMEOUT)
        wait_until("Settings to show Start JobHunter when I log in: on", lambda: switch.prop("checked") is True, UI_TIMEOUT)
        log("Settings shows the login item on")
        self.goto("#/setup")
        if not self.problems:
            wait_until('"Everything is set up."', lambda: "Everything is set up." in self.page_text(), UI_TIMEOUT)
            done = s.xpath('//nav[@aria-label="Setup steps"]//button[contains(@class, "setup-step-done")]')
            check(len(done) == 5, f"{len(done)} of 5 steps say done")
            self.screenshot("setup-done")
        check(not self.problems, "the journey went on after these failures:\n  " + "\n  ".join(self.problems))

    def launch_at_login(self):
        """Ticks "Start JobHunter when I log in": the login item exists in the app's home
        (~/.config/autostart, the XDG autostart entry), starting the app hidden in the tray."""
        switch = self.session.wait_css("input#setup-launch-at-login", UI_TIMEOUT)
        wait_until("the switch to know the current state (enabled)", lambda: switch.prop("disabled") is False, UI_TIMEOUT)
        check(switch.prop("checked") is False, "the login item is on before anyone switched it on")
        self.click(switch)
        wait_until("the switch to say on", lambda: switch.prop("checked") is True, UI_TIMEOUT)
        entry = os.path.join(self.home, ".config", "autostart", "JobHunter.desktop")
        text = wait_until(f"the login item {entry}", lambda: os.path.exists(entry) and open(entry, encoding="utf-8").read(), 10)
        check("--hidden" in text, f"the login item does not start the app hidden: {text!r}")
        log("Start JobHunter when I log in: on; the XDG autostart entry starts it --hidden")
        return True

    def save_schedule(self):
        s = self.session
        words = self.by_testid("schedule-words").text.strip()
        self.click(self.button("Save"))
        wait_until('"Saved: the daily hunt is on." (or an error)',
                   lambda: "Saved: the daily hunt is on." in self.page_text() or s.css('[role="alert"]'),
                   UI_TIMEOUT)
        check("Saved: the daily hunt is on." in self.page_text(),
              "saving the schedule failed: " + " / ".join(e.text.replace("\n", " ") for e in s.css('[role="alert"]')))
        hunt = self.hunt_deployment()
        exprs = [(x.get("kind"), x.get("expr")) for x in hunt.get("schedules") or []]
        check(hunt.get("paused") is False, f"the hunt's deployment is paused: {hunt}")
        check(("cron", CRON) in exprs, f"the hunt's schedules are {exprs}, not cron {CRON!r}")
        log(f"schedule saved: {words!r}; the CLI reads {hunt.get('schedule')!r}, not paused")
        return True

    def soft(self, what, action):
        """Runs `action`; a failure is logged with a screenshot (target/e2e/setup-failure-<n>.png)
        and kept for the end of the journey, which then fails. Returns the action's result or None."""
        try:
            return action()
        except (Failure, Timeout) as e:
            n = len(self.problems) + 1
            self.problems.append(f"{what}: {e}")
            os.makedirs(ARTIFACTS, exist_ok=True)
            shot = self.session.save_screenshot(os.path.join(ARTIFACTS, f"setup-failure-{n}.png"))
            log(f"FAILED (going on): {what}: {e} (screenshot {os.path.relpath(shot, REPO)})")
            return None


if __name__ == "__main__":
    sys.exit(main(SetupTest()))
