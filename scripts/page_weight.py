#!/usr/bin/env python3
"""Page weight: what a browser transfers for the portal's main pages, against a budget.

    python scripts/page_weight.py                   # Django test client, the local database
    python scripts/page_weight.py --base-url https://hamaynk.example.am
    python scripts/page_weight.py --budget-kb 60 --language en --tracking-code 7K3M9QXT2B4R8HDN -v

Pages measured: the landing page, the first community it lists, that community's services,
the first service listed there, the empty tracking page and, given a tracking code, the
tracking page with that application (without ``--base-url`` the code of the demo application
with the longest history is taken from the database). ``--page NAME=PATH`` adds a page.

What is counted, per page: the HTML and every file it makes the browser fetch, each once:
stylesheets, scripts, images, icons and preloads named in the HTML (``<link>``, ``<script>``,
``<img>``, ``<source>``, ``<input type=image>``, ``<video poster>``), and inside each
stylesheet (and any ``<style>``) every ``@import`` and ``url()``: fonts of ``@font-face``,
background images, followed recursively. Every ``url()`` is counted even if no element uses
it: an upper bound, as for a first visit with an empty cache. ``data:`` URIs are part of the
file that holds them. A page without an icon link costs ``/favicon.ico`` if the site has one.

Bytes are the response bodies as compressed on the wire (HTTP headers are not counted):

- Static files (CSS, JS, fonts, images) as WhiteNoise serves them in production
  (``CompressedManifestStaticFilesStorage``): to a browser that accepts Brotli, the ``.br``
  file made at ``collectstatic`` (Brotli, quality 11), else the ``.gz`` (gzip, level 9);
  WhiteNoise keeps a compressed copy only when it is at most 95 % of the original and never
  compresses fonts (woff, woff2) or photographs (png, jpg, gif, webp). The model is
  WhiteNoise's own ``Compressor``.
- HTML: gzip at level 6, as Django's ``GZipMiddleware`` or nginx (``gzip on;
  gzip_comp_level 6;``, text/html is always in ``gzip_types``) would send it. That is the
  assumption: the reverse proxy compresses HTML. GZipMiddleware also pads each response
  with up to 100 random bytes against BREACH; that padding is not counted.
- With ``--base-url``, a response the server already sent compressed (``Content-Encoding:
  br`` or ``gzip``; the script asks for both) counts as sent; an uncompressed one is counted
  as the production server would send it, by the rules above (the table says which).

1 KB is 1024 bytes; the budget (default 60 KB) applies to each page separately. Exit status:
0 when every page is within the budget, 1 when one is over, 2 when a page or a file it
references cannot be fetched.
"""

from __future__ import annotations

import argparse
import gzip
import posixpath
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urldefrag, urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[1]
BUDGET_KB = 60
KB = 1024
ACCEPT_ENCODING = "br, gzip"
HTML_GZIP_LEVEL = 6


# -- Fetching -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fetched:
    """One response: its body as the application produced it, and what crossed the wire
    (``None`` when the server sent it uncompressed)."""

    status: int
    content_type: str
    body: bytes
    sent_encoding: str = ""
    sent_bytes: int | None = None


Fetcher = Callable[[str], Fetched]
"""Takes a site-relative path with its query (``/c/tatev/?x=1``); returns the response."""


def client_fetcher(client: Any = None, *, language: str = "") -> Fetcher:
    """Through Django's test client: no network, no server. Static files are read where
    ``collectstatic`` would find them, since no static server runs behind the client."""
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.test import Client

    if client is None:
        client = Client(HTTP_HOST="localhost")
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def fetch(path: str) -> Fetched:
        plain = urlsplit(path).path
        if plain.startswith(static_prefix):
            found = finders.find(plain[len(static_prefix) :])
            if isinstance(found, list):
                found = found[0] if found else None
            if found:
                return Fetched(200, _type_of(plain), Path(found).read_bytes())
        response = client.get(path, HTTP_ACCEPT_ENCODING=ACCEPT_ENCODING)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        content_type = response.get("Content-Type", "") or _type_of(plain)
        encoding = response.get("Content-Encoding", "")
        if encoding:
            return Fetched(
                response.status_code, content_type, _decoded(body, encoding), encoding, len(body)
            )
        return Fetched(response.status_code, content_type, body)

    return fetch


