"""The vault: files holding personal information, encrypted at rest (AES-256-GCM).

Keys
    Each dataset has its own random data key (32 bytes). The data key is stored only wrapped (sealed
    with AES-256-GCM) by the master key, ``settings.ITAKU_MASTER_KEY`` (base64 of 32 random bytes, from
    the environment). The wrapping binds the dataset's id (associated data), so a wrapped key copied to
    another dataset does not open. Erasing a dataset destroys its wrapped data key: its ciphertext can
    then never be decrypted again, wherever copies of it went. ``itaku rotatekey`` re-wraps every data
    key under a new master key without touching the files.

Files (stream format ``ITKV1``)
    ``MAGIC (6 bytes) | nonce prefix (8 random bytes) | record 0 | record 1 | …``. Each record is one
    chunk of at most :data:`CHUNK` bytes of plaintext sealed on its own: ciphertext and its 16-byte tag.
    The nonce of record *i* is the file's prefix followed by *i* (4 bytes, big-endian); the associated
    data is the header, *i* (8 bytes) and a final-record flag. A record moved, dropped, repeated or
    cut off, or a file truncated at a record boundary, therefore fails its tag. Files are encrypted and
    decrypted as streams, one chunk in memory at a time; plaintext is never written to disk.

Refusals
    Every fault (no master key, a malformed one, a wrong one, a destroyed data key, an altered or
    truncated ciphertext) raises :class:`VaultError` with a code; the services turn it into a refusal
    naming the dataset. :func:`open_verified` checks every record's tag before it yields the first byte
    of plaintext, so a reader never gets part of an altered file.
"""

import base64
import binascii
import hashlib
import os
import struct
from collections.abc import Iterable, Iterator

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

MAGIC = b"ITKV1\x00"
PREFIX_BYTES = 8
HEADER_BYTES = len(MAGIC) + PREFIX_BYTES
CHUNK = 1024 * 1024  # plaintext bytes per record
TAG_BYTES = 16
RECORD = CHUNK + TAG_BYTES
MAX_RECORDS = 2**32  # the counter's 4 bytes
WRAP_VERSION = b"\x01"
WRAP_AAD = b"itaku-dataset-key:"
HOW_TO_MAKE_A_KEY = (
    'python3 -c "import os, base64; print(base64.b64encode(os.urandom(32)).decode())"'
)


class VaultError(Exception):
    """A fault of the vault. ``code``: key_missing, key_invalid, key_wrong, key_destroyed, altered."""

    def __init__(self, code: str, message: str = ""):
        super().__init__(message or code)
        self.code = code


# -- keys ---------------------------------------------------------------------------------------------

def parse_master_key(text: str) -> bytes:
    """The 32 bytes of a master key given as base64; :class:`VaultError` ``key_missing`` or ``key_invalid``."""
    text = (text or "").strip()
    if not text:
        raise VaultError("key_missing", f"ITAKU_MASTER_KEY is not set; make one with: {HOW_TO_MAKE_A_KEY}")
    try:
        key = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise VaultError("key_invalid", "ITAKU_MASTER_KEY is not base64") from None
    if len(key) != 32:
        raise VaultError("key_invalid", f"ITAKU_MASTER_KEY must be 32 bytes (it is {len(key)})")
    return key


def master_key() -> bytes:
    return parse_master_key(settings.ITAKU_MASTER_KEY)


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def wrap(data_key: bytes, *, dataset_id: int, master: bytes | None = None) -> bytes:
    """``data_key`` sealed by the master key, bound to the dataset: version | nonce | ciphertext+tag."""
    master = master_key() if master is None else master
    nonce = os.urandom(12)
    aad = WRAP_AAD + str(dataset_id).encode()
    return WRAP_VERSION + nonce + AESGCM(master).encrypt(nonce, data_key, aad)


def unwrap(wrapped: bytes, *, dataset_id: int, master: bytes | None = None) -> bytes:
    wrapped = bytes(wrapped or b"")
    if not wrapped:
        raise VaultError("key_destroyed", "the data key was destroyed")
    master = master_key() if master is None else master
    if wrapped[:1] != WRAP_VERSION or len(wrapped) != 1 + 12 + 32 + TAG_BYTES:
        raise VaultError("key_wrong", "the wrapped data key is malformed")
    try:
        return AESGCM(master).decrypt(wrapped[1:13], wrapped[13:], WRAP_AAD + str(dataset_id).encode())
    except InvalidTag:
        raise VaultError("key_wrong", "the master key does not open this data key") from None


