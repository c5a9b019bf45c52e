"""Rich text of the knowledge base, sanitized on the server with ``nh3`` before it is stored.

Kept: paragraphs, headings, lists, bold/italic/underline, quotes, tables, links (http, https, mailto, tel;
``rel="noopener noreferrer"`` added) and ``<img>`` whose ``src`` is one of our catalogue image URLs — a
picture from anywhere else would leak who reads the handbook and when. Scripts, styles, event handlers,
iframes and forms are dropped with their content.
"""

from __future__ import annotations

import re

import nh3

MAX_HTML_LENGTH = 200_000

IMAGE_URL = "/api/v1/catalog/images/{id}/file/"
_IMAGE_SRC = re.compile(r"^/api/v1/catalog/images/([1-9][0-9]{0,17})/file/$")

TAGS = {
    "p", "br", "hr", "div", "span", "h2", "h3", "h4", "ul", "ol", "li", "strong", "b", "em", "i", "u", "s",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "caption", "a", "img", "sub", "sup",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
# Removed with everything inside them, not just unwrapped.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math",
                        "form", "textarea", "select", "button", "title"}
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def image_url(image_id: int) -> str:
    return IMAGE_URL.format(id=image_id)


def image_id_of(src: str) -> int | None:
    """The catalogue image an ``<img src>`` points at, or None for any other address."""
    match = _IMAGE_SRC.match((src or "").strip())
    return int(match.group(1)) if match else None


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value.strip() if image_id_of(value) else None
    if attribute in ("width", "height", "colspan", "rowspan"):
        return value if value.isdigit() and 0 < int(value) <= 4000 else None
    # Angle brackets in text attributes are useless and would confuse the <img> pass below.
    return value.replace("<", "").replace(">", "")


def sanitize_html(html: str) -> str:
    """The stored form of an article's body: only the tags above, only our own pictures."""
    cleaned = nh3.clean(
        html or "",
        tags=TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ATTRIBUTES,
        attribute_filter=_filter,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # An <img> whose source was refused is dropped entirely rather than kept as an empty frame.
    return _IMG_WITHOUT_SRC.sub("", cleaned).strip()


def referenced_image_ids(html: str) -> list[int]:
    """The catalogue images a sanitized body shows, in order."""
    return [int(m) for m in re.findall(r'<img[^>]*\ssrc="/api/v1/catalog/images/(\d+)/file/"', html or "")]
