from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DesignationsConfig(AppConfig):
    name = "designations"
    verbose_name = _("Designations")

    def ready(self) -> None:
        from designations.panels import firm_designations_panel
        from registry.panels import register_firm_panel

        register_firm_panel(firm_designations_panel, order=10)
