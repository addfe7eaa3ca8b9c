"""Domain exceptions raised by services and mapped to HTTP responses by the API."""


class ConflictError(Exception):
    """The request is valid but conflicts with the record's current state (HTTP 409)."""

    def __init__(self, message: str, **extra):
        super().__init__(message)
        self.extra = extra
