"""Responses that must not be kept by a browser or a shared cache."""

from django.http import FileResponse
from django.utils.cache import add_never_cache_headers


def is_file_response(response) -> bool:
    """A download: a stored file, or a generated document sent as an attachment."""
    return isinstance(response, FileResponse) or "Content-Disposition" in response


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every response to a signed-in user (pages and API alike: they show
    contracts, names and amounts) and on every file, whoever asks: a shared computer's browser cache
    or a proxy must not keep a copy after the user has signed out.

    It stands after the authentication middleware; the API's token authentication sets ``request.user``
    on the way through the view, so token requests are covered too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or is_file_response(response):
            add_never_cache_headers(response)
        return response
