"""Who may reach each rates URL (see itaku/api/tests/authz.py)."""

EXPECT = {}
