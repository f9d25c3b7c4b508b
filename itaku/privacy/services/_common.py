"""What the services of personal information share: roles, the vault's faults as refusals, and the
journal of refusals."""

from django.db import transaction
from django.utils.translation import gettext_lazy

from itaku.accounts.models import Membership
from itaku.core.exceptions import ClauseViolation, PermissionRefused
from itaku.journal.services import journal_append

from .. import vault
from ..models import Dataset

VAULT_MESSAGES = {
    "key_missing": gettext_lazy(
        "「%(name)s」：暗号鍵（ITAKU_MASTER_KEY）が設定されていないため、ファイルを扱えません。"),
    "key_invalid": gettext_lazy(
        "「%(name)s」：暗号鍵（ITAKU_MASTER_KEY）の形式が正しくないため、ファイルを扱えません。"),
    "key_wrong": gettext_lazy("「%(name)s」：暗号鍵が一致しないため、ファイルを復号できません。"),
    "key_destroyed": gettext_lazy("「%(name)s」：データ鍵は消去されているため、ファイルを復号できません。"),
    "altered": gettext_lazy("「%(name)s」：暗号文が改変されているか壊れているため、ファイルを開けません。"),
}


def roles_of(actor, contract) -> set[str]:
    if actor is None or not actor.is_authenticated:
        return set()
    return set(Membership.objects.filter(contract=contract, user=actor).values_list("role", flat=True))


def require_role(actor, contract, roles, message) -> None:
    if not roles_of(actor, contract) & set(roles):
        raise PermissionRefused(message)


def vault_refusal(exc: vault.VaultError, dataset: Dataset) -> ClauseViolation:
    """A fault of the vault as a refusal naming the dataset (never a 500, never plaintext)."""
    message = VAULT_MESSAGES.get(exc.code, VAULT_MESSAGES["altered"])
    return ClauseViolation(str(message) % {"name": dataset.name}, code=f"vault_{exc.code}", clause="P-6-1")


def data_key(dataset: Dataset) -> bytes:
    """The dataset's data key, unwrapped; a refusal naming the dataset when it cannot be."""
    try:
        return vault.unwrap(dataset.wrapped_key, dataset_id=dataset.pk)
    except vault.VaultError as exc:
        raise vault_refusal(exc, dataset) from None


def journal_refusal(*, actor, dataset: Dataset, act: str, exc: ClauseViolation, data: dict | None = None) -> None:
    """Journal a refused act on ``dataset`` in a transaction of its own: the caller's transaction was
    rolled back, so the refusal leaves its event and nothing else."""
    with transaction.atomic():
        journal_append(actor=actor if actor is not None and actor.is_authenticated else None,
                       action="privacy.access.refused", contract=dataset.contract, clause=exc.clause or "",
                       obj=dataset, data={"dataset": dataset.pk, "act": act, "code": exc.code,
                                          "detail": str(exc.detail), **(data or {})})
