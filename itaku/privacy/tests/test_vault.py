import io
import os
import subprocess
import sys

import pytest

from itaku.privacy import vault
from itaku.privacy.vault import CHUNK, HEADER_BYTES, RECORD, VaultError

KEY = bytes(range(32))


def _seal(data: bytes, key=KEY) -> bytes:
    out = io.BytesIO()
    vault.seal_stream([data[i:i + 300_000] for i in range(0, len(data), 300_000)], key, out)
    return out.getvalue()


def _open(blob: bytes, key=KEY) -> bytes:
    return b"".join(vault.open_verified(lambda: io.BytesIO(blob), key))


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 5])
def test_round_trip_at_chunk_edges(size):
    data = os.urandom(size)
    blob = _seal(data)
    # A plaintext of 16 bytes or more never appears in the sealed blob; a shorter one may
    # occur by chance among random ciphertext bytes, so it proves nothing.
    assert size < 16 or data not in blob
    assert _open(blob) == data


def test_sealer_reports_plaintext_size_and_hash():
    import hashlib

    sealer = vault.seal_stream([b"abc", b"def"], KEY, io.BytesIO())
    assert sealer.plain_size == 6 and sealer.plain_sha256 == hashlib.sha256(b"abcdef").hexdigest()


@pytest.mark.clause("P-6-7")
@pytest.mark.parametrize("damage", ["flip", "truncate_record", "drop_last", "swap", "header", "wrong_key"])
def test_altered_ciphertext_or_wrong_key_releases_nothing(damage):
    data = os.urandom(2 * CHUNK + 10)
    blob = bytearray(_seal(data))
    key = KEY
    first, second = slice(HEADER_BYTES, HEADER_BYTES + RECORD), slice(HEADER_BYTES + RECORD, HEADER_BYTES + 2 * RECORD)
    if damage == "flip":
        blob[-5] ^= 1
    elif damage == "truncate_record":
        blob = blob[:-3]
    elif damage == "drop_last":
        blob = blob[:HEADER_BYTES + 2 * RECORD]
    elif damage == "swap":
        a, b = bytes(blob[first]), bytes(blob[second])
        blob[first], blob[second] = b, a
    elif damage == "header":
        blob[0] ^= 1
    else:
        key = bytes(32)
    with pytest.raises(VaultError) as err:
        vault.open_verified(lambda: io.BytesIO(bytes(blob)), key)  # refused before the first byte
    assert err.value.code == "altered"


def test_wrap_binds_the_dataset_and_the_master_key():
    master, data_key = os.urandom(32), vault.new_data_key()
    wrapped = vault.wrap(data_key, dataset_id=7, master=master)
    assert vault.unwrap(wrapped, dataset_id=7, master=master) == data_key
    for kwargs in ({"dataset_id": 8, "master": master}, {"dataset_id": 7, "master": os.urandom(32)}):
        with pytest.raises(VaultError) as err:
            vault.unwrap(wrapped, **kwargs)
        assert err.value.code == "key_wrong"
    with pytest.raises(VaultError) as err:
        vault.unwrap(b"", dataset_id=7, master=master)
    assert err.value.code == "key_destroyed"


@pytest.mark.parametrize("text,code", [("", "key_missing"), ("not base64!", "key_invalid"),
                                       ("c2hvcnQ=", "key_invalid")])
def test_master_key_must_be_base64_of_32_bytes(text, code):
    with pytest.raises(VaultError) as err:
        vault.parse_master_key(text)
    assert err.value.code == code


@pytest.mark.parametrize("key", ["", "c2hvcnQ="])
def test_production_refuses_to_start_without_a_master_key_and_says_how_to_make_one(key):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": "abcdefghij" * 5,
           "ITAKU_MASTER_KEY": key}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "ITAKU_MASTER_KEY" in result.stderr and "os.urandom(32)" in result.stderr
