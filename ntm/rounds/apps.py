from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "ntm.rounds"
    verbose_name = "Đợt báo cáo"

    def ready(self) -> None:
        # The one versioned write (indicators) cannot import rounds (a higher app): rounds hands its
        # lock check down, as recognition hands the engine its facts.
        from ntm.finance import locks as finance_locks
        from ntm.indicators.versions import add_write_guard

        from .locks import refuse_finance, refuse_locked

        add_write_guard(refuse_locked)
        finance_locks.add_write_guard(refuse_finance)
