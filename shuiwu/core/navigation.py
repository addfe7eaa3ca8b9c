"""The navigation menu: each app registers its section; the page shows what the user may open."""

from dataclasses import dataclass, field

from django.urls import reverse


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    permission: str | None = None
    args: tuple = ()


@dataclass(frozen=True)
class MenuSection:
    key: str
    label: str
    icon: str
    order: int
    items: tuple[MenuItem, ...] = field(default_factory=tuple)


_sections: dict[str, MenuSection] = {}


def register(section: MenuSection) -> None:
    _sections[section.key] = section


def menu_for(user) -> list[dict]:
    menu = []
    for section in sorted(_sections.values(), key=lambda s: s.order):
        items = [
            {"label": item.label, "url": reverse(item.url_name, args=item.args)}
            for item in section.items
            if item.permission is None or user.has_perm(item.permission)
        ]
        if items:
            menu.append({"key": section.key, "label": section.label, "icon": section.icon, "items": items})
    return menu


# -- home page tiles: each app contributes its headline figures --------------

_tile_providers: list = []


def register_tiles(provider) -> None:
    """``provider(user) -> list[dict(label, value, unit, url)]`` adds tiles to the home page."""
    _tile_providers.append(provider)


def tiles_for(user) -> list[dict]:
    tiles = []
    for provider in _tile_providers:
        tiles.extend(provider(user))
    return tiles
