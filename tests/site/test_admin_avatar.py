"""Editors' avatars never come from a third party."""


def test_the_admin_names_no_gravatar(admin_client, db):
    html = admin_client.get("/admin/").content.decode()
    assert "gravatar" not in html.lower()
    assert 'class="avatar' in html  # Wagtail's own default avatar is drawn instead
