from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_table(sender, using, verbosity=1, **kwargs):
    """``migrate`` also makes the shared cache's table (``itaku_cache``) when the cache is the database,
    so that a database migrated by hand has it too (``createcachetable`` does nothing when it exists or
    when the cache is Redis)."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "itaku.core"
    label = "core"

    def ready(self):
        from . import generations

        generations.watch_contract_rows()
        # once per migrate: after the contracts app's (this app has no models, so no post_migrate of its own)
        post_migrate.connect(_create_cache_table, sender=self.apps.get_app_config("contracts"),
                             dispatch_uid="itaku.core.createcachetable")
