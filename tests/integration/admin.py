"""What an editor does in the Wagtail admin, posted the way a browser without JavaScript
posts it: the form as the server rendered it, with the editor's changes."""

import mimetypes
import secrets

from .client import find_form, form_fields


def page_id(sql, slug):
    (found,) = sql("SELECT id FROM wagtailcore_page WHERE slug = %s", slug)
    return found[0]


def change_banner_text(editor, wording):
    """Save the consent wording (a Wagtail setting) from its admin form, as an editor would."""
    settings_page = editor.get("/admin/settings/consent/consenttextsettings/")
    if settings_page.status == 302:
        settings_page = editor.get(settings_page.header("Location"))
    assert settings_page.status == 200, settings_page.status
    action, fields = find_form(settings_page.text, action_contains="/admin/settings/")
    fields["banner_text"] = wording
    saved = editor.post(action, fields)
    assert saved.status == 302, saved.text[:800]


def publish_through_admin(editor, page_pk, **changes):
    """What an editor's browser posts from the edit view (without JavaScript)."""
    edit_url = f"/admin/pages/{page_pk}/edit/"
    page = editor.get(edit_url)
    assert page.status == 200, page.status
    fields = form_fields(page.text, form_id="page-edit-form")
    fields.update(changes, **{"action-publish": "action-publish"})
    response = editor.post(edit_url, fields)
    assert response.status == 302, f"publish failed ({response.status}): {response.text[:800]}"


def set_privacy(editor, page_pk, restriction_type):
    """What the admin's privacy dialog posts: "login", "password", "groups" or "none"."""
    privacy_url = f"/admin/pages/{page_pk}/privacy/"
    dialog = editor.get(privacy_url)
    assert dialog.status == 200, dialog.status
    fields = form_fields(dialog.json()["html"], action_contains=privacy_url)
    fields["restriction_type"] = restriction_type
    saved = editor.post(privacy_url, fields)
    assert saved.status == 200, saved.text[:800]
    assert saved.json()["step"] == "set_privacy_done", saved.text[:800]


def upload_through_admin(editor, kind, filename, content, port=None, **fields):
    """Add an image or document (`kind`: "images" or "documents") from its admin form, as a
    browser posts it: multipart, with the form's own fields and CSRF token. Returns the
    response (a 302 to the listing when it was saved)."""
    add_url = f"/admin/{kind}/add/"
    form = editor.get(add_url, port=port)
    assert form.status == 200, form.status
    _action, sent = find_form(form.text, action_contains=add_url)
    sent.update(fields)
    boundary = f"----astermind{secrets.token_hex(12)}"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in sent.items()
    ]
    kind_of_file = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        f"Content-Type: {kind_of_file}\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    origin = f"http://127.0.0.1:{port or editor.port}"
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Origin": origin,
        "Referer": origin + add_url,
    }
    return editor.request("POST", add_url, body, headers, port)
