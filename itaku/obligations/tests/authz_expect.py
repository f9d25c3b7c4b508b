"""Who may reach each obligations URL (see itaku/api/tests/authz.py)."""

EXPECT = {}
