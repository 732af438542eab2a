"""A small web server on 127.0.0.1 that serves fixed pages: the demo's corpus, the tests' fixtures.

It answers conditional requests (ETag, If-Modified-Since) as real servers
do, so incremental crawling is tested against the real protocol, and it can
play the bad server: slow, huge, binary, failing.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Page:
    """One route: status, body and headers, with an optional delay before answering."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    last_modified: float = field(default_factory=time.time)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


Handler = Callable[[str], Page | None]


class LocalSite:
    """Routes by path; start() binds a port on 127.0.0.1 (the one asked for if free, else any free one) and
    serves in a daemon thread."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.pages: dict[str, Page] = {}
        self.requests: list[tuple[str, str]] = []  # (path, user agent), in order
        self.server: ThreadingHTTPServer | None = None
        self._lock = threading.Lock()

    def add(self, path: str, page: Page) -> None:
        with self._lock:
            self.pages[path] = page

    def add_text(self, path: str, text: str, content_type: str = "text/html; charset=utf-8", **kw: object) -> None:
        self.add(path, Page(text.encode("utf-8"), content_type, **kw))  # type: ignore[arg-type]

    @property
    def port(self) -> int:
        if self.server is None:
            raise RuntimeError("start() the site first")
        return int(self.server.server_address[1])

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"

    def start(self, port: int = 0) -> LocalSite:
        site = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # quiet: tests read site.requests
                pass

            def do_GET(self) -> None:
                path = self.path.split("#")[0]
                with site._lock:
                    site.requests.append((path, self.headers.get("User-Agent", "")))
                    page = site.pages.get(path) or site.pages.get(path.split("?")[0])
                if page is None:
                    page = Page(b"not found", "text/plain", status=404)
                if page.delay:
                    time.sleep(page.delay)
                if page.status == 200 and self._unchanged(page):
                    self.send_response(304)
                    self.send_header("ETag", page.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(page.status)
                self.send_header("Content-Type", page.content_type)
                self.send_header("Content-Length", str(len(page.body)))
                self.send_header("ETag", page.etag)
                self.send_header("Last-Modified", formatdate(page.last_modified, usegmt=True))
                for key, value in page.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(page.body)  # the client may give up (size limit, timeout): expected in tests

            def _unchanged(self, page: Page) -> bool:
                if self.headers.get("If-None-Match") is not None:  # RFC 9110: the ETag wins over the date
                    return self.headers.get("If-None-Match") == page.etag
                since = self.headers.get("If-Modified-Since")
                return bool(since) and since == formatdate(page.last_modified, usegmt=True)

        try:
            self.server = ThreadingHTTPServer((self.host, port), _Handler)
        except OSError:  # the port is taken (another demo, a test run): any free one serves as well
            self.server = ThreadingHTTPServer((self.host, 0), _Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, name="localsite", daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def __enter__(self) -> LocalSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
