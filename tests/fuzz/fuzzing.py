"""The fuzz suite (hypothesis): values through the API and the data-entry form, CSV and XLSX
imports through the real import paths, GET parameters of every route. Each test asserts no server
error, no crash, no partial write (row counts before and after a refusal) and no job left running.

The number of cases is bounded so the whole suite runs in a few minutes on two cores (a little over
2,000 cases per database); `NTM_FUZZ_EXAMPLES=20000` scales every test to that total."""

import os

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

from ntm.audit.models import AuditRecord
from ntm.dataio.models import ImportJob
from ntm.indicators.models import Assessment, CriterionStatus, IndicatorValue

SET, YEAR = "xa-ntm-2021", 2024
DEFAULT_TOTAL = 2000  # about the cases of all fuzz tests together at their default counts


def fuzz_settings(default: int, *, shrink: bool = True):
    """Hypothesis settings for a test that runs `default` cases in CI, scaled by NTM_FUZZ_EXAMPLES;
    without `shrink` a failure is reported as found (fast when many routes fail at once)."""
    total = int(os.environ.get("NTM_FUZZ_EXAMPLES") or DEFAULT_TOTAL)
    phases = list(Phase) if shrink else [Phase.explicit, Phase.reuse, Phase.generate]
    return settings(
        max_examples=max(1, default * total // DEFAULT_TOTAL),
        phases=phases,
        deadline=None,
        database=None,  # no example database in the working tree; failures print their reproducer
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def row_counts() -> dict[str, int]:
    """What a refused request must leave unchanged."""
    return {
        "values": IndicatorValue.objects.count(),
        "statuses": CriterionStatus.objects.count(),
        "audit": AuditRecord.objects.count(),
        "assessments": Assessment.objects.count(),
        "current": IndicatorValue.objects.filter(is_current=True).count(),
    }


def running_jobs() -> int:
    return ImportJob.objects.filter(status__in=[ImportJob.Status.CHECKING, ImportJob.Status.APPLYING]).count()


# Texts that have broken readers before: numbers no float holds, words Python reads as numbers,
# control characters, SQL, very long cells, Vietnamese with and without a decimal comma.
NASTY = [
    "nan", "NaN", "inf", "-inf", "Infinity", "1e400", "-1e400", "1e308", "9" * 400, "-5", "250", "100.0001",
    "0", "50", "50,5", "1.234,5", "1,234.5", "80%", "có", "không", "n/a", "không áp dụng", "đạt",
    "\x00", "12\x00", "\x1b[31m", "' OR 1=1 --", "<script>alert(1)</script>", "=1+1", " ", "",
    "²", "١٢", "0x10", "1_000", "--1", "+5", "5e-324", "true", "None", "null",
]  # fmt: skip

raw_values = st.one_of(
    st.sampled_from(NASTY),
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([10**400, -(10**400), 2**63, 2**31]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.text(min_size=290, max_size=1200),
)
texts = st.one_of(st.sampled_from(NASTY), st.text(max_size=60), st.text(min_size=295, max_size=320))
