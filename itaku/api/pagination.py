"""Pagination of the API's lists.

Most lists are small per user (a contract's records) and keep DRF's page numbers with their ``count``.
A list that grows with the years (every obligation of every contract) is paginated by a cursor: a page
reads its 50 rows from an index in the list's order, without counting or sorting the whole table.
``?page=N`` is still answered there, with ``count``, for clients written against page numbers.
"""

from rest_framework.pagination import CursorPagination, PageNumberPagination


class CursorOrPagePagination(CursorPagination):
    """A cursor (``next``/``previous`` links, no ``count``); with ``?page=N``, DRF's page numbers."""

    page_size = 50
    max_page_size = 50
    ordering = ("id",)

    def paginate_queryset(self, queryset, request, view=None):
        self._numbered = None
        if self._numbered_requested(request):
            self._numbered = PageNumberPagination()
            return self._numbered.paginate_queryset(queryset, request, view)
        return super().paginate_queryset(queryset, request, view)

    @staticmethod
    def _numbered_requested(request) -> bool:
        return "page" in request.query_params and "cursor" not in request.query_params

    def get_paginated_response(self, data):
        if self._numbered is not None:
            return self._numbered.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        answer = super().get_paginated_response_schema(schema)
        answer["properties"]["count"] = {
            "type": "integer", "example": 123,
            "description": "only with ?page=N (page numbers); the cursor's pages do not count the list"}
        return answer

    def get_schema_operation_parameters(self, view):
        return super().get_schema_operation_parameters(view) + PageNumberPagination().get_schema_operation_parameters(
            view)


class ObligationPagination(CursorOrPagePagination):
    """Obligations by due date, then id (the index ``obligation_due_id``)."""

    ordering = ("due_on", "id")
