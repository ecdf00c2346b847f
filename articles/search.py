"""Article search: cleaning the query, running it, and showing where each result matched.

A result's snippet is a short window of its standfirst or body text around the first
place a search word occurs, escaped first and only then given <mark> elements, so nothing
an editor or a visitor typed can become markup.
"""

import re

from django.core.paginator import Page, Paginator
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from wagtail.models import Locale

from .models import ArticlePage, paginate
from .models.paging import ARTICLES_PER_PAGE
from .reading import _TEXT_KEYS as TEXT_KEYS
from .sections import attach_sections

MAX_QUERY_LENGTH = 200
SNIPPET_LENGTH = 220
# Words shorter than this are too common to be worth marking ("a", "of").
MIN_MARKED_LENGTH = 2
# Beyond this a page number is taken for nonsense without asking the database (an offset
# of 20 digits overflows it): ``paginate`` turns it into the last page.
MAX_PAGE_NUMBER = 100_000
# Words at least this long also match with other endings.
STEMMED_LENGTH = 4


def clean_query(raw):
    """The query as the visitor sees it again: whitespace folded, length capped."""
    return " ".join((raw or "").replace("\x00", "").split())[:MAX_QUERY_LENGTH]


def search_terms(query):
    """Only words reach the backend: quotes and operators would be full-text syntax that
    SQLite's FTS5 rejects with an error, and NUL bytes PostgreSQL rejects outright."""
    return " ".join(re.sub(r"[^\w\s]|_", " ", query).split())


def _texts(value, counted=False):
    """The reader-visible strings in a block's raw value, in body order."""
    if isinstance(value, str):
        if counted:
            yield strip_tags(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, counted or key in TEXT_KEYS)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item, counted)


def body_text(raw_stream):
    """An article body (raw StreamField data) as one plain string."""
    parts = []
    for block in raw_stream:
        parts.extend(_texts(block.get("value"), counted=block.get("type") == "paragraph"))
    return " ".join(" ".join(parts).split())


def word_pattern(terms):
    """A regex for the search words at the start of a word, case-insensitively. Longer
    words also match their other endings, as the backends stem them ("models" marks
    "modelling"); short ones match only whole words, so "ai" does not mark "aim"."""
    words = sorted({w for w in terms.split() if len(w) >= MIN_MARKED_LENGTH}, key=len, reverse=True)
    if not words:
        return None
    alternatives = []
    for word in words:
        if len(word) >= STEMMED_LENGTH:
            stem = word[:-1] if word.lower().endswith("s") else word
            alternatives.append(re.escape(stem) + r"\w*")
        else:
            alternatives.append(re.escape(word) + r"\b")
    return re.compile(r"\b(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


def _window(text, start, length):
    """About `length` characters of `text` around `start`, cut at word boundaries."""
    if len(text) <= length:
        return 0, len(text)
    begin = max(0, start - length // 3)
    end = min(len(text), begin + length)
    begin = max(0, end - length)
    if begin > 0:
        space = text.find(" ", begin)
        begin = space + 1 if 0 <= space < start else begin
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return begin, end


def highlight(text, terms, length=SNIPPET_LENGTH):
    """Safe HTML: the part of `text` around the first match, matches in <mark>.

    Escaping comes first and marking second, and marks only wrap escaped text, so the
    output holds no markup but our own. None when no word of `terms` occurs in `text`.
    """
    pattern = word_pattern(terms)
    match = pattern.search(text) if pattern else None
    if match is None:
        return None
    begin, end = _window(text, match.start(), length)
    excerpt = text[begin:end]
    pieces, last = [], 0
    for found in pattern.finditer(excerpt):
        pieces.append(escape(excerpt[last : found.start()]))
        pieces.append(f"<mark>{escape(found.group())}</mark>")
        last = found.end()
    pieces.append(escape(excerpt[last:]))
    html = "".join(pieces)
    prefix = "… " if begin > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + html + suffix)  # noqa: S308 - escaped above, marks are ours


def snippet(article, terms):
    """Where the article matched: its standfirst if a word is there, else its body."""
    # The standfirst as the article page shows it: plain text, angle brackets and all.
    standfirst = " ".join(article.standfirst.split())
    return (
        highlight(standfirst, terms)
        or highlight(body_text(article.body.raw_data), terms)
        or escape(standfirst)
    )


def page_of_results(matches, page_number, per_page=ARTICLES_PER_PAGE):
    """A page of search results as ``paginate`` gives it, in fewer queries: the page is
    fetched first and says how many match in all where the backend can (PostgreSQL's
    ranking query counts beside it: search_backend.py), else one count follows. A page
    number that is nonsense or past the end falls back to ``paginate`` (the first or the
    last page)."""
    try:
        number = int(page_number)  # as Paginator.validate_number reads it
    except (TypeError, ValueError):
        number = 1
    if 1 <= number <= MAX_PAGE_NUMBER:
        page = matches[(number - 1) * per_page : number * per_page]
        rows = list(page)
        if rows or number == 1:
            total = getattr(page, "total_count", None)
            if total is None:
                total = matches.count() if rows else 0
            return Page(rows, number, Paginator(range(total), per_page))
    return paginate(matches, page_number, per_page)


def matching_articles(terms):
    """The search (lazy) for live, public articles in the active language with the words."""
    # Only pages in the reader's language, searched with that language's configuration
    # (articles/search_backend.py): /de/search/ finds German articles by German word forms.
    articles = ArticlePage.objects.live().public().filter(locale=Locale.get_active())
    return articles.select_related("author").search(terms)


def finds_anything(query):
    """Whether the query finds an article: one count, without a page of results, their
    sections or snippets (what "did you mean" asks of a suggestion: suggest.py)."""
    terms = search_terms(query)
    return bool(terms) and matching_articles(terms).count() > 0


def search_articles(query, page_number):
    """A page of live, public articles in the active language matching the query's words,
    each with a snippet and section; None when the query has no words to search for."""
    terms = search_terms(query)
    if not terms:
        return None
    results = page_of_results(matching_articles(terms), page_number)
    articles = attach_sections(results.object_list)
    for article in articles:
        article.snippet = snippet(article, terms)
    results.object_list = articles
    return results
