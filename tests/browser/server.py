"""The harness's local web server: batch pages, vector documents and CSP reports.

Everything the browser loads comes from here, on 127.0.0.1 and an ephemeral port. Each page
is sent with a ``Content-Security-Policy-Report-Only`` header whose ``script-src`` allows only
the harness's own nonce, so any inline script, event handler or ``javascript:`` URL that runs
in it is reported to ``/__cg/csp``, where it is kept for the harness to read.

Paths:
    ``/__cg/page/<token>``     the batch page: one container per vector (or one iframe per vector)
    ``/__cg/doc/<token>/<i>``  vector ``i`` of the batch as the body of a static HTML document
    ``/__cg/csp``              POST: a CSP violation report
Anything else is a 404 with an empty body (``<img src=x>`` in a vector lands here).
"""

from __future__ import annotations

import json
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Final

# Every vector element takes part in a (short) real CSS animation and transition, so
# animation and transition handlers fire without any help from the sweep.
_STYLE: Final = """
@keyframes cg-pulse { from { opacity: 0.99; } to { opacity: 1; } }
[data-cg-box] * { animation: cg-pulse 5ms 1; transition: all 5ms; }
body { margin: 0; font: 12px sans-serif; }
.cg-box, .cg-frame { float: left; width: 300px; height: 90px; margin: 2px; overflow: hidden; border: 0; }
"""
_PAGE_PATH: Final = re.compile(r"^/__cg/page/([0-9a-f]+)$")
_DOC_PATH: Final = re.compile(r"^/__cg/doc/([0-9a-f]+)/([0-9]+)$")
_TOKEN_IN_URL: Final = re.compile(r"/__cg/(?:page|doc)/([0-9a-f]+)(?:/([0-9]+))?")
_MAX_REPORT_BYTES: Final = 64 * 1024


@dataclass(frozen=True)
class Batch:
    """A batch of HTML strings published under a token, and how the page loads them.

    ``static`` serves each string as its own document (one iframe per string);
    otherwise the page's own script sets each container's ``innerHTML``, followed by
    ``el.innerHTML = el.innerHTML`` when ``round_trip`` is true.
    """

    htmls: tuple[str, ...]
    static: bool
    round_trip: bool


@dataclass(frozen=True)
class CspReport:
    """One CSP violation report, with the batch token and vector index its document names."""

    token: str | None
    index: int | None
    detail: str


def locate(url: str) -> tuple[str | None, int | None]:
    """Return the batch token and vector index named in a harness URL (either may be None)."""
    match = _TOKEN_IN_URL.search(url)
    if match is None:
        return None, None
    index = match.group(2)
    return match.group(1), None if index is None else int(index)


def _script_json(value: object) -> str:
    """JSON that cannot end the ``<script>`` element it is written into."""
    text = json.dumps(value, ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_page(token: str, batch: Batch, nonce: str) -> str:
    """The batch page: containers filled by the harness's own (nonced) script, or iframes."""
    head = f'<!doctype html><html><head><meta charset="utf-8"><title>{token}</title><style>{_STYLE}</style>'
    if batch.static:
        frames = "".join(
            f'<iframe class="cg-frame" name="cg-{i}" src="/__cg/doc/{token}/{i}"></iframe>'
            for i in range(len(batch.htmls))
        )
        return f"{head}</head><body>{frames}</body></html>"
    boxes = "".join(f'<div class="cg-box" data-cg-box="{i}"></div>' for i in range(len(batch.htmls)))
    script = (
        "(() => {"
        ' const data = JSON.parse(document.getElementById("cg-data").textContent);'
        ' const boxes = document.querySelectorAll("[data-cg-box]");'
        " data.forEach((html, i) => {"
        "  boxes[i].innerHTML = html;"
        f"  {'boxes[i].innerHTML = boxes[i].innerHTML;' if batch.round_trip else ''}"
        " });"
        "})();"
    )
    return (
        f'{head}<script type="application/json" id="cg-data">{_script_json(list(batch.htmls))}</script>'
        f'</head><body>{boxes}<script nonce="{nonce}">{script}</script></body></html>'
    )


def render_doc(index: int, html: str) -> str:
    """Vector ``index`` as a static document: the parser sees it as the page's body."""
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><style>{_STYLE}</style></head>'
        f'<body data-cg-box="{index}">{html}'
    )


