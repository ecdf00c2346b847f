"""Signed notes and checkpoints in the C2SP shapes (c2sp.org/signed-note, c2sp.org/tlog-checkpoint),
with Ed25519 from the `cryptography` package. Pure: keys come in as objects, text goes out.

A checkpoint note reads

    <origin>
    <tree size, decimal>
    <root hash, base64>
    time <UTC, RFC 3339>          (our one extension line)

    — <key name> <base64(key id || signature)>

where the key id is the first four bytes of SHA-256(key name || "\\n" || 0x01 || public key)
and the signature covers every byte before the blank line. The verifier key is published as
`<name>+<key id, hex>+<base64(0x01 || public key)>`, the form the Go note package reads.
"""

import base64
import binascii
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ED25519 = b"\x01"
DASH = "\u2014"  # the em dash every signature line starts with
TIME_PREFIX = "time "


class NoteError(ValueError):
    """A note that is malformed, or not signed by the key it is checked with."""


def raw_public(public_key):
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(name, public_key):
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + raw_public(public_key)).digest()[:4]


def verifier_key(name, public_key):
    encoded = base64.b64encode(ED25519 + raw_public(public_key)).decode()
    return f"{name}+{key_id(name, public_key).hex()}+{encoded}"


@dataclass(frozen=True)
class Verifier:
    name: str
    key_id: bytes
    public_key: Ed25519PublicKey = field(repr=False)


def parse_verifier_key(text):
    try:
        name, hex_id, encoded = text.strip().split("+", 2)  # base64 may hold "+"
        raw = base64.b64decode(encoded, validate=True)
        if raw[:1] != ED25519 or len(raw) != 33:
            raise NoteError("only Ed25519 verifier keys are accepted")
        public_key = Ed25519PublicKey.from_public_bytes(raw[1:])
    except (ValueError, binascii.Error) as exc:
        raise NoteError(f"not a verifier key: {exc}") from exc
    if not name or key_id(name, public_key).hex() != hex_id:
        raise NoteError("the verifier key's id does not match its name and key")
    return Verifier(name, bytes.fromhex(hex_id), public_key)


def checkpoint_body(origin, size, root, when):
    """The signed text of a checkpoint (ends with a newline)."""
    stamp = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{origin}\n{size}\n{base64.b64encode(root).decode()}\n{TIME_PREFIX}{stamp}\n"


def sign_note(body, name, private_key):
    public_key = private_key.public_key()
    signature = private_key.sign(body.encode("utf-8"))
    encoded = base64.b64encode(key_id(name, public_key) + signature).decode()
    return f"{body}\n{DASH} {name} {encoded}\n"


def open_note(text, verifier):
    """The body of `text` if one of its signature lines is `verifier`'s and valid."""
    body, sep, signatures = text.partition("\n\n")
    if not sep or not body or "\n\n" in signatures:
        raise NoteError("a note is a body, one blank line, then signature lines")
    body += "\n"
    for line in signatures.splitlines():
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != DASH:
            raise NoteError(f"malformed signature line: {line[:80]!r}")
        if parts[1] != verifier.name:
            continue
        try:
            blob = base64.b64decode(parts[2], validate=True)
        except binascii.Error as exc:
            raise NoteError("a signature is not base64") from exc
        if blob[:4] != verifier.key_id:
            continue
        try:
            verifier.public_key.verify(blob[4:], body.encode("utf-8"))
        except InvalidSignature as exc:
            raise NoteError(f"the signature by {verifier.name} does not match the note") from exc
        return body
    raise NoteError(f"the note carries no signature by {verifier.name}")


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    time: datetime | None
    extensions: tuple = ()


def parse_checkpoint(body):
    lines = body.split("\n")
    if len(lines) < 4 or lines[-1] != "":
        raise NoteError("a checkpoint body has an origin, a size and a root, each on a line")
    origin, size_text, root_text, *extensions = lines[:-1]
    if not size_text.isdigit() or (size_text.startswith("0") and size_text != "0"):
        raise NoteError("the tree size is not a decimal number")
    try:
        root = base64.b64decode(root_text, validate=True)
    except binascii.Error as exc:
        raise NoteError("the root hash is not base64") from exc
    if len(root) != 32:
        raise NoteError("the root hash is not 32 bytes")
    when = None
    for line in extensions:
        if line.startswith(TIME_PREFIX):
            try:
                when = datetime.strptime(line[len(TIME_PREFIX) :], "%Y-%m-%dT%H:%M:%SZ")
            except ValueError as exc:
                raise NoteError("the time line is not RFC 3339 UTC") from exc
            when = when.replace(tzinfo=UTC)
    return Checkpoint(origin, int(size_text), root, when, tuple(extensions))


def open_checkpoint(text, verifier, origin=None):
    """Verify `text`'s signature and parse it; with `origin`, it must be that log's."""
    checkpoint = parse_checkpoint(open_note(text, verifier))
    if origin is not None and checkpoint.origin != origin:
        raise NoteError(f"the checkpoint is for {checkpoint.origin!r}, not {origin!r}")
    return checkpoint
