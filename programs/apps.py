from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Support programmes")

    def ready(self) -> None:
        from programs.panels import firm_programmes_panel
        from programs.tasks import queue_eligibility_refresh
        from registry.firm_changes import on_firm_change
        from registry.panels import register_firm_panel

        register_firm_panel(firm_programmes_panel, order=20)
        on_firm_change(queue_eligibility_refresh)
