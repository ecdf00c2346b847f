"""HTML is gzipped for the public, never for the admin or a signed-in session (BREACH)."""

import gzip


def test_public_pages_are_gzipped_when_the_client_accepts_it(client, home):
    plain = client.get("/")
    zipped = client.get("/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content) / 2


def test_the_admin_is_never_compressed(admin_client, home):
    response = admin_client.get("/admin/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "Content-Encoding" not in response


def test_a_visitor_with_a_session_gets_plain_html(admin_client, home):
    response = admin_client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "Content-Encoding" not in response
