#!/usr/bin/env python3
"""End-to-end test of the JobHunter desktop app on its real window (standard library only).

Run it through scripts/e2e, which provides the private D-Bus session with python-dbusmock's
notification daemon, the Xvfb display and the E2E_* environment variables that common.py
lists. Its data dir is $E2E_WORK/data.

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
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (  # noqa: E402
    REPO, SCREENSHOTS, WORK, UI_TIMEOUT, AppTest, check, find_key, log, main, notifications,
)
from webdriver import wait_until  # noqa: E402

DATA = os.path.join(WORK, "data")

SOURCES = ["greenhouse:acme", "lever:globex", "remoteok"]
KEYWORDS = ["rust"]
THRESHOLD = "0.5"
SCREEN_LINKS = ["Dashboard", "Jobs", "Applications", "Flows", "Runs", "Audit", "Schedules", "Profile", "Settings"]


class Test(AppTest):
    def __init__(self):
        super().__init__(DATA, WORK)

    def seed(self):
        """What a user set up earlier, made with the CLI in the fresh data dir: a rule that
        notifies high matches on the desktop, and a weekday-morning deployment of the hunt (so
        the Schedules and Dashboard screenshots show one; it does not fire during the test)."""
        self.cli("rules", "add", "--on", "high_match", "--channel", "desktop")
        params = {"sources": SOURCES, "keywords": KEYWORDS, "match_threshold": float(THRESHOLD)}
        self.cli("deployments", "create", "--flow", "daily_job_hunt", "--name", "weekday-mornings",
                 "--cron", "0 8 * * 1-5", "--tz", "Europe/Berlin", "--catchup", "skip",
                 "--params", json.dumps(params))
        log("CLI: a high_match rule on the desktop channel, a daily_job_hunt deployment")

    def job_cvs(self, job_id):
        """The job's CV PDFs in the database (CLI)."""
        docs = self.cli("documents", "list")
        docs = docs if isinstance(docs, list) else find_key(docs, "documents") or []
        return [d for d in docs
                if d.get("job_id", d.get("jobId")) == job_id and d.get("kind") == "cv" and d.get("format") == "pdf"]

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
        stored = self.cli("profile", "show")
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
        self.wait_run(run_id)
        run = self.cli("runs", "show", run_id)
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
        job = self.cli("jobs", "show", job_id)
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
        records = self.cli("notifications", "list")
        sent = [r for r in records if r.get("channel") == "desktop" and r.get("status") == "sent"]
        check(len(sent) >= 2, f"the notification record has fewer than 2 sent desktop deliveries: {records}")
        log(f"notification daemon got {len(notifications())} Notify calls: the summary and the high matches")

        # 6. the other main screens
        # 6. the other main screens; the job goes on the wishlist first (CLI), so the
        #    Applications screen has something to show
        self.cli("applications", "add", job_id)
        for label, name, expect in [("Dashboard", "dashboard", "weekday-mornings"),
                                    ("Runs", "runs", "daily_job_hunt"),
                                    ("Audit", "audit", "scrape_jobs"),
                                    ("Applications", "applications", title),
                                    ("Schedules", "schedules", "weekday-mornings"),
                                    ("Settings", "settings", "Search Remote OK")]:
            self.open_screen(label)
            wait_until(f"the {label} screen to show {expect!r}", lambda: expect in self.page_text(), UI_TIMEOUT)
            self.screenshot(name)


if __name__ == "__main__":
    sys.exit(main(Test()))
