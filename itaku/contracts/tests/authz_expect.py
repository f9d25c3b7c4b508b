"""Who may reach each contracts URL (see itaku/api/tests/authz.py)."""

EXPECT = {}
