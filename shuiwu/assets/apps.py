from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssetsConfig(AppConfig):
    name = "shuiwu.assets"
    label = "assets"
    verbose_name = _("Assets")

    def ready(self):
        from shuiwu.assets import home
        from shuiwu.assets.choices import Kind
        from shuiwu.assets.kinds import SPECS
        from shuiwu.assets.models import PROXIES
        from shuiwu.core import navigation

        items = [
            navigation.MenuItem(_("Network map"), "assets:map", "assets.view_asset"),
            navigation.MenuItem(_("DMAs"), "assets:dma_list", "assets.view_dma"),
            navigation.MenuItem(_("Pressure zones"), "assets:pressurezone_list", "assets.view_pressurezone"),
            navigation.MenuItem(_("All assets"), "assets:asset_list", "assets.view_asset"),
        ]
        navigation.register(
            navigation.MenuSection(key="assets", label=_("Network"), icon="map", order=10, items=tuple(items))
        )
        navigation.register(
            navigation.MenuSection(
                key="asset-kinds",
                label=_("Asset register"),
                icon="list",
                order=11,
                items=tuple(
                    navigation.MenuItem(
                        Kind(kind).label,
                        "assets:kind_list",
                        f"assets.view_{PROXIES[kind]._meta.model_name}",
                        (spec.slug,),
                    )
                    for kind, spec in SPECS.items()
                ),
            )
        )
        navigation.register_tiles(home.tiles)
