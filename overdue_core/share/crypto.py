"""Link secrets and authenticated encryption for saved cases.

Why: a saved case must be unreadable to anyone holding only the database (a copied file, a
backup, a hosting operator). The secret that opens a case lives only in the link the person
holds. From a link token we derive two unrelated values:

* a lookup hash (SHA-256 of the token) — what the database stores to find the link;
* a wrapping key (HKDF-SHA256 of the token) — never stored; it unwraps the case's data key.

Each case has its own random 256-bit data key that encrypts the case, link labels and notes
(AES-256-GCM). Each link has its own X25519 key pair: the private key is stored wrapped with the
link's wrapping key, and the case's data key is stored sealed to the link's public key. So the
server can hand a *new* data key to every live link (when the owner revokes one, the case key is
rotated) without being able to read any of them, and revoking a link erases its wrapped copy.
Links made before key pairs existed wrap the data key directly; they still open. Every
ciphertext is bound to where it belongs through the associated data (case id, version, link
role, expiry): moving or editing a stored value makes decryption fail instead of yielding
someone else's data.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

#: 32 random bytes -> 43 URL-safe characters: 256 bits, far above the 128-bit floor.
TOKEN_BYTES = 32
KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43,128}$")
_WRAP_INFO = b"overdue-dashboard/link-wrap-key/v1"
_SEAL_INFO = b"overdue-dashboard/link-seal-key/v1"
PUBLIC_BYTES = 32


class CryptoError(Exception):
    """A ciphertext did not authenticate: wrong key, tampered data or data moved elsewhere.

    The message never carries key material or plaintext.
    """


def new_token() -> str:
    """A fresh link token with 256 bits of randomness."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_id() -> str:
    """A random row id (128 bits, hex): says nothing about the case or the token."""
    return secrets.token_hex(16)


def is_token_shaped(token: object) -> bool:
    return isinstance(token, str) and bool(TOKEN_PATTERN.match(token))


def token_hash(token: str) -> str:
    """What the database stores to find a link: SHA-256 of the token, hex."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def wrap_key_for(token: str) -> bytes:
    """The key that wraps the case's data key for this link (HKDF-SHA256, never stored)."""
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=_WRAP_INFO).derive(token.encode("ascii"))


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """AES-256-GCM: a fresh random nonce followed by ciphertext and tag."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def unseal(key: bytes, sealed: bytes | None, aad: bytes) -> bytes:
    """Reverse of :func:`seal`; raises :class:`CryptoError` on any mismatch."""
    if not isinstance(sealed, (bytes, bytearray, memoryview)) or len(sealed) < NONCE_BYTES + TAG_BYTES:
        raise CryptoError("ciphertext missing or truncated")
    sealed = bytes(sealed)
    if len(key) != KEY_BYTES:
        raise CryptoError("wrong key length")
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)
    except InvalidTag as exc:
        raise CryptoError("ciphertext did not authenticate") from exc


def wrap_data_key(token: str, data_key: bytes, aad: bytes) -> bytes:
    return seal(wrap_key_for(token), data_key, aad)


def unwrap_data_key(token: str, wrapped: bytes | None, aad: bytes) -> bytes:
    key = unseal(wrap_key_for(token), wrapped, aad)
    if len(key) != KEY_BYTES:
        raise CryptoError("unwrapped key has the wrong length")
    return key


# --- sealing to a link's public key (so the data key can be rotated for every live link) ----
def new_link_keypair() -> tuple[bytes, bytes]:
    """A fresh X25519 key pair for a link: (private, public), raw 32 bytes each."""
    private = X25519PrivateKey.generate()
    return private.private_bytes_raw(), private.public_key().public_bytes_raw()


def _seal_key(shared: bytes, ephemeral: bytes, public: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=ephemeral + public, info=_SEAL_INFO).derive(shared)


def seal_for(public: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """Encrypt to a public key (X25519 + HKDF + AES-GCM): an ephemeral public key, then :func:`seal`."""
    try:
        recipient = X25519PublicKey.from_public_bytes(bytes(public))
    except ValueError as exc:
        raise CryptoError("public key malformed") from exc
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    key = _seal_key(ephemeral.exchange(recipient), ephemeral_public, bytes(public))
    return ephemeral_public + seal(key, plaintext, aad)


def open_for(private: bytes, sealed: bytes | None, aad: bytes) -> bytes:
    """Reverse of :func:`seal_for` with the link's private key; :class:`CryptoError` on any mismatch."""
    if not isinstance(sealed, (bytes, bytearray, memoryview)) or len(sealed) < PUBLIC_BYTES + NONCE_BYTES + TAG_BYTES:
        raise CryptoError("sealed key missing or truncated")
    sealed = bytes(sealed)
    try:
        own = X25519PrivateKey.from_private_bytes(bytes(private))
        ephemeral_public = sealed[:PUBLIC_BYTES]
        shared = own.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    except ValueError as exc:
        raise CryptoError("key agreement failed") from exc
    public = own.public_key().public_bytes_raw()
    return unseal(_seal_key(shared, ephemeral_public, public), sealed[PUBLIC_BYTES:], aad)
