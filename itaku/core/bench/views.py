"""The floor: the cheapest logged-in page and API answer that do real work (one indexed query returning
50 rows, a trivial template), measured in the same run as the pages, so that a page's cost is read as a
ratio to it."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.template import engines

from itaku.obligations.models import Obligation

_TEMPLATE = engines["django"].from_string(
    "<!DOCTYPE html><html lang=\"ja\"><title>floor</title><ul>"
    "{% for o in rows %}<li>{{ o.0 }} {{ o.1 }} {{ o.2 }}</li>{% endfor %}</ul></html>"
)


def _rows():
    return list(Obligation.objects.filter(state="open").order_by("due_on", "id")
                .values_list("id", "due_on", "title")[:50])


@login_required
def floor_html(request):
    from django.http import HttpResponse

    return HttpResponse(_TEMPLATE.render({"rows": _rows()}, request))


@login_required
def floor_json(request):
    return JsonResponse({"results": [{"id": i, "due_on": d.isoformat(), "title": t} for i, d, t in _rows()]})


class QueryCountMiddleware:
    """Adds ``X-Itaku-Queries``: the number of SQL queries the request ran (benchmark settings only)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Itaku-Queries"] = str(count)
        return response
