#!/usr/bin/env python3
"""End-to-end test of the JobHunter desktop app on its real window (standard library only).

Run it through scripts/e2e, which provides the private D-Bus session with python-dbusmock's
notification daemon, the Xvfb display and the E2E_* environment variables that common.py
lists. Its data dir is $E2E_WORK/data.

What it does, through the UI only (the CLI only reads the database to cross-check):
 1. serves the repository's board fixtures on 127.0.0.1 and points every
    JOBHUNTER_<BOARD>_URL there; starts tauri-driver, which starts the app with a temporary
    JOBHUNTER_DATA_DIR; sets a fixed window size (1280x800),
 2. the sidebar: Dashboard, Jobs, Applications, Profile, Settings; the Automation screens stay
    closed until "Automation" is clicked,
 3. Profile: opens "For experts: paste a résumé…", pastes tests/fixtures/profile.json,
    "Import profile",
 4. Automation > Flows: the Daily job hunt card says its settings in words; "Run Daily job
    hunt", fills sources, keywords and the strong-match threshold (in percent), "Start run";
    Run detail: waits for the live state to say Completed,
 5. Dashboard: the "Last hunt" card counts the jobs; its "See the N new jobs" link lists the
    jobs new in that hunt (with the chip saying so),
 6. Jobs: opens a high match; its detail shows the title; "Generate CV" lists the PDF with a
    preview iframe and its place on disk; the CV exists on disk as a PDF,
 7. the job page's "Save to wishlist", then "I applied" ten days ago: Applications shows the
    follow-up reminder as due ("Time to follow up (1)", "Follow up now"),
 8. the notification daemon on the private session bus received the hunt's summary and the
    high match,
 9. Automation > Schedules: "New schedule" in words (Monday, Wednesday, Friday at 07:30) makes
    cron "30 7 * * 1,3,5" with the saved job sites filled in,
10. on Dashboard, Jobs, a job page, Applications, Profile and Settings, the visible text (the
    postings' own words excepted) has no engine word (flow, run id, TaskRun, deployment, cron,
    operation, JSON) and no snake_case label; screenshots of the screens into $E2E_SCREENSHOTS.
On a failure: the error, the page's text and source (excerpts), a screenshot path, the app's
output (tauri-driver's log carries the app's stderr), the fixture board's requests and the
notification log; then a non-zero exit.
"""

import datetime
import json
import os
import shutil
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (  # noqa: E402
    AUTOMATION, REPO, SCREENSHOTS, WORK, UI_TIMEOUT, AppTest, check, find_key, log, main, notifications,
)
from webdriver import wait_until  # noqa: E402

DATA = os.path.join(WORK, "data")

