"""The vault's throughput for ``make bench`` (``itaku benchmeasure``): a file at the upload limit
(``ITAKU_MAX_UPLOAD_BYTES``) encrypted as a stream into the storage (in), then read back, every record
verified and decrypted (out), as the services do. The target is at least 100 MB/s each way."""

import os
import tempfile
import time

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage

from . import vault

TARGET_MB_S = 100


def vault_throughput(size: int | None = None) -> dict:
    size = size or settings.ITAKU_MAX_UPLOAD_BYTES
    block = os.urandom(vault.CHUNK)
    key = vault.new_data_key()

    def plaintext():
        left = size
        while left > 0:
            yield block[:min(left, len(block))]
            left -= len(block)

    start = time.perf_counter()
    with tempfile.TemporaryFile(prefix="itaku-bench-") as sealed:
        vault.seal_stream(plaintext(), key, sealed)
        sealed.seek(0)
        name = default_storage.save("bench/vault-throughput.itkv", File(sealed, name="vault-throughput.itkv"))
    seconds_in = time.perf_counter() - start
    try:
        start = time.perf_counter()
        total = sum(len(chunk) for chunk in vault.open_verified(lambda: default_storage.open(name, "rb"), key))
        seconds_out = time.perf_counter() - start
    finally:
        default_storage.delete(name)
    assert total == size
    mb = size / 1_000_000
    in_mb_s, out_mb_s = round(mb / seconds_in, 1), round(mb / seconds_out, 1)
    return {"bytes": size, "in_mb_s": in_mb_s, "out_mb_s": out_mb_s, "target_mb_s": TARGET_MB_S,
            "meets_target": min(in_mb_s, out_mb_s) >= TARGET_MB_S}
