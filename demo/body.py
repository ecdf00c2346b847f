"""The block convention of a demo article's body: a small, strict subset of Markdown.

One block per construct, in reading order (README.md in this folder shows each with an example):

- `## Heading` and `### Heading` are section headings (h2, h3); `## Heading {#anchor}` sets
  the anchor.
- A run of lines is a paragraph; its lines are joined with single spaces and wrapped in
  `<p>`. Inline HTML (`<b>`, `<i>`) passes through unchanged.
- Lines starting `- ` make a bulleted list, `1. ` a numbered one; an item continues on
  indented lines, and each item becomes one `<p>`.
- `!!! tip "Title"` starts a callout (tone info, tip or warning; the title is optional); its
  text is the indented lines below.
- A fence opened with three backticks and a block name (```` ```concept_table ````) holds that
  block's value as TOML, exactly as the block stores it; a model table names its models by
  slug, which the loader turns into registry entries.

Blocks are separated by blank lines, except that a heading or fence line always starts a new
block. Anything the convention does not cover is an error, never a guess.
"""

import re
import tomllib

HEADING = re.compile(r"^(#{1,6}) +(.+?)(?: +\{#([\w-]+)\})? *$")
HEADING_LEVELS = {2: "h2", 3: "h3"}
BULLET = re.compile(r"^- +(.*)$")
NUMBER = re.compile(r"^\d+\. +(.*)$")
CALLOUT = re.compile(r'^!!! +(\w+)(?: +"([^"]*)")? *$')
FENCE_OPEN = re.compile(r"^```(\w+) *$")
FENCE_CLOSE = "```"


class BodyError(ValueError):
    """A body that breaks the convention; `line` counts from 1 within the body."""

    def __init__(self, line, message):
        super().__init__(message)
        self.line = line
        self.message = message


def _paragraph(lines):
    return "<p>" + " ".join(line.strip() for line in lines) + "</p>"


def _is_list_item(line):
    return bool(BULLET.match(line) or NUMBER.match(line))


def _is_block_start(line):
    return bool(HEADING.match(line) or FENCE_OPEN.match(line) or CALLOUT.match(line))


class _Reader:
    """Walks the body's lines once, turning each construct into a (block name, value) pair."""

    def __init__(self, text):
        self.lines = text.splitlines()
        self.at = 0  # index of the next unread line

    def take_run(self, what, more):
        """The lines from here to the next blank line or block start; each must pass `more`."""
        run = [self.lines[self.at]]
        self.at += 1
        while self.at < len(self.lines):
            line = self.lines[self.at]
            if not line.strip() or _is_block_start(line):
                break
            if not more(line):
                raise BodyError(
                    self.at + 1, f"{what} runs into this line; leave a blank line between blocks"
                )
            run.append(line)
            self.at += 1
        return run

    def blocks(self):
        blocks = []
        while self.at < len(self.lines):
            line = self.lines[self.at]
            if not line.strip():
                self.at += 1
            elif line != line.lstrip():
                raise BodyError(self.at + 1, "an indented line outside a list item or callout")
            elif match := HEADING.match(line):
                blocks.append(self.heading(match))
            elif match := FENCE_OPEN.match(line):
                blocks.append(self.fence(match.group(1)))
            elif match := CALLOUT.match(line):
                blocks.append(self.callout(*match.groups()))
            elif _is_list_item(line):
                blocks.append(self.list())
            else:
                run = self.take_run("a paragraph", lambda line: not _is_list_item(line))
                blocks.append(("paragraph", _paragraph(run)))
        return blocks

    def heading(self, match):
        marks, text, anchor = match.groups()
        if len(marks) not in HEADING_LEVELS:
            raise BodyError(
                self.at + 1,
                "headings are ## (section) or ### (subsection); the title is in the front matter",
            )
        self.at += 1
        return (
            "heading",
            {"heading": text, "level": HEADING_LEVELS[len(marks)], "anchor": anchor or ""},
        )

    def fence(self, name):
        start = self.at + 1
        self.at += 1
        content = []
        while self.at < len(self.lines) and self.lines[self.at].rstrip() != FENCE_CLOSE:
            content.append(self.lines[self.at])
            self.at += 1
        if self.at == len(self.lines):
            raise BodyError(start, f"the ```{name} block is never closed")
        self.at += 1
        try:
            value = tomllib.loads("\n".join(content))
        except tomllib.TOMLDecodeError as error:
            raise BodyError(start, f"the ```{name} block is not valid TOML: {error}") from error
        return (name, value)

    def callout(self, tone, title):
        start = self.at + 1
        self.at += 1
        if self.at == len(self.lines) or not self.lines[self.at].startswith("    "):
            raise BodyError(start, "a callout needs its text on the lines below, indented")
        text = self.take_run("a callout", lambda line: line.startswith("    "))
        return ("callout", {"tone": tone, "title": title or "", "text": _paragraph(text)})

    def list(self):
        start = self.at + 1
        style, marker = (
            ("bulleted", BULLET) if BULLET.match(self.lines[self.at]) else ("numbered", NUMBER)
        )
        items = []
        run = self.take_run("a list", lambda line: _is_list_item(line) or line.startswith(" "))
        for offset, line in enumerate(run):
            if match := marker.match(line):
                items.append([match.group(1)])
            elif line.startswith(" "):
                items[-1].append(line)
            else:
                raise BodyError(start + offset, f"a {style} list cannot hold this item")
        return ("list", {"style": style, "items": [_paragraph(item) for item in items]})


def parse_body(text):
    """The body's blocks as (block name, value) pairs, in the shape the StreamField stores."""
    return _Reader(text).blocks()
