"""Signed notes and checkpoints: the Go note package's published example (golang.org/x/mod/
sumdb/note: the PeterNeumann key and note) verifies and is reproduced byte for byte, so our
notes are readable by the C2SP tools; a changed byte or another key is refused."""

import base64
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from consent.log import notes

# From the documentation of golang.org/x/mod/sumdb/note.
GO_PRIVATE = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"  # PRIVATE+KEY+PeterNeumann+c74f20a3+
GO_VERIFIER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_BODY = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_NOTE = (
    GO_BODY
    + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgK"
    "vqfqdngotpRZb6KE6RyyBwJnAM=\n"
)


def go_key():
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(GO_PRIVATE)[1:])


def test_the_go_note_example_verifies_and_is_reproduced():
    verifier = notes.parse_verifier_key(GO_VERIFIER)
    assert notes.open_note(GO_NOTE, verifier) == GO_BODY
    assert notes.verifier_key("PeterNeumann", go_key().public_key()) == GO_VERIFIER
    assert notes.sign_note(GO_BODY, "PeterNeumann", go_key()) == GO_NOTE


@pytest.mark.parametrize(
    "tampered",
    [
        GO_NOTE.replace("cryptography", "Cryptography"),
        GO_NOTE.replace("x08go/", "x08go+"),
        GO_NOTE.replace("\u2014 PeterNeumann", "\u2014 PaulNeumann"),
        GO_NOTE.replace("\n\n", "\n"),
        GO_NOTE.replace("\u2014", "-"),
    ],
)
def test_a_changed_note_is_refused(tampered):
    with pytest.raises(notes.NoteError):
        notes.open_note(tampered, notes.parse_verifier_key(GO_VERIFIER))


def test_another_key_of_the_same_name_is_refused():
    other = Ed25519PrivateKey.generate()
    forged = notes.sign_note(GO_BODY, "PeterNeumann", other)
    with pytest.raises(notes.NoteError, match="no signature by PeterNeumann"):
        notes.open_note(forged, notes.parse_verifier_key(GO_VERIFIER))


def test_a_verifier_key_whose_id_does_not_match_is_refused():
    with pytest.raises(notes.NoteError):
        notes.parse_verifier_key(GO_VERIFIER.replace("c74f20a3", "c74f20a4"))
    with pytest.raises(notes.NoteError):
        notes.parse_verifier_key("not a key")


def test_checkpoint_body_has_the_tlog_checkpoint_lines():
    root = bytes.fromhex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")
    when = datetime(2026, 12, 6, 4, 30, 5, 123, tzinfo=UTC)
    body = notes.checkpoint_body("example.org/consent-log", 8, root, when)
    assert body == (
        "example.org/consent-log\n8\nXcnaeacGWamtVZy3Ad7Zoqudgjqt"
        "L0lgz+Nw7/RgQyg=\ntime 2026-12-06T04:30:05Z\n"
    )
    signed = notes.sign_note(body, "example.org/consent-log", go_key())
    verifier = notes.Verifier(
        "example.org/consent-log",
        notes.key_id("example.org/consent-log", go_key().public_key()),
        go_key().public_key(),
    )
    checkpoint = notes.open_checkpoint(signed, verifier, "example.org/consent-log")
    assert (checkpoint.size, checkpoint.root, checkpoint.time) == (
        8,
        root,
        when.replace(microsecond=0),
    )
    with pytest.raises(notes.NoteError, match="not 'other.org/log'"):
        notes.open_checkpoint(signed, verifier, "other.org/log")


@pytest.mark.parametrize(
    "body",
    [
        "o\n08\nAAAA\n",
        "o\n-1\n" + "A" * 43 + "=\n",
        "o\n3\nnot base64!\n",
        "o\n3\nAAAA\n",
        "o\n3\n",
    ],
)
def test_malformed_checkpoints_are_refused(body):
    with pytest.raises(notes.NoteError):
        notes.parse_checkpoint(body)


def key_with_a_plus_in_its_base64():
    for n in range(256):
        public_key = Ed25519PrivateKey.from_private_bytes(bytes([n]) * 32).public_key()
        if "+" in notes.verifier_key("k", public_key).split("+", 2)[2]:
            return public_key
    raise AssertionError("no such key among 256 seeds")


def test_a_verifier_key_whose_base64_holds_a_plus_sign_is_read():
    """About half of all Ed25519 keys encode with a "+"; the name and key id never hold one,
    so only the first two "+" separate the fields (such a key was refused before)."""
    public_key = key_with_a_plus_in_its_base64()
    text = notes.verifier_key("example.org/log", public_key)
    assert text.count("+") > 2
    verifier = notes.parse_verifier_key(text)
    assert verifier.name == "example.org/log"
    assert notes.raw_public(verifier.public_key) == notes.raw_public(public_key)
