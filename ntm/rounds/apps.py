from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "ntm.rounds"
    verbose_name = "Đợt báo cáo"

    def ready(self) -> None:
        # The one versioned write (indicators), finance and the province tables (reports) cannot
        # import rounds (a higher app): rounds hands its lock checks and its list of the children's
        # annual reports down, as recognition hands the engine its facts.
        from ntm.finance import locks as finance_locks
        from ntm.indicators.versions import add_write_guard
        from ntm.reports.province import add_appendix_source

        from .locks import refuse_finance, refuse_locked
        from .selectors import annual_children_tables

        add_write_guard(refuse_locked)
        finance_locks.add_write_guard(refuse_finance)
        add_appendix_source(annual_children_tables)
