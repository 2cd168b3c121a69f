"""A fixture job board on 127.0.0.1 for the end-to-end test (standard library only).

Serves the repository's board fixtures (tests/fixtures/boards) at the API paths the adapters
ask for (docs/jobs.md), so the app scrapes them through its JOBHUNTER_<BOARD>_URL overrides:

    greenhouse:acme   /v1/boards/acme/jobs?content=true   greenhouse-acme.json
    lever:globex      /v0/postings/globex?mode=json       lever-globex.json
    remoteok          /api                                 remoteok.json

and a company's careers page that embeds its Greenhouse board by script (the setup journey's
"Add a company" resolves it to greenhouse:acme):

    /careers          PAGES["/careers"] (HTML)

Routes match on the path without the query string. Every request is recorded (method,
path with query); an unknown path gets 404, and `unexpected` lists such requests.
"""

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "boards")

ROUTES = {
    "/v1/boards/acme/jobs": "greenhouse-acme.json",
    "/v0/postings/globex": "lever-globex.json",
    "/api": "remoteok.json",
}

# Pages served as HTML from here (no fixture file).
PAGES = {
    "/careers": b"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Careers at Acme Robotics</title></head>
<body>
  <h1>Join Acme Robotics</h1>
  <div id="grnhse_app"></div>
  <script src="https://boards.greenhouse.io/embed/job_board/js?for=acme"></script>
</body>
</html>
""",
}

# The boards whose base URL the test points here (every board with a base URL, so nothing the
# app scrapes during the test can reach the internet).
BOARDS = ["greenhouse", "lever", "ashby", "arbeitnow", "remotive", "remoteok", "bundesagentur"]


class FixtureBoard:
    def __init__(self, routes=None, pages=None):
        self.routes = dict(ROUTES if routes is None else routes)
        self.pages = dict(PAGES if pages is None else pages)
        self.seen = []
        self.unexpected = []
        self._lock = threading.Lock()
        board = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                path = urlsplit(self.path).path
                name = board.routes.get(path)
                page = board.pages.get(path)
                with board._lock:
                    board.seen.append(("GET", self.path))
                    if name is None and page is None:
                        board.unexpected.append(("GET", self.path))
                content_type = "application/json"
                if page is not None:
                    body, status, content_type = page, 200, "text/html; charset=utf-8"
                elif name is None:
                    body, status = b'{"error": "no such fixture"}', 404
                else:
                    with open(os.path.join(FIXTURES, name), "rb") as f:
                        body, status = f.read(), 200
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self):
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def env(self):
        """JOBHUNTER_<BOARD>_URL for every board with a base URL."""
        return {f"JOBHUNTER_{b.upper()}_URL": self.base_url for b in BOARDS}

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    def requests(self):
        with self._lock:
            return list(self.seen)


if __name__ == "__main__":  # serve by hand: python3 tests/e2e/fixture_board.py
    board = FixtureBoard().start()
    print(json.dumps(board.env(), indent=2), flush=True)
    threading.Event().wait()
