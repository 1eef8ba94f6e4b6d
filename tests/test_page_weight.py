"""The portal's pages stay within their weight budget (60 KB per page, compressed, with every
file they make a browser fetch), measured by ``scripts/page_weight.py`` over the demo data."""

from __future__ import annotations

import gzip
import io

import brotli
import pytest
from scripts import page_weight
from scripts.page_weight import BUDGET_KB, KB, Fetched, client_fetcher, default_pages, measure_page

from hamaynk.cases.models import Case


@pytest.mark.django_db
def test_the_portal_pages_are_within_the_budget(client):
    fetch = client_fetcher(client)
    code = page_weight.demo_tracking_code()
    assert Case.objects.filter(tracking_code=code).exists()
    pages = [measure_page(fetch, name, path) for name, path in default_pages(fetch, code)]
    by_name = {page.name: page for page in pages}
    assert set(by_name) == {"landing", "community", "services", "service", "track", "track result"}
    assert by_name["service"].path.startswith(by_name["services"].path)
    for page in pages:
        assert page.errors == [], page.errors
        kinds = {r.kind for r in page.resources}
        assert {"html", "css"} <= kinds, page.name  # the stylesheet was followed
        assert page.total <= BUDGET_KB * KB, f"{page.name} weighs {page.total} bytes"


@pytest.mark.django_db
def test_the_script_prints_a_table_and_fails_over_budget():
    out = io.StringIO()
    assert page_weight.main([], out=out) == 0
    table = out.getvalue()
    assert "budget 60.0 KB per page" in table
    for name in ("landing", "service", "track"):
        assert f"\n{name} " in table
    assert "OVER" not in table

    out = io.StringIO()
    assert page_weight.main(["--budget-kb", "1"], out=out) == 1
    assert "OVER (1.0)" in out.getvalue()


@pytest.mark.django_db
def test_a_missing_page_is_an_error():
    out = io.StringIO()
    assert page_weight.main(["--page", "gone=/c/nowhere/"], out=out) == 2
    assert "gone: /c/nowhere/: status 404" in out.getvalue()


CSS = b"""
/* url(commented-out.png) is not fetched */
@import "parts/more.css";
@font-face { font-family: X; src: url("../fonts/x.woff2") format("woff2"); }
body { background: url(data:image/png;base64,AAAA) no-repeat; }
.logo { background-image: url('/static/img/logo.svg'); }
"""
MORE_CSS = b".more { background: url(bg.png); }" + b" .a { color: red; }" * 50
HTML = (
    b"""<!doctype html><html><head>
<link rel="stylesheet" href="/static/css/site.css"><link rel="icon" href="data:,">
<script src="/static/js/app.js" defer></script></head>
<body><img src="/static/img/logo.svg" alt=""><p>"""
    + b"Hello " * 400
    + b"</p></body></html>"
)
FILES = {
    "/": (HTML, "text/html; charset=utf-8"),
    "/static/css/site.css": (CSS, "text/css"),
    "/static/css/parts/more.css": (MORE_CSS, "text/css"),
    "/static/fonts/x.woff2": (bytes(range(256)) * 40, "font/woff2"),
    "/static/img/logo.svg": (b"<svg xmlns='http://www.w3.org/2000/svg'/>" * 20, "image/svg+xml"),
    "/static/css/parts/bg.png": (b"\x89PNG" + bytes(range(256)) * 4, "image/png"),
    "/static/js/app.js": (b"console.log('hi');" * 30, "text/javascript"),
}


def fake_fetch(path: str) -> Fetched:
    if path not in FILES:
        return Fetched(404, "text/html", b"")
    body, content_type = FILES[path]
    return Fetched(200, content_type, body)


def test_every_file_a_page_and_its_stylesheets_reference_is_counted_once():
    page = measure_page(fake_fetch, "test", "/")
    assert page.errors == []
    counted = {r.path: r for r in page.resources}
    assert set(counted) == set(FILES)
    assert counted["/static/fonts/x.woff2"].kind == "font"
    assert counted["/static/css/parts/bg.png"].kind == "image"
    assert [r.path for r in page.resources].count("/static/img/logo.svg") == 1
    # Fonts and PNGs go as they are; text is compressed as WhiteNoise would (Brotli, 11).
    assert counted["/static/fonts/x.woff2"].sent_bytes == 256 * 40
    png = "/static/css/parts/bg.png"
    assert counted[png].sent_bytes == len(FILES[png][0])
    assert counted["/static/css/site.css"].sent_bytes == len(brotli.compress(CSS))
    # The HTML is gzipped at level 6, as the proxy would.
    assert counted["/"].sent_bytes == len(gzip.compress(HTML, compresslevel=6, mtime=0))
    assert counted["/"].encoding == "gzip-6"
    assert page.total == sum(r.sent_bytes for r in page.resources)


def test_what_the_server_sent_compressed_counts_as_sent():
    wire = brotli.compress(CSS)

    def fetch(path: str) -> Fetched:
        if path == "/static/css/site.css":
            return Fetched(200, "text/css", CSS, "br", len(wire) + 7)
        return fake_fetch(path)

    page = measure_page(fetch, "test", "/")
    css = next(r for r in page.resources if r.path == "/static/css/site.css")
    assert (css.sent_bytes, css.encoding, css.as_sent) == (len(wire) + 7, "br", True)


def test_a_reference_to_another_site_or_a_missing_file_is_reported():
    html = b'<link rel="stylesheet" href="https://cdn.example.com/x.css">'
    html += b'<script src="/gone.js"></script>'

    def fetch(path: str) -> Fetched:
        return Fetched(200, "text/html", html) if path == "/" else Fetched(404, "text/html", b"")

    page = measure_page(fetch, "test", "/")
    assert page.errors == [
        "https://cdn.example.com/x.css (in /): on another site, not measured",
        "/gone.js (in /): status 404",
    ]
