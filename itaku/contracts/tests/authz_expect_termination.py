"""Who may reach each termination URL (see itaku/api/tests/authz.py)."""

EXPECT = {}
