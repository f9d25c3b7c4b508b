"""``itaku rotatekey``: re-wrap every dataset's data key under a new master key (the files stay as they
are). The old key is ITAKU_MASTER_KEY (or ``--old-key``); the new key is ``--new-key`` or the
environment variable ITAKU_NEW_MASTER_KEY. Journaled. Afterwards, set ITAKU_MASTER_KEY to the new key and
restart the application servers."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from itaku.core.exceptions import ClauseViolation
from itaku.privacy import vault
from itaku.privacy.services.keys import key_fingerprint, master_key_rotate


class Command(BaseCommand):
    help = "Re-wrap every data key of the vault under a new master key, without re-encrypting the files."

    def add_arguments(self, parser):
        parser.add_argument("--old-key", default="", help="the current master key (default: ITAKU_MASTER_KEY)")
        parser.add_argument("--new-key", default="", help="the new master key (default: ITAKU_NEW_MASTER_KEY)")

    def handle(self, *args, old_key="", new_key="", **options):
        try:
            old = vault.parse_master_key(old_key or settings.ITAKU_MASTER_KEY)
        except vault.VaultError as exc:
            raise CommandError(f"old key: {exc}") from None
        try:
            new = vault.parse_master_key(new_key or os.environ.get("ITAKU_NEW_MASTER_KEY", ""))
        except vault.VaultError as exc:
            raise CommandError(f"new key: {exc} (give it with --new-key or ITAKU_NEW_MASTER_KEY)") from None
        try:
            count = master_key_rotate(actor=None, old=old, new=new)
        except ClauseViolation as exc:
            raise CommandError(str(exc.detail)) from None
        self.stdout.write(f"re-wrapped {count} data keys under the new master key {key_fingerprint(new)}; "
                          "now set ITAKU_MASTER_KEY to the new key and restart the application servers")