class HarnessServer:
    """A threaded HTTP server on 127.0.0.1 that serves published batches and keeps CSP reports."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._batches: dict[str, Batch] = {}
        self._reports: list[CspReport] = []
        self._httpd = _HTTPServer(("127.0.0.1", 0), _Handler, self)
        host, port = self._httpd.server_address[:2]
        self.origin: Final = f"http://{host!s}:{port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="cg-harness-http", daemon=True)
        self._thread.start()

    def publish(self, batch: Batch) -> str:
        """Make ``batch`` available under a new token and return the token."""
        token = secrets.token_hex(8)
        with self._lock:
            self._batches[token] = batch
        return token

    def retire(self, token: str) -> None:
        """Stop serving a batch (its reports are kept)."""
        with self._lock:
            self._batches.pop(token, None)

    def page_url(self, token: str) -> str:
        """The URL of a published batch's page."""
        return f"{self.origin}/__cg/page/{token}"

    def take_reports(self, wanted: Callable[[CspReport], bool]) -> list[CspReport]:
        """Remove and return the CSP reports received so far that ``wanted`` selects."""
        with self._lock:
            mine = [report for report in self._reports if wanted(report)]
            self._reports = [report for report in self._reports if not wanted(report)]
        return mine

    def close(self) -> None:
        """Stop serving and join the server thread."""
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _batch(self, token: str) -> Batch | None:
        with self._lock:
            return self._batches.get(token)

    def _add_report(self, report: CspReport) -> None:
        with self._lock:
            self._reports.append(report)

    def _csp(self, nonce: str) -> str:
        return (
            f"script-src 'nonce-{nonce}' 'report-sample'; object-src 'none'; "
            f"report-uri {self.origin}/__cg/csp"
        )


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], harness: HarnessServer
    ) -> None:
        self.harness = harness
        super().__init__(address, handler)


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""

    def do_GET(self) -> None:
        """Serve a batch page or a vector document; 404 for anything else."""
        harness = self.server.harness
        page, doc = _PAGE_PATH.match(self.path), _DOC_PATH.match(self.path)
        found = page or doc
        batch = harness._batch(found.group(1)) if found else None
        if page and batch is not None:
            nonce = secrets.token_urlsafe(16)
            self._send(render_page(page.group(1), batch, nonce), harness._csp(nonce))
        elif doc and batch is not None and int(doc.group(2)) < len(batch.htmls):
            index = int(doc.group(2))
            nonce = secrets.token_urlsafe(16)
            self._send(render_doc(index, batch.htmls[index]), harness._csp(nonce))
        else:
            self._send_empty(HTTPStatus.NOT_FOUND)

    def do_POST(self) -> None:
        """Keep a CSP report; refuse any other POST."""
        length = min(int(self.headers.get("Content-Length") or 0), _MAX_REPORT_BYTES)
        body = self.rfile.read(length)
        if self.path != "/__cg/csp":
            self._send_empty(HTTPStatus.NOT_FOUND)
            return
        self.server.harness._add_report(_parse_report(body))
        self._send_empty(HTTPStatus.NO_CONTENT)

    def _send(self, html: str, csp: str) -> None:
        # Lone surrogates go out as the bytes Python would write; Chromium decodes them to U+FFFD.
        body = html.encode("utf-8", "surrogatepass")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy-Report-Only", csp)
        self.end_headers()
        self.wfile.write(body)

    def _send_empty(self, status: HTTPStatus) -> None:
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()


def _parse_report(body: bytes) -> CspReport:
    """Read a ``report-uri`` body; anything unreadable still counts, as an unattributed report."""
    try:
        report = json.loads(body)["csp-report"]
        document = str(report.get("document-uri", ""))
        detail = " ".join(
            str(report.get(key, "")) for key in ("violated-directive", "blocked-uri", "script-sample")
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return CspReport(None, None, f"unreadable report: {body[:200]!r}")
    token, index = locate(document)
    return CspReport(token, index, f"{detail.strip()} (in {document})")
