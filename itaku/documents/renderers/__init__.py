"""Renderers take a record and return ``(filename, mimetype, bytes)``.

Register each with :func:`register`; ``registry.get((kind, fmt))`` finds it. A renderer is called as
``render(contract, journal_head=..., source=...)`` where ``source`` is the record the document is
about (a consent, an inspection …) when it is not the contract itself. Apps keep their renderers in a
``renderers`` module of their own, loaded here on first use.
"""

from collections.abc import Callable
from importlib import import_module

Renderer = Callable[..., tuple[str, str, bytes]]


class Registry:
    def __init__(self):
        self._renderers: dict[tuple[str, str], Renderer] = {}
        self._clauses: dict[str, str] = {}
        self._sources: dict[str, str] = {}
        self._titles: dict[str, str] = {}
        self._defaults: dict[str, Callable] = {}
        self._contract_fields: dict[str, str] = {}
        self._loaded = False

    def register(self, kind: str, fmt: str, clause: str = "", source: str = "", title="",
                 default_source: Callable | None = None, contract_field: str = "contract"):
        """``source`` names the model (``app_label.Model``) of the record a kind is about, when it is
        not the contract itself (a consent for its letter); ``title`` names the kind for people.
        ``default_source(contract)`` gives the record to use when none is named (the responsibility
        report's current version for F-P); ``contract_field`` is the source's lookup of its contract."""
        def decorator(func: Renderer) -> Renderer:
            if default_source is not None:
                self._defaults[kind] = default_source
            if source:
                self._contract_fields[kind] = contract_field
            self._renderers[(kind, fmt)] = func
            if clause:
                self._clauses[kind] = clause
            if title:
                self._titles[kind] = title
            if source:
                self._sources[kind] = source
            return func

        return decorator

    def _load(self):
        if not self._loaded:
            from django.apps import apps
            from django.utils.module_loading import module_has_submodule

            from . import contract  # noqa: F401  (registers the contract renderers)

            for config in apps.get_app_configs():
                if config.name.startswith("itaku.") and config.name != "itaku.documents" \
                        and module_has_submodule(config.module, "renderers"):
                    import_module(f"{config.name}.renderers")
            self._loaded = True

    def get(self, key: tuple[str, str]) -> Renderer | None:
        self._load()
        return self._renderers.get(key)

    def clause_of(self, kind: str) -> str:
        self._load()
        return self._clauses.get(kind, "")

    def title_of(self, kind: str) -> str:
        """The name of ``kind`` for people; an unknown kind is shown as it is."""
        self._load()
        return str(self._titles.get(kind, kind))

    def source_of(self, kind: str) -> str:
        """The model label of the record ``kind`` is about, or "" for the contract itself."""
        self._load()
        return self._sources.get(kind, "")

    def default_source(self, kind: str, contract):
        """The record ``kind`` is about when none is named, or ``None`` (the kind has no default)."""
        self._load()
        default = self._defaults.get(kind)
        return default(contract) if default is not None else None

    def has_default_source(self, kind: str) -> bool:
        self._load()
        return kind in self._defaults

    def contract_field(self, kind: str) -> str:
        """The lookup from the source record of ``kind`` to its contract (``contract`` unless declared)."""
        self._load()
        return self._contract_fields.get(kind, "contract")

    def kinds(self) -> list[tuple[str, str]]:
        self._load()
        return sorted(self._renderers)


registry = Registry()
register = registry.register
