""" "Did you mean …?" for a search that found nothing.

Each query word the site never uses is replaced by the nearest word it does use, by
difflib's similarity ratio (at least SIMILARITY, and only for words of MIN_WORD_LENGTH
letters or more): "transfomer" becomes "transformer", while "cat" is never turned into
"chat". It runs in Python on a word list, so it behaves the same on SQLite and PostgreSQL
(PostgreSQL's pg_trgm would not be there on SQLite), and a suggestion is offered only if it
finds something itself.

The word list is the site's vocabulary: the words of the titles and tags of every live,
public article and of the standfirsts, headings and body text of the newest
TEXT_ARTICLES of them, most frequent first, at most MAX_VOCABULARY words. Reading every
body took 17 s at 10,000 articles (docs/performance.md, issue 19), on the request of the
first failed search after each publish; the newest thousand bodies bound that, and the
titles and tags still name every article's subject. It is built once per site version —
the render cache's links token, which every publish, unpublish, move or delete of a page
and every tag change replaces (render_cache.py, signals.py) — and kept in the shared
cache. While that cache is down no suggestion is made, so a run of failed searches never
rebuilds it again and again.
Running the search itself is search.py's job; the view (views.py) asks for both.
"""

import difflib
import re
from collections import Counter

from astermind_site.languages import content_language, in_active_language

from .models import ArticlePage, ArticleTag
from .render_cache import LINKS, RENDER_CACHE_SECONDS, current_tokens, usable_cache
from .search import body_text, finds_anything, search_terms

MIN_WORD_LENGTH = 4
SIMILARITY = 0.8
MAX_VOCABULARY = 20_000
# Bodies read for the vocabulary: the newest articles' (titles and tags come from all).
TEXT_ARTICLES = 1_000
# Each unknown word costs a pass over the vocabulary: a long run of nonsense gets no guess.
MAX_UNKNOWN_WORDS = 4
VOCABULARY_KEY = "articles:search-vocabulary:{}"
_WORD = re.compile(rf"[^\W\d_]{{{MIN_WORD_LENGTH},}}")


def words_in(text):
    return [word.casefold() for word in _WORD.findall(text or "")]


def build_vocabulary():
    """The site's words, most frequent first (ties alphabetical, so the list is stable)."""
    counts = Counter()
    articles = in_active_language(ArticlePage.objects.live()).public()
    for title in articles.values_list("title", flat=True):
        counts.update(words_in(title))
    tags = ArticleTag.objects.filter(content_object__in=articles.values("pk"))
    for name in tags.values_list("tag__name", flat=True):
        counts.update(words_in(name))
    newest = articles.order_by("-first_published", "-pk").only("standfirst", "body")
    for article in newest[:TEXT_ARTICLES]:
        counts.update(words_in(article.standfirst))
        counts.update(words_in(body_text(article.body.raw_data)))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [word for word, _ in ranked[:MAX_VOCABULARY]]


def site_vocabulary():
    """The vocabulary of the current site version, or None while the shared cache is down."""
    shared = usable_cache()
    if shared is None:
        return None
    token = current_tokens(shared, [LINKS])[LINKS]
    # One vocabulary per language: German readers are offered German words.
    key = VOCABULARY_KEY.format(f"{token}:{content_language()}")
    vocabulary = shared.get(key)
    if vocabulary is None:
        vocabulary = build_vocabulary()
        shared.set(key, vocabulary, RENDER_CACHE_SECONDS)
    return vocabulary


def corrected(query, vocabulary):
    """The query with each unknown word replaced by its nearest known word; None when no
    word changed, or when more than MAX_UNKNOWN_WORDS are unknown."""
    known = set(vocabulary)
    words, changed, unknown = [], False, 0
    for word in search_terms(query).split():
        folded = word.casefold()
        # A plural of a known word is known too: the backends stem it ("models").
        is_known = folded in known or (folded.endswith("s") and folded[:-1] in known)
        if len(folded) < MIN_WORD_LENGTH or is_known or not folded.isalpha():
            words.append(word)
            continue
        unknown += 1
        if unknown > MAX_UNKNOWN_WORDS:
            return None
        nearest = difflib.get_close_matches(folded, vocabulary, n=1, cutoff=SIMILARITY)
        words.append(nearest[0] if nearest else word)
        changed = changed or bool(nearest)
    return " ".join(words) if changed else None


def did_you_mean(query):
    """A near query that finds articles, for a query that found none; else None."""
    vocabulary = site_vocabulary()
    if not vocabulary:
        return None
    suggestion = corrected(query, vocabulary)
    if suggestion is None:
        return None
    return suggestion if finds_anything(suggestion) else None
