"""A fixture job board on 127.0.0.1 for the end-to-end test (standard library only).

Serves the repository's board fixtures (tests/fixtures/boards) at the API paths the adapters
ask for (docs/jobs.md), so the app scrapes them through its JOBHUNTER_<BOARD>_URL overrides:

    greenhouse:acme   /v1/boards/acme/jobs?content=true   greenhouse-acme.json
    lever:globex      /v0/postings/globex?mode=json       lever-globex.json
    remoteok          /api                                 remoteok.json

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

# The boards whose base URL the test points here (every board with a base URL, so nothing the
# app scrapes during the test can reach the internet).
BOARDS = ["greenhouse", "lever", "ashby", "arbeitnow", "remotive", "remoteok", "bundesagentur"]


class FixtureBoard:
    def __init__(self, routes=None):
        self.routes = dict(ROUTES if routes is None else routes)
        self.seen = []
        self.unexpected = []
        self._lock = threading.Lock()
        board = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                name = board.routes.get(urlsplit(self.path).path)
                with board._lock:
                    board.seen.append(("GET", self.path))
                    if name is None:
                        board.unexpected.append(("GET", self.path))
                if name is None:
                    body, status = b'{"error": "no such fixture"}', 404
                else:
                    with open(os.path.join(FIXTURES, name), "rb") as f:
                        body, status = f.read(), 200
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
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
