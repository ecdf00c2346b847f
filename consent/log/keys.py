"""The log's signing key, read from CONSENT_LOG_SIGNING_KEY: a file path, or the key itself.

Either way the key is an Ed25519 private key as PEM (PKCS #8, what `openssl genpkey -algorithm
ed25519` writes) or as the base64 of its 32-byte seed. It never goes in the database: whoever
can rewrite the tables must not be able to sign a new history. The key name in every note is
the log's origin (CONSENT_LOG_ORIGIN, or "<site host name>/consent-log")."""

import base64
import binascii
import hashlib
import os
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)
from django.core.exceptions import ImproperlyConfigured

from ..conf import settings
from .notes import Verifier, key_id, verifier_key


def origin():
    configured = settings.CONSENT_LOG_ORIGIN
    if configured:
        return configured
    # The host name alone: `make run` on another port is still the same log.
    host = urlsplit(settings.SITE_BASE_URL).hostname or "localhost"
    return f"{host}/consent-log"


def _looks_like_key(value):
    return value.startswith("-----BEGIN") or (len(value) == 44 and value.endswith("="))


def parse_private_key(material):
    """An Ed25519 private key from PEM text or a base64 seed; ImproperlyConfigured if not."""
    material = material.strip()
    try:
        if material.startswith("-----BEGIN"):
            key = load_pem_private_key(material.encode(), password=None)
        else:
            seed = base64.b64decode(material, validate=True)
            if len(seed) != 32:
                raise ValueError("an Ed25519 seed is 32 bytes")
            key = Ed25519PrivateKey.from_private_bytes(seed)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise ImproperlyConfigured(f"CONSENT_LOG_SIGNING_KEY is not an Ed25519 key: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("CONSENT_LOG_SIGNING_KEY must be an Ed25519 key.")
    return key


@lru_cache(maxsize=4)
def _load(value):
    if not value:
        raise ImproperlyConfigured(
            "CONSENT_LOG_SIGNING_KEY is not set: the consent log cannot sign checkpoints. "
            "Set it to a key file's path or the key (see README, 'Consent log')."
        )
    if _looks_like_key(value.strip()):
        return parse_private_key(value)
    path = Path(value)
    if not path.is_file():
        raise ImproperlyConfigured(f"CONSENT_LOG_SIGNING_KEY: no key file at {path}.")
    return parse_private_key(path.read_text())


def signing_key():
    return _load(settings.CONSENT_LOG_SIGNING_KEY)


def seal_key():
    """A secret for sealing what the worker stores about the log (consent/log_checks.py),
    derived from the signing key, so it is as far from the database as the key itself and
    never the key: a leaked seal cannot sign a checkpoint."""
    seed = signing_key().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return hashlib.sha256(b"astermind consent log check seal v1\n" + seed).digest()


def verifier():
    """The configured key's public half, as notes.open_note wants it."""
    public = signing_key().public_key()
    return Verifier(origin(), key_id(origin(), public), public)


def published_verifier_key():
    return verifier_key(origin(), signing_key().public_key())


def write_new_key(path):
    """Create a new key file at `path` (PEM, readable by its owner only); never overwrite."""
    pem = Ed25519PrivateKey.generate().private_bytes(
        Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