def http_fetcher(base_url: str, *, language: str = "", timeout: float = 30) -> Fetcher:
    """Over HTTP from a running site; what the server sends is read before any decoding."""
    base = base_url.rstrip("/")

    def fetch(path: str) -> Fetched:
        headers = {"Accept-Encoding": ACCEPT_ENCODING, "User-Agent": "hamaynk-page-weight"}
        if language:
            headers["Cookie"] = f"hamaynk_language={language}"
        request = urllib.request.Request(base + path, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                status, wire, info = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, wire, info = error.code, error.read(), error.headers
        encoding = (info.get("Content-Encoding") or "").strip().lower()
        content_type = info.get("Content-Type") or _type_of(path)
        if encoding in ("br", "gzip"):
            return Fetched(status, content_type, _decoded(wire, encoding), encoding, len(wire))
        return Fetched(status, content_type, wire)

    return fetch


def _decoded(body: bytes, encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "br":
        import brotli  # type: ignore[import-untyped]

        return bytes(brotli.decompress(body))
    raise ValueError(f"Unexpected Content-Encoding {encoding!r}")


# -- What production would send --------------------------------------------------------------


def html_sent(body: bytes) -> tuple[int, str]:
    """Bytes of an HTML page gzipped at level 6 by the proxy (mtime 0, no file name)."""
    return len(gzip.compress(body, compresslevel=HTML_GZIP_LEVEL, mtime=0)), "gzip-6"


def static_sent(name: str, body: bytes) -> tuple[int, str]:
    """Bytes WhiteNoise sends for a static file to a browser that accepts br and gzip."""
    from whitenoise.compress import Compressor  # type: ignore[import-untyped]

    compressor = Compressor(quiet=True)
    if not body or not compressor.should_compress(name):
        return len(body), "none"
    if compressor.use_brotli:
        brotli_body = compressor.compress_brotli(body)
        if compressor.is_compressed_effectively("Brotli", name, len(body), brotli_body):
            return len(brotli_body), "br-11"
        return len(body), "none"  # WhiteNoise: if Brotli does not pay, gzip would not either
    gzip_body = compressor.compress_gzip(body)
    if compressor.is_compressed_effectively("Gzip", name, len(body), gzip_body):
        return len(gzip_body), "gzip-9"
    return len(body), "none"


# -- Following references ---------------------------------------------------------------------


FONT_EXTENSIONS = {".woff2", ".woff", ".ttf", ".otf", ".eot"}
IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".avif"}
INLINE_SCHEMES = ("data:", "about:", "blob:")
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?(["']?)([^"')\s;]+)\1""", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*(["']?)(.*?)\1\s*\)""", re.IGNORECASE | re.DOTALL)


def _type_of(path: str) -> str:
    extension = posixpath.splitext(urlsplit(path).path)[1].lower()
    if extension == ".css":
        return "text/css"
    if extension in (".js", ".mjs"):
        return "text/javascript"
    if extension in FONT_EXTENSIONS:
        return "font/" + extension[1:]
    if extension in IMAGE_EXTENSIONS:
        return "image/" + extension[1:]
    return "application/octet-stream"


def kind_of(path: str, content_type: str) -> str:
    """html, css, js, font, image or other: by the extension first, then the content type."""
    extension = posixpath.splitext(urlsplit(path).path)[1].lower()
    content_type = content_type.split(";")[0].strip().lower()
    if extension == ".css" or content_type == "text/css":
        return "css"
    if extension in (".js", ".mjs") or "javascript" in content_type:
        return "js"
    if extension in FONT_EXTENSIONS or content_type.startswith("font/"):
        return "font"
    if extension in IMAGE_EXTENSIONS or content_type.startswith("image/"):
        return "image"
    if content_type in ("text/html", "application/xhtml+xml"):
        return "html"
    return "other"


class _References(HTMLParser):
    """The files an HTML page makes a browser fetch, in document order, and the text of
    its ``<style>`` elements."""

    LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.styles: list[str] = []
        self.has_icon = False
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "link":
            rels = set(a.get("rel", "").lower().split())
            if "icon" in rels:
                self.has_icon = True
            if rels & self.LINK_RELS and a.get("href"):
                self.urls.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag in ("img", "source", "input", "video", "audio", "track", "embed"):
            if tag == "input" and a.get("type", "").lower() != "image":
                return
            for attribute in ("src", "poster"):
                if a.get(attribute):
                    self.urls.append(a[attribute])
            if a.get("srcset") and not a.get("src"):
                # The browser picks one candidate; the first is counted.
                self.urls.append(a["srcset"].split(",")[0].strip().split()[0])
        elif tag == "object" and a.get("data"):
            self.urls.append(a["data"])
        elif tag == "style":
            self._in_style = True
            self.styles.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles[-1] += data


def css_references(css: str) -> list[str]:
    """Every ``@import`` and ``url()`` of a stylesheet, outside comments, without ``data:``."""
    css = CSS_COMMENT.sub("", css)
    found = [m.group(2) for m in CSS_IMPORT.finditer(css)]
    found += [m.group(2).strip() for m in CSS_URL.finditer(css)]
    seen: list[str] = []
    for url in found:
        if url and not url.lower().startswith(INLINE_SCHEMES) and url not in seen:
            seen.append(url)
    return seen


# -- Measuring --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Resource:
    path: str
    kind: str
    raw_bytes: int
    sent_bytes: int
    encoding: str
    as_sent: bool
    """True when the server sent these bytes itself; False when the production server's
    compression was applied here (see the module's docstring)."""


@dataclass
class PageWeight:
    name: str
    path: str
    resources: list[Resource] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(r.sent_bytes for r in self.resources)

    def by_kind(self, kind: str) -> int:
        return sum(r.sent_bytes for r in self.resources if r.kind == kind)


def _site_path(url: str, base: str) -> str | None:
    """``url`` as a path of this site, relative to the page or stylesheet at ``base``; None
    for another site (a strict Content-Security-Policy allows none)."""
    absolute, _fragment = urldefrag(urljoin("http://site" + base, url))
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or parts.netloc != "site":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def measure_page(fetch: Fetcher, name: str, path: str) -> PageWeight:
    page = PageWeight(name, path)
    response = fetch(path)
    if response.status != 200:
        page.errors.append(f"{path}: status {response.status}")
        return page
    page.resources.append(_resource(path, response, is_page=True))
    html = response.body.decode("utf-8", errors="replace")
    references = _References()
    references.feed(html)
    queue: list[tuple[str, str]] = [(url, path) for url in references.urls]
    for style in references.styles:
        queue += [(url, path) for url in css_references(style)]
    if not references.has_icon:
        icon = fetch("/favicon.ico")
        if icon.status == 200:
            page.resources.append(_resource("/favicon.ico", icon))
    seen = {path}
    while queue:
        url, referrer = queue.pop(0)
        if url.strip().lower().startswith(INLINE_SCHEMES):
            continue  # its bytes are in the file that holds it
        target = _site_path(url, referrer)
        if target is None:
            page.errors.append(f"{url} (in {referrer}): on another site, not measured")
            continue
        if target in seen:
            continue
        seen.add(target)
        fetched = fetch(target)
        if fetched.status != 200:
            page.errors.append(f"{target} (in {referrer}): status {fetched.status}")
            continue
        resource = _resource(target, fetched)
        page.resources.append(resource)
        if resource.kind == "css":
            text = fetched.body.decode("utf-8", errors="replace")
            queue += [(ref, target) for ref in css_references(text)]
    return page


def _resource(path: str, fetched: Fetched, *, is_page: bool = False) -> Resource:
    kind = "html" if is_page else kind_of(path, fetched.content_type)
    if fetched.sent_bytes is not None:
        return Resource(
            path, kind, len(fetched.body), fetched.sent_bytes, fetched.sent_encoding, True
        )
    if kind == "html":
        sent, encoding = html_sent(fetched.body)
    else:
        sent, encoding = static_sent(urlsplit(path).path, fetched.body)
    return Resource(path, kind, len(fetched.body), sent, encoding, False)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _first_link(fetch: Fetcher, path: str, pattern: str) -> str | None:
    response = fetch(path)
    if response.status != 200:
        return None
    links = _Links()
    links.feed(response.body.decode("utf-8", errors="replace"))
    compiled = re.compile(pattern)
    for href in links.hrefs:
        target = _site_path(href, path)
        if target and compiled.fullmatch(target):
            return target
    return None


def default_pages(fetch: Fetcher, tracking_code: str = "") -> list[tuple[str, str]]:
    """The pages to measure, found the way a resident finds them: by following links."""
    pages = [("landing", "/")]
    community = _first_link(fetch, "/", r"/c/[^/]+/")
    if community:
        pages.append(("community", community))
        services = community + "services/"
        pages.append(("services", services))
        service = _first_link(fetch, services, re.escape(services) + r"[^/]+/")
        if service:
            pages.append(("service", service))
    pages.append(("track", "/track/"))
    if tracking_code:
        pages.append(("track result", f"/track/?code={tracking_code}"))
    return pages


def demo_tracking_code() -> str:
    """The tracking code of the application with the longest public history, or ""."""
    from django.db.models import Count

    from hamaynk.cases.models import Case

    code = (
        Case.objects.annotate(steps=Count("events"))
        .order_by("-steps", "pk")
        .values_list("tracking_code", flat=True)
        .first()
    )
    return code or ""


# -- Reporting --------------------------------------------------------------------------------


def _kb(n: int) -> str:
    return f"{n / KB:.1f}"


def report(pages: Sequence[PageWeight], budget: int, out: TextIO, *, verbose: bool) -> None:
    kinds = ("html", "css", "js", "font", "image", "other")
    out.write(
        f"Page weight: compressed bytes a browser transfers on a first visit, in KB "
        f"(1 KB = {KB} bytes); budget {_kb(budget)} KB per page.\n"
    )
    header = ["page", "path", *kinds, "total", "budget"]
    rows: list[list[str]] = []
    for page in pages:
        verdict = "ERROR" if page.errors else ("ok" if page.total <= budget else "OVER")
        rows.append(
            [
                page.name,
                page.path,
                *(_kb(page.by_kind(kind)) for kind in kinds),
                _kb(page.total),
                f"{verdict} ({_kb(budget)})",
            ]
        )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = [
            cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i]) for i, cell in enumerate(row)
        ]
        out.write("  ".join(cells).rstrip() + "\n")
    for page in pages:
        if verbose:
            out.write(f"\n{page.name} ({page.path}):\n")
            for r in page.resources:
                how = r.encoding + ("" if r.as_sent else ", production's compression applied")
                out.write(
                    f"  {r.kind:<6} {r.sent_bytes:>8} B sent  {r.raw_bytes:>8} B raw  "
                    f"({how})  {r.path}\n"
                )
        for error in page.errors:
            out.write(f"{page.name}: {error}\n")


