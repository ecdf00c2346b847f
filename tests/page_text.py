"""Checks on what a page's HTML says."""


def assert_shows(html, *texts):
    """Every one of ``texts`` is in ``html``; a failure lists all the missing ones at once."""
    missing = [text for text in texts if text not in html]
    assert not missing, f"missing from the page: {missing}"
