"""Tells the page cache which Wagtail page a request serves (rules.is_restricted reads it).

``before_serve_page`` hooks run before Wagtail's view-restriction check and every other
way a page answers, and this one first of them, so the page is noted whatever answers.
"""

from wagtail import hooks

from . import rules


@hooks.register("before_serve_page", order=-100)
def note_served_page(page, request, serve_args, serve_kwargs):
    rules.note_served_page(request, page)