SOURCES = ["greenhouse:acme", "lever:globex", "remoteok"]
# A board with a wrong company name: the fixture board answers 404, so the hunt goes on without
# it and the job sites' health says so in words.
BROKEN_SOURCE = "lever:initrode"
KEYWORDS = ["rust"]
# The form shows the strong-match threshold in percent; the run's parameters keep 0..1.
THRESHOLD = "50"
SCREEN_LINKS = ["Dashboard", "Jobs", "Applications", "Profile", "Settings"]
# A schedule made in words on the Schedules screen: Monday, Wednesday and Friday at 07:30.
WORDS_SCHEDULE = ("hunt three mornings", "Every Monday, Wednesday and Friday at 07:30", "30 7 * * 1,3,5")


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
        for label in AUTOMATION:
            check(not any(a.displayed() for a in s.xpath(f'//nav//a[normalize-space()="{label}"]')),
                  f"the sidebar shows {label!r} before Automation was opened")
        log("the app shows its sidebar: the job seeker's screens, Automation closed")

        # 2. the profile
        self.open_screen("Profile")
        with open(os.path.join(REPO, "tests", "fixtures", "profile.json"), encoding="utf-8") as f:
            profile = f.read()
        # the experts' paste form is closed until its summary is clicked
        self.click(s.wait_css("summary#import-title", UI_TIMEOUT))
        self.fill(s.wait_css("textarea#profile-json", UI_TIMEOUT), profile)
        self.click(self.button("Import profile"))
        wait_until('"Profile saved"', lambda: "Profile saved" in self.page_text(), UI_TIMEOUT)
        stored = self.cli("profile", "show")
        check("Müller" in json.dumps(stored, ensure_ascii=False), f"the stored profile is not the fixture: {str(stored)[:300]}")
        log("profile imported")
        # closed again, as the screen opens: the everyday Profile has no paste box
        self.click(s.wait_css("summary#import-title", UI_TIMEOUT))
        self.settle()
        self.check_plain_language("Profile")
        self.screenshot("profile")

        # 3. daily_job_hunt from the Flows screen
        self.open_screen("Flows")
        card = self.by_testid("flow-daily_job_hunt")
        settings = "Tries again once · Time limit 1 hour · Tags: production, scheduled"
        wait_until(f"the Daily job hunt card to say {settings!r}", lambda: settings in card.text, UI_TIMEOUT)
        self.screenshot("flows")
        self.click(self.button("Run Daily job hunt", scope='//*[@data-testid="flow-daily_job_hunt"]//'))
        wait_until("the form at #/flows/daily_job_hunt", lambda: s.url.endswith("#/flows/daily_job_hunt"), UI_TIMEOUT)
        self.fill(s.wait_css("#param-sources", UI_TIMEOUT), "\n".join(SOURCES + [BROKEN_SOURCE]))
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

        # 4. the hunt's summary on the Dashboard, linking to the jobs it found
        self.open_screen("Dashboard")
        card = self.by_testid("hunt-summary")
        summary = wait_until("the Last hunt card to count the jobs",
                             lambda: (lambda t: t if "jobs found" in t or "job found" in t else None)(
                                 self.by_testid("hunt-summary-text").text), UI_TIMEOUT)
        check(str(result.get("jobs_scraped")) in summary, f"the summary {summary!r} does not say {result.get('jobs_scraped')} jobs")
        self.check_plain_language("Dashboard")
        self.screenshot("dashboard-summary")
        link = wait_until("the summary's link to the new jobs",
                          lambda: card.find("xpath", './/a[starts-with(normalize-space(), "See the")]'), UI_TIMEOUT)[0]
        log(f"Last hunt: {summary!r}; following {link.text!r}")
        self.click(link)
        wait_until(f"the route #/jobs?hunt={run_id}", lambda: s.url.endswith(f"#/jobs?hunt={run_id}"), UI_TIMEOUT)
        wait_until('the chip "Showing jobs new in the hunt of …"',
                   lambda: "Showing jobs new in the hunt of" in self.page_text(), UI_TIMEOUT)
        self.settle()
        hunt_rows = s.css('[data-testid="job-row"]')
        check(hunt_rows, "the hunt's new jobs list is empty")
        check(any(f"#/jobs/{high[0]}" in (r.attribute("href") or "") or r.find("css selector", f'a[href="#/jobs/{high[0]}"]')
                  for r in hunt_rows), f"the hunt's new jobs do not include its high match {high[0]}")
        self.check_plain_language("Jobs")
        log(f"the summary's link lists {len(hunt_rows)} jobs new in this hunt")

        # 5. the matched job and its CV
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
        # where the PDF is on disk, to attach it elsewhere
        wait_until("the CV's place on disk on the job page", lambda: cvs[0]["path"] in self.page_text(), UI_TIMEOUT)
        self.check_plain_language("job page")
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

        # 6. apply and track from the job page: the wishlist, then "I applied" ten days ago
        self.apply_and_track(job_id, title)

        # 7. the desktop notifications: the hunt's summary (its notify operation) and the high
        #    matches (the rule made above), as Notify calls at the daemon on the private bus
        wait_until("the hunt's summary notification at the D-Bus notification daemon",
                   lambda: [n for n in notifications() if "Job hunt finished" in n], 30)
        wait_until(f"the high-match notification naming {title!r} at the notification daemon",
                   lambda: [n for n in notifications() if ("High match" in n or "high-match" in n) and title in n], 30)
        records = self.cli("notifications", "list")
        sent = [r for r in records if r.get("channel") == "desktop" and r.get("status") == "sent"]
        check(len(sent) >= 2, f"the notification record has fewer than 2 sent desktop deliveries: {records}")
        log(f"notification daemon got {len(notifications())} Notify calls: the summary and the high matches")

        # 8. a schedule made in words
        self.schedule_in_words()

        # 9. the other screens
        for label, name, expect in [("Dashboard", "dashboard", "weekday-mornings"),
                                    ("Runs", "runs", "Daily job hunt"),
                                    ("Audit", "audit", "scrape_jobs"),
                                    ("Schedules", "schedules", WORDS_SCHEDULE[1]),
                                    ("Settings", "settings", "Search Remote OK")]:
            self.open_screen(label)
            wait_until(f"the {label} screen to show {expect!r}", lambda: expect in self.page_text(), UI_TIMEOUT)
            if label not in AUTOMATION:
                self.check_plain_language(label)
            self.screenshot(name)

        # 10. the job sites' health, from Settings' job sites: each board the hunt asked, in words
        self.click(s.wait_xpath('//a[normalize-space()="See how each job site is doing"]',
                                "the Settings link to the job sites' health", UI_TIMEOUT))
        wait_until("the route #/sources", lambda: s.url.endswith("#/sources"), UI_TIMEOUT)
        wait_until("the Sources view to say how the sites answered",
                   lambda: "Last search:" in self.page_text(), UI_TIMEOUT)
        health = self.cli("sources", "health")
        check(isinstance(health, list) and health, f"`sources health` lists no source after the hunt: {health}")
        broken = [h for h in health if h.get("spec") == BROKEN_SOURCE]
        check(broken and broken[0].get("consecutive_failures") == 1 and broken[0].get("last_error_kind") == "not_found",
              f"`sources health` does not show {BROKEN_SOURCE} failing once as not found: {broken}")
        wait_until("the Sources view to say the broken board was not found",
                   lambda: "check the company name" in self.page_text(), UI_TIMEOUT)
        self.settle()
        self.check_plain_language("Sources")
        self.screenshot("sources")
        log(f"Sources: {len(health)} job sites, states {sorted({h.get('state') for h in health})}")

    def apply_and_track(self, job_id, title):
        """Save to wishlist, "I applied" (ten days ago, by email) on the job page; the
        Applications board then shows the follow-up as due (7 days after applying)."""
        s = self.session
        self.click(self.button("Save to wishlist"))
        status = self.by_testid("apply-status")
        wait_until('"In your applications: Wishlist"', lambda: "In your applications: Wishlist" in status.text, UI_TIMEOUT)
        self.click(self.button("I applied"))
        day = (datetime.date.today() - datetime.timedelta(days=10)).isoformat()
        self.fill(self.labelled("When did you apply?"), day)
        self.fill(self.labelled("Note (optional)"), "Sent through the company's site.")
        self.click(self.button("Save “I applied”"))
        wait_until('"In your applications: Applied"',
                   lambda: "In your applications: Applied" in self.by_testid("apply-status").text, UI_TIMEOUT)
        apps = self.cli("applications", "list")
        apps = apps if isinstance(apps, list) else find_key(apps, "applications") or []
        mine = [a for a in apps if a.get("job_id", a.get("jobId")) == job_id]
        check(mine and mine[0].get("stage") == "applied", f"the job's application is not applied: {apps}")
        check(mine[0].get("applied_on") == day, f"applied on {mine[0].get('applied_on')!r}, not {day}")
        log(f"job page: wishlisted, then applied on {day}; follow-up on {mine[0].get('follow_up_on')}")
        self.settle()
        s.execute("arguments[0].scrollIntoView({block: 'center'})", self.by_testid("apply-status").as_arg())
        time.sleep(0.3)
        self.screenshot("job-applied")
        self.open_screen("Applications")
        wait_until('"Time to follow up (1)"', lambda: "Time to follow up (1)" in self.page_text(), UI_TIMEOUT)
        wait_until(f"the card of {title!r} saying Follow up now",
                   lambda: title in self.page_text() and "Follow up now" in self.page_text(), UI_TIMEOUT)
        self.check_plain_language("Applications")
        self.screenshot("applications")
        log("Applications: the follow-up reminder is due")

    def schedule_in_words(self):
        """Schedules > New schedule: a daily job hunt on chosen days at a time, no cron typed."""
        s = self.session
        name, words, cron = WORDS_SCHEDULE
        self.open_screen("Schedules")
        self.click(s.wait_xpath('//a[normalize-space()="New schedule"]', "the link New schedule", UI_TIMEOUT))
        self.fill(s.wait_css("#dep-name", UI_TIMEOUT), name)
        flow = s.wait_css("#dep-flow", UI_TIMEOUT)
        self.select(flow, "daily_job_hunt")
        self.select(s.wait_css("#when-repeat", UI_TIMEOUT), "chosen")
        for day in ("Tuesday", "Thursday"):
            box = s.wait_xpath(f'//fieldset//input[@type="checkbox"][@aria-label="{day}"]', f"the day {day}", UI_TIMEOUT)
            if box.prop("checked"):
                self.click(box)
        self.fill(s.wait_css("#when-time", UI_TIMEOUT), "07:30")
        self.click(self.button("Create schedule"))
        wait_until(f"the schedule list to say {words!r}", lambda: words in self.page_text(), UI_TIMEOUT)
        deps = self.cli("deployments", "list")
        deps = deps if isinstance(deps, list) else find_key(deps, "deployments") or []
        dep = next((d for d in deps if d.get("name") == name), None)
        check(dep, f"no deployment {name!r}: {deps}")
        exprs = [x.get("expr") for x in dep.get("schedules") or []]
        check(cron in exprs, f"the schedule in words made {exprs}, not cron {cron!r}")
        params = dep.get("parameters") or {}
        check(params.get("sources"), f"the schedule made in the app carries no job sites: {params}")
        log(f"a schedule in words: {words!r} -> cron {cron!r}, job sites {params.get('sources')}")

    def labelled(self, label):
        """The form control labelled `label` (by its <label for=…>)."""
        lab = self.session.wait_xpath(f'//label[normalize-space()="{label}"]', f"the label {label!r}", UI_TIMEOUT)
        target = lab.attribute("for")
        check(target, f"the label {label!r} names no control")
        return self.session.wait_xpath(f'//*[@id="{target}"]', f"the control of {label!r}", UI_TIMEOUT)

    def select(self, element, value):
        """Chooses the option `value` of a <select>, as a user does (React sees a change)."""
        self.session.execute(
            """
            const [el, value] = arguments;
            Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(el, value);
            el.dispatchEvent(new Event('change', { bubbles: true }));
            """,
            element.as_arg(), value,
        )
        wait_until(f"the choice {value!r}", lambda: element.prop("value") == value, 5)


if __name__ == "__main__":
    sys.exit(main(Test()))
