"""One exception type for every refusal: it carries the clause that forbids the action."""


class ClauseViolation(Exception):
    """A refusal by a service.

    ``code`` is a stable machine-readable code, ``clause`` the clause ID that forbids the action
    (``None`` when the refusal is about input or permission rather than a clause), ``detail`` the
    message for people (Japanese by default; translated through gettext), and ``field`` the input
    field at fault, if any.
    """

    status_code = 400

    def __init__(self, detail, *, code: str = "invalid", clause: str | None = None, field: str | None = None):
        super().__init__(str(detail))
        self.detail = detail
        self.code = code
        self.clause = clause
        self.field = field

    def __str__(self) -> str:
        prefix = f"[{self.clause}] " if self.clause else ""
        return f"{prefix}{self.detail}"


class PermissionRefused(ClauseViolation):
    """The actor may see the object but may not take this action."""

    status_code = 403

    def __init__(self, detail, *, code: str = "permission_denied", clause: str | None = None):
        super().__init__(detail, code=code, clause=clause)
