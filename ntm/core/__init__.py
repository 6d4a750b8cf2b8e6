"""Pure-Python core of ntm: criteria catalogs, threshold rules, evaluation, gaps and revocation.

Nothing under this package imports Django (a test enforces it), so the engine can be tested
exhaustively and run on a whole country in one process. The Django apps call it through the
names re-exported here.
"""

from ntm.core.batch import BatchRow, Planner, evaluate_batch
from ntm.core.catalog import Catalog, CatalogError, CatalogInvalid, load_catalog, validate_path
from ntm.core.evaluate import EvaluationResult, evaluate, evaluate_unit
from ntm.core.gaps import Gap, gap_for, rank_nearest
from ntm.core.model import CriteriaSet, Criterion, CriterionGroup, Indicator, Threshold
from ntm.core.revocation import RevocationResult, assess_commune, assess_district
from ntm.core.rules import ResolvedThreshold, ThresholdOverride, UnitProfile, resolve_thresholds
from ntm.core.status import Status
from ntm.core.unit import SetData, UnitInput
from ntm.core.whatif import WhatIf, what_if

__all__ = [
    "BatchRow",
    "Catalog",
    "CatalogError",
    "CatalogInvalid",
    "CriteriaSet",
    "Criterion",
    "CriterionGroup",
    "EvaluationResult",
    "Gap",
    "Indicator",
    "Planner",
    "ResolvedThreshold",
    "RevocationResult",
    "SetData",
    "Status",
    "Threshold",
    "ThresholdOverride",
    "UnitInput",
    "UnitProfile",
    "WhatIf",
    "assess_commune",
    "assess_district",
    "evaluate",
    "evaluate_batch",
    "evaluate_unit",
    "gap_for",
    "load_catalog",
    "rank_nearest",
    "resolve_thresholds",
    "validate_path",
    "what_if",
]
