"""A tiny W3C WebDriver client over urllib (standard library only).

Enough for the end-to-end test: sessions, window size, navigation by clicking, finding
elements (CSS, XPath, link text), typing, reading text and attributes, running scripts and
screenshots. Every wait has a timeout and raises `Timeout` naming what it waited for.
"""

import base64
import json
import time
import urllib.error
import urllib.request

# The W3C key of an element reference in JSON.
ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf"


class WebDriverError(Exception):
    """An error answer of the WebDriver server (`error`, `message`) or a transport failure."""

    def __init__(self, error, message, status=None):
        super().__init__(f"{error}: {message}" + (f" (HTTP {status})" if status else ""))
        self.error = error
        self.message = message
        self.status = status


class Timeout(Exception):
    """A wait that did not see its condition in time."""


def request(url, method="GET", body=None, timeout=60, retries=2):
    """One WebDriver call; returns the answer's `value`.

    tauri-driver forwards each call to WebKitWebDriver over pooled keep-alive connections, and
    now and then it forwards one over a connection WebKitWebDriver has already closed: tauri-driver
    logs "connection reset" and drops our connection without an answer. The call never reached
    WebKitWebDriver, so it is sent again (twice at most)."""
    for attempt in range(retries + 1):
        try:
            return _request(url, method, body, timeout)
        except WebDriverError as e:
            dropped = e.error == "transport" and "without response" in e.message
            if not dropped or attempt == retries:
                raise
            time.sleep(0.2)


def _request(url, method, body, timeout):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json; charset=utf-8")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            payload = resp.read()
    except urllib.error.HTTPError as e:
        payload = e.read()
        try:
            value = json.loads(payload)["value"]
            raise WebDriverError(value.get("error"), value.get("message"), e.code) from None
        except (ValueError, KeyError, TypeError, AttributeError):
            raise WebDriverError("http", payload[:500].decode(errors="replace"), e.code) from None
    except (urllib.error.URLError, OSError) as e:
        raise WebDriverError("transport", f"{method} {url}: {e}") from None
    return json.loads(payload or b"{}").get("value") if payload else None


def wait_until(what, condition, timeout, interval=0.25):
    """Calls `condition` until it returns something truthy; returns that, or raises Timeout.
    WebDriver errors inside the condition (a stale element, ...) count as "not yet"."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            result = condition()
            if result:
                return result
        except WebDriverError as e:
            last_error = e
        if time.monotonic() >= deadline:
            detail = f" (last error: {last_error})" if last_error else ""
            raise Timeout(f"timed out after {timeout:g}s waiting for {what}{detail}")
        time.sleep(interval)


class Element:
    def __init__(self, session, element_id):
        self.session = session
        self.id = element_id

    def _call(self, method, path, body=None):
        return self.session._call(method, f"/element/{self.id}{path}", body)

    def click(self):
        self._call("POST", "/click", {})

    def clear(self):
        self._call("POST", "/clear", {})

    def send_keys(self, text):
        self._call("POST", "/value", {"text": text})

    @property
    def text(self):
        return self._call("GET", "/text")

    def attribute(self, name):
        return self._call("GET", f"/attribute/{name}")

    def prop(self, name):
        return self._call("GET", f"/property/{name}")

    @property
    def tag_name(self):
        return self._call("GET", "/name")

    def displayed(self):
        return self._call("GET", "/displayed")

    def find(self, using, value):
        found = self._call("POST", "/elements", {"using": using, "value": value})
        return [Element(self.session, f[ELEMENT_KEY]) for f in found]

    def as_arg(self):
        """The element as a script argument."""
        return {ELEMENT_KEY: self.id}


class Session:
    """A WebDriver session on `base_url` (e.g. http://127.0.0.1:4444)."""

    def __init__(self, base_url, capabilities, timeout=120):
        self.base = base_url.rstrip("/")
        value = request(f"{self.base}/session", "POST", {"capabilities": capabilities}, timeout=timeout)
        self.id = value["sessionId"]
        self.capabilities = value.get("capabilities", {})

    def _call(self, method, path, body=None, timeout=60):
        return request(f"{self.base}/session/{self.id}{path}", method, body, timeout)

    def quit(self):
        request(f"{self.base}/session/{self.id}", "DELETE", timeout=30)

    # --- window and page ---------------------------------------------------------------
    def set_window_rect(self, width, height):
        return self._call("POST", "/window/rect", {"width": width, "height": height})

    def window_rect(self):
        return self._call("GET", "/window/rect")

    @property
    def url(self):
        return self._call("GET", "/url")

    @property
    def title(self):
        return self._call("GET", "/title")

    @property
    def source(self):
        return self._call("GET", "/source")

    def execute(self, script, *args):
        return self._call("POST", "/execute/sync", {"script": script, "args": list(args)})

    def screenshot_png(self, timeout=30):
        """The page as PNG. WebKitGTK takes the screenshot at the page's next presentation
        update, and a page that is not changing has none (the command then hangs), so the page
        is first asked to repaint a few times (an invisible outline toggled) while the command
        waits."""
        self.execute(
            """
            const root = document.documentElement;
            let n = 0;
            const tick = () => {
              root.style.outline = n % 2 ? '0px solid transparent' : '1px solid transparent';
              if (++n < 40) setTimeout(tick, 100); else root.style.outline = '';
            };
            setTimeout(tick, 50);
            """
        )
        return base64.b64decode(self._call("GET", "/screenshot", timeout=timeout))

    def save_screenshot(self, path):
        png = self.screenshot_png()
        with open(path, "wb") as f:
            f.write(png)
        return path

    # --- elements ----------------------------------------------------------------------
    def find_all(self, using, value):
        found = self._call("POST", "/elements", {"using": using, "value": value})
        return [Element(self, f[ELEMENT_KEY]) for f in found]

    def css(self, selector):
        return self.find_all("css selector", selector)

    def xpath(self, expression):
        return self.find_all("xpath", expression)

    def wait_for(self, what, finder, timeout):
        """Waits until `finder()` returns a non-empty list of elements; returns the first."""
        return wait_until(what, lambda: (finder() or [None])[0], timeout)

    def wait_css(self, selector, timeout):
        return self.wait_for(f"an element matching {selector!r}", lambda: self.css(selector), timeout)

    def wait_xpath(self, expression, what, timeout):
        return self.wait_for(what, lambda: self.xpath(expression), timeout)
