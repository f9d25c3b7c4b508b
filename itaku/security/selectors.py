"""Reads of annex 2, for a contract the actor sees (``contract_get`` first): everyone who sees the contract
sees its asset register, people, premises entries and policies."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from itaku.contracts.selectors import contracts_visible_to

from .choices import AssetKind, AssetOwner, AssetState
from .models import (
    InformationAsset,
    PeopleNotice,
    PolicyDocument,
    PremisesEntry,
    SecurityDeclaration,
    SecurityEducation,
    SecurityOfficerAppointment,
)


def assets_visible_to(actor) -> QuerySet[InformationAsset]:
    return InformationAsset.objects.filter(contract__in=contracts_visible_to(actor))


def asset_list(actor, *, contract) -> QuerySet[InformationAsset]:
    from django.contrib.auth import get_user_model

    users = Prefetch("users", queryset=get_user_model().objects.order_by("username"))
    return (assets_visible_to(actor).filter(contract=contract)
            .select_related("registered_by", "closed_by").prefetch_related(users).order_by("kind", "id"))


def asset_get(actor, pk, *, contract) -> InformationAsset:
    asset = asset_list(actor, contract=contract).filter(pk=pk).first()
    if asset is None:
        raise Http404
    return asset


@dataclass
class RegisterRow:
    """A row of the register: an asset of this app, or a dataset of annex 1 shown as information (kind 2)."""

    kind: str
    name: str
    owner: str
    place: str
    state: str
    users: list
    asset: InformationAsset | None = None
    dataset: object = None

    @property
    def kind_label(self) -> str:
        return AssetKind(self.kind).label

    @property
    def owner_label(self) -> str:
        return AssetOwner(self.owner).label


def register_rows(actor, *, contract) -> list[RegisterRow]:
    """The whole register (S-2): this app's assets and annex 1's datasets (P-5) as information assets of kind
    (2), read from the privacy app (never entered twice). Two queries for the assets, one for the datasets."""
    rows = [RegisterRow(kind=a.kind, name=a.name, owner=a.owner, place=a.place, state=a.get_state_display(),
                        users=list(a.users.all()), asset=a) for a in asset_list(actor, contract=contract)]
    from itaku.privacy.choices import Source
    from itaku.privacy.selectors import datasets_visible_to

    for ds in datasets_visible_to(actor).filter(contract=contract).order_by("id"):
        rows.append(RegisterRow(
            kind=AssetKind.INFORMATION, name=ds.name,
            owner=AssetOwner.CLIENT if ds.source == Source.HANDED_OVER else AssetOwner.CONTRACTOR,
            place=ds.get_handling_place_display(), state=ds.get_state_display(), users=[], dataset=ds))
    order = {k: i for i, k in enumerate(AssetKind.values)}
    rows.sort(key=lambda r: (order[r.kind], r.dataset is not None))
    return rows


def asset_places(contract) -> list[str]:
    """The distinct places where the contract's information assets may be used (S-7), in the order first
    registered: for the F-S sheet (section 1) and the pages."""
    from itaku.privacy.models import Dataset

    places = list(InformationAsset.objects.filter(contract_id=contract.pk).order_by("id")
                  .values_list("place", flat=True))
    places += [str(dict(Dataset._meta.get_field("handling_place").choices).get(p, p)) for p in
               Dataset.objects.filter(contract_id=contract.pk).order_by("id").values_list("handling_place", flat=True)]
    out: list[str] = []
    for place in places:
        if place and place not in out:
            out.append(place)
    return out


def held_client_assets(contract) -> QuerySet[InformationAsset]:
    return InformationAsset.objects.filter(contract_id=contract.pk, owner=AssetOwner.CLIENT, state=AssetState.HELD)


def officer_list(contract) -> QuerySet[SecurityOfficerAppointment]:
    return (SecurityOfficerAppointment.objects.filter(contract_id=contract.pk).select_related("user", "recorded_by")
            .order_by("-starts_on", "-id"))


def notice_list(contract) -> QuerySet[PeopleNotice]:
    return (PeopleNotice.objects.filter(contract_id=contract.pk).select_related("submitted_by", "received_by")
            .order_by("-number"))


def notice_get(actor, pk, *, contract) -> PeopleNotice:
    notice = notice_list(contract).filter(pk=pk, contract__in=contracts_visible_to(actor)).first()
    if notice is None:
        raise Http404
    return notice


def premises_list(contract) -> QuerySet[PremisesEntry]:
    return (PremisesEntry.objects.filter(contract_id=contract.pk).select_related("user", "recorded_by")
            .order_by("id"))


def premises_get(actor, pk, *, contract) -> PremisesEntry:
    entry = premises_list(contract).filter(pk=pk, contract__in=contracts_visible_to(actor)).first()
    if entry is None:
        raise Http404
    return entry


def education_list(contract) -> QuerySet[SecurityEducation]:
    return (SecurityEducation.objects.filter(session__contract_id=contract.pk).select_related("session")
            .annotate(attendee_count=Count("session__attendees")).order_by("-session__held_on", "-id"))


def policies_of(contract) -> list[PolicyDocument]:
    """The versions of each policy document that applies to the contract's template, newest first."""
    return list(PolicyDocument.objects.filter(template_id=contract.template_id).select_related("recorded_by")
                .order_by("kind", "-dated_on", "-id"))


def declaration_of(contract) -> SecurityDeclaration | None:
    return (SecurityDeclaration.objects.filter(organisation_id=contract.contractor_id)
            .select_related("recorded_by").order_by("-published_on", "-id").first())

