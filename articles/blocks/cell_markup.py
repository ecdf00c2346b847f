"""A concept-table cell as one line of text: **bold**, *italic* and [links](https://…).

Cells are stored as the rich text they always were (so pages render exactly as before); the
editor's grid shows and accepts this small markup instead. Internal links are written
[text](page:12). A backslash keeps a marker literal: \\* \\[ \\] \\\\.
"""

import re
from html import escape
from html.parser import HTMLParser

ESCAPABLE = "\\*[]"
# Stand-ins for escaped markers while the markup is read (private-use characters).
PLACEHOLDERS = {char: chr(0xE000 + i) for i, char in enumerate(ESCAPABLE)}
BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
ITALIC = re.compile(r"\*(?=\S)(.+?)(?<=\S)\*")
LINK = re.compile(r"\[([^\[\]]+)\]\(([^()\s]+)\)")
PAGE_TARGET = re.compile(r"^page:(\d+)$")
SAFE_SCHEMES = ("http://", "https://", "mailto:")


def _link(match):
    text, target = match.groups()
    # Link text must not cut through bold or italic: "**a [b** c](x)" stays plain.
    if text.count("<b>") != text.count("</b>") or text.count("<i>") != text.count("</i>"):
        return match.group(0)
    if page := PAGE_TARGET.match(target):
        return f'<a linktype="page" id="{page.group(1)}">{text}</a>'
    if target.lower().startswith(SAFE_SCHEMES):
        return f'<a href="{target}">{text}</a>'
    return match.group(0)


def markup_to_html(text):
    """Cell markup to the rich-text HTML the block stores; empty text stays empty."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    for char, placeholder in PLACEHOLDERS.items():
        text = text.replace("\\" + char, placeholder)
    html = escape(text, quote=True)
    html = BOLD.sub(r"<b>\1</b>", html)
    html = ITALIC.sub(r"<i>\1</i>", html)
    html = LINK.sub(_link, html)
    for char, placeholder in PLACEHOLDERS.items():
        html = html.replace(placeholder, escape(char))
    return f"<p>{html}</p>"


class _MarkupWriter(HTMLParser):
    MARKERS = {"b": "**", "strong": "**", "i": "*", "em": "*"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.MARKERS:
            self.parts.append(self.MARKERS[tag])
        elif tag == "a":
            if attrs.get("linktype") == "page" and attrs.get("id"):
                self.links.append(f"page:{attrs['id']}")
            else:
                self.links.append(attrs.get("href") or "")
            self.parts.append("[")
        elif tag in ("p", "br") and self.parts:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self.MARKERS:
            self.parts.append(self.MARKERS[tag])
        elif tag == "a" and self.links:
            target = self.links.pop()
            self.parts.append(f"]({target})" if target else "]")

    def handle_data(self, data):
        for char in ESCAPABLE:
            data = data.replace(char, "\\" + char)
        self.parts.append(data)


def html_to_markup(html):
    """Stored rich text as cell markup: what the grid shows the editor."""
    writer = _MarkupWriter()
    writer.feed(str(html or ""))
    writer.close()
    return " ".join("".join(writer.parts).split())