# -- streams ------------------------------------------------------------------------------------------

def _aad(header: bytes, index: int, final: bool) -> bytes:
    return header + struct.pack(">Q?", index, final)


def _nonce(prefix: bytes, index: int) -> bytes:
    if index >= MAX_RECORDS:
        raise VaultError("altered", "too many records")
    return prefix + struct.pack(">I", index)


class Sealer:
    """Encrypts a stream: feed plaintext to :meth:`update`, then call :meth:`finish`; each returns the
    ciphertext to write next (the header comes with the first call). Keeps at most one chunk."""

    def __init__(self, key: bytes):
        self._aead = AESGCM(key)
        self._prefix = os.urandom(PREFIX_BYTES)
        self.header = MAGIC + self._prefix
        self._index = 0
        self._pending = bytearray()
        self._header_out = False
        self.plain_size = 0
        self._plain_sha = hashlib.sha256()

    @property
    def plain_sha256(self) -> str:
        return self._plain_sha.hexdigest()

    def _seal(self, data: bytes, final: bool) -> bytes:
        sealed = self._aead.encrypt(_nonce(self._prefix, self._index), data, _aad(self.header, self._index, final))
        self._index += 1
        return sealed

    def _start(self) -> bytes:
        if self._header_out:
            return b""
        self._header_out = True
        return self.header

    def update(self, data: bytes) -> bytes:
        self.plain_size += len(data)
        self._plain_sha.update(data)
        self._pending += data
        out = [self._start()]
        # A full chunk is sealed only once more data follows it: the last chunk carries the final flag.
        while len(self._pending) > CHUNK:
            out.append(self._seal(bytes(self._pending[:CHUNK]), False))
            del self._pending[:CHUNK]
        return b"".join(out)

    def finish(self) -> bytes:
        out = self._start() + self._seal(bytes(self._pending), True)
        self._pending = bytearray()
        return out


def seal_stream(chunks: Iterable[bytes], key: bytes, out) -> Sealer:
    """Encrypt the plaintext ``chunks`` into the binary file ``out``; returns the sealer (size, SHA-256)."""
    sealer = Sealer(key)
    for chunk in chunks:
        if chunk:
            out.write(sealer.update(chunk))
    out.write(sealer.finish())
    return sealer


def _read_exact(fh, n: int) -> bytes:
    parts, wanted = [], n
    while wanted:
        part = fh.read(wanted)
        if not part:
            break
        parts.append(part)
        wanted -= len(part)
    return b"".join(parts)


def open_stream(fh, key: bytes) -> Iterator[bytes]:
    """Decrypt the ciphertext read from ``fh``, record by record. Raises :class:`VaultError` ``altered``
    at the first record that fails; the records before it were already yielded (see :func:`open_verified`)."""
    header = _read_exact(fh, HEADER_BYTES)
    if len(header) != HEADER_BYTES or not header.startswith(MAGIC):
        raise VaultError("altered", "not a vault file")
    aead, prefix = AESGCM(key), header[len(MAGIC):]
    record, index = _read_exact(fh, RECORD), 0
    while True:
        following = _read_exact(fh, RECORD) if len(record) == RECORD else b""
        final = not following
        if len(record) < TAG_BYTES:
            raise VaultError("altered", "a record is cut off")
        try:
            yield aead.decrypt(_nonce(prefix, index), record, _aad(header, index, final))
        except InvalidTag:
            raise VaultError("altered", f"record {index} fails its tag") from None
        if final:
            return
        record, index = following, index + 1


def verify_stream(fh, key: bytes) -> int:
    """Check every record's tag; returns the plaintext size. :class:`VaultError` ``altered`` otherwise."""
    return sum(len(chunk) for chunk in open_stream(fh, key))


def open_verified(opener, key: bytes) -> Iterator[bytes]:
    """The plaintext of the file ``opener()`` opens, only after every record was verified: a first pass
    checks the tags (raising :class:`VaultError` before anything is released), a second pass decrypts.

    Should the file change between the passes, the second pass still stops at the first bad record.
    """
    with opener() as fh:
        verify_stream(fh, key)

    def chunks():
        with opener() as fh:
            yield from open_stream(fh, key)

    return chunks()
