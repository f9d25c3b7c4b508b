"""The obligations endpoints of the API: (prefix, viewset, basename) for the root router."""

ROUTES = []
