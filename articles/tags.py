"""Tag names in one style, whoever types them.

The rule: a tag's name is in sentence case — its first letter a capital, the rest kept as
the editor wrote it, so acronyms keep theirs ("Edge AI", "LLMs", "Fundamentals") — with its
spaces folded; its slug (the URL) is lower-case, as taggit makes it. A name that differs
from an existing tag only in case reuses that tag (TAGGIT_CASE_INSENSITIVE in settings), so
"edge ai" typed in the admin files the article under "Edge AI" rather than a second tag.
signals.py applies the rule to every tag saved; migration 0006 applied it to older ones.
"""


def tag_display_name(name):
    """`name` in the site's tag style: spaces folded, first letter a capital."""
    folded = " ".join((name or "").split())
    return folded[:1].upper() + folded[1:]
