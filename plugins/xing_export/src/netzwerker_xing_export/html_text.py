"""Plain text from the HTML some XING messages carry (only used when bodies are stored)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin

XING_BASE = "https://www.xing.com"
_BLOCKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "table", "ul", "ol"})
_HIDDEN = frozenset({"script", "style", "head", "title"})
_LOOKS_LIKE_HTML = re.compile(r"<\s*(html|body|p|div|br|a|span|table|b|i|strong|em|ul|li)\b[^>]*>", re.IGNORECASE)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.links: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
        elif tag == "a":
            href = dict(attrs).get("href")
            # relative links in XING messages point into xing.com
            self.links.append(urljoin(XING_BASE, href) if href else None)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href:
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    return bool(_LOOKS_LIKE_HTML.search(text))


def html_to_text(text: str) -> str:
    collector = _TextCollector()
    collector.feed(text)
    collector.close()
    lines = [" ".join(line.split()) for line in "".join(collector.parts).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def message_text(text: str) -> str:
    return html_to_text(text) if looks_like_html(text) else text.strip()
