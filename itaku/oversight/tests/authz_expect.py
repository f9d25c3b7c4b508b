"""Who may reach each oversight URL (see itaku/api/tests/authz.py)."""

EXPECT = {}
