"""Request middleware: tie every change made during a request to its user and request id."""

from shuiwu.core.context import change_context


def _source_for(path: str) -> str:
    if path.startswith("/admin/"):
        return "admin"
    if path.startswith("/api/"):
        return "api"
    return "ui"


class ChangeContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The user is resolved lazily: token-authenticated API users are only
        # known once DRF has run, so the change log reads request.user late.
        with change_context(user=_LazyUser(request), source=_source_for(request.path_info)):
            return self.get_response(request)


class _LazyUser:
    """Resolves to the request's user when the change log asks for it."""

    def __init__(self, request):
        self._request = request

    def resolve(self):
        # DRF writes the token-authenticated user back onto the Django request.
        user = getattr(self._request, "user", None)
        if user is not None and getattr(user, "is_authenticated", False):
            return user
        return None
