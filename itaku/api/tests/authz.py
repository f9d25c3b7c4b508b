"""Expectations for the authorization walk (``test_authorization``), shared by every app.

An app lists its URLs in ``itaku/<app>/tests/authz_expect.py``::

    EXPECT = {"consents:detail": (args, {"get": page(), "post": by_role(200, seed={"officer"}, ...)})}

A URL name may be listed more than once with a label in brackets (``"contracts:section[consents]"``),
each with its own arguments: the sections of the contract hub share one URL name.

``args`` is ``None`` (no URL arguments), ``"pk"`` (the contract's pk), ``"pk+fmt"``, or a function
``(contract, which) -> kwargs`` that finds the object to visit on that contract. An optional
``prepare(demo, contracts)`` creates, through the services, the objects the walk visits.
An expectation is a function ``(user, which) -> status`` where ``which`` is ``"seed"``, ``"other"``
or ``None``.
"""

CLIENT = {"officer", "inspector", "accountant", "auditor"}
SAMPLE_CONTRACTOR = {"rep", "privacy", "security", "worker1", "worker2"}
USERS = sorted(CLIENT | SAMPLE_CONTRACTOR | {"outsider"})
ANON = None
SEED = "ひきこもり支援Web広告業務"

# Who holds which role on each demo contract.
ROLES = {
    "seed": {"officer": {"officer"}, "inspector": {"inspector"}, "accountant": {"accountant"},
             "auditor": {"auditor"}, "representative": {"rep"}, "privacy_officer": {"privacy"},
             "security_officer": {"security"}, "worker": {"privacy", "worker1", "worker2"}},
    "other": {"officer": {"officer"}, "inspector": {"inspector"}, "accountant": set(), "auditor": set(),
              "representative": {"outsider"}, "privacy_officer": set(), "security_officer": set(),
              "worker": set()},
}


def section(key):
    """The arguments of the contract hub's section ``key`` on the contract visited."""
    return lambda contract, which: {"pk": contract.pk, "section": key}


def holders(which, *roles) -> set:
    """The demo users holding any of ``roles`` on the ``which`` contract."""
    return set().union(*(ROLES[which][r] for r in roles))


def sees(user, which):
    """Whether ``user`` may see the seed contract or the other one."""
    if user in CLIENT:
        return True
    if user in SAMPLE_CONTRACTOR:
        return which == "seed"
    return user == "outsider" and which == "other"


def scoped(ok=200, anon=302):
    """Anonymous visitors get ``anon`` (pages: the login redirect; API: 403); objects outside one's
    view are 404."""
    def expect(user, which):
        if user is ANON:
            return anon
        if which is not None and not sees(user, which):
            return 404
        return ok
    return expect


def page(ok=200):
    return scoped(ok, anon=302)


def api(ok=200):
    return scoped(ok, anon=403)


def logged_in(status, anon=302):
    return lambda user, which: anon if user is ANON else status


def always(status):
    return lambda user, which: status


def officer_only(ok, anon=302):
    return lambda user, which: anon if user is ANON else (ok if user == "officer" else 403)


def by_role(ok, *roles, anon=302, refused=403):
    """Users holding one of ``roles`` on the contract get ``ok``; others who see it ``refused``; the rest 404."""
    def expect(user, which):
        if user is ANON:
            return anon
        if not sees(user, which):
            return 404
        return ok if user in holders(which, *roles) else refused
    return expect
