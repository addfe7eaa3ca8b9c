"""URL helpers: the same five routes for every model with pages."""

from django.urls import path


def crud_urls(
    prefix: str, name: str, *, list_view, detail_view, edit_view=None, delete_view=None, add: bool = True
) -> list:
    """``<prefix>/`` list, ``<prefix>/add/``, ``<prefix>/<pk>/``, ``…/edit/``, ``…/delete/``.

    URL names are ``<name>_list``, ``<name>_add``, ``<name>_detail``, ``<name>_edit``, ``<name>_delete``.
    """
    patterns = [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/<int:pk>/", detail_view.as_view(), name=f"{name}_detail"),
    ]
    if edit_view is not None:
        if add:
            patterns.append(path(f"{prefix}/add/", edit_view.as_view(), name=f"{name}_add"))
        patterns.append(path(f"{prefix}/<int:pk>/edit/", edit_view.as_view(), name=f"{name}_edit"))
    if delete_view is not None:
        patterns.append(path(f"{prefix}/<int:pk>/delete/", delete_view.as_view(), name=f"{name}_delete"))
    return patterns
