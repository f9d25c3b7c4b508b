"""Who may reach each consents URL (see itaku/api/tests/authz.py)."""

EXPECT = {}
