"""Writes on the contract's personal information, and the read of its files.

By subject: :mod:`.datasets` (the register: P-5, P-6-4, P-7), :mod:`.files` (the vault's files: every read,
write and refusal journaled; P-6-1, P-4, P-6-2), :mod:`.grants` (the client side's permission),
:mod:`.closeout` (P-6-7). Everything is re-exported here.
"""

from .closeout import (
    CERTIFICATE_KIND,
    dataset_close_out,
    dataset_confirm,
    dataset_direct,
    disposal_certificate_generate,
    open_datasets_refusal,
)
from .datasets import FIELDS, dataset_register
from .files import VAULT_EXTENSIONS, dataset_file_add, dataset_file_read
from .grants import access_grant, access_revoke

__all__ = [
    "dataset_register", "dataset_file_add", "dataset_file_read", "access_grant", "access_revoke",
    "dataset_direct", "dataset_close_out", "dataset_confirm", "disposal_certificate_generate",
    "open_datasets_refusal", "CERTIFICATE_KIND", "FIELDS", "VAULT_EXTENSIONS",
]

from .keys import key_fingerprint, master_key_rotate  # noqa: E402

__all__ += ["master_key_rotate", "key_fingerprint"]