def exit_status(pages: Sequence[PageWeight], budget: int) -> int:
    if any(page.errors for page in pages):
        return 2
    return 1 if any(page.total > budget for page in pages) else 0


def _django_ready() -> None:
    """Set Django up for the test client (the local settings unless told otherwise)."""
    import os

    from django.apps import apps

    if apps.ready:
        return
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamaynk.settings.dev")
    import django

    django.setup()


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Measure the portal's page weight against a budget.",
        epilog="Without --base-url the pages are rendered by Django's test client "
        "(DJANGO_SETTINGS_MODULE, default hamaynk.settings.dev: the local database).",
    )
    parser.add_argument("--base-url", help="measure a running site, e.g. http://127.0.0.1:8000")
    parser.add_argument("--budget-kb", type=float, default=BUDGET_KB, help="per page (default 60)")
    parser.add_argument("--language", default="", help="hy, en or ru (default: the site's own)")
    parser.add_argument("--tracking-code", default="", help="also measure this tracking result")
    parser.add_argument(
        "--page", action="append", default=[], metavar="NAME=PATH", help="measure another page"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="list every file counted")
    args = parser.parse_args(argv)
    out = out or sys.stdout

    extra = []
    for item in args.page:
        name, _, path = item.partition("=")
        if not path.startswith("/"):
            parser.error(f"--page takes NAME=/path, not {item!r}")
        extra.append((name, path))

    if args.base_url:
        fetch = http_fetcher(args.base_url, language=args.language)
        code = args.tracking_code
    else:
        _django_ready()
        fetch = client_fetcher(language=args.language)
        code = args.tracking_code or demo_tracking_code()
    budget = round(args.budget_kb * KB)
    pages = [measure_page(fetch, name, path) for name, path in default_pages(fetch, code) + extra]
    report(pages, budget, out, verbose=args.verbose)
    return exit_status(pages, budget)


if __name__ == "__main__":
    sys.exit(main())
