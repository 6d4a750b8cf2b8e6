"""The new communes of Lai Châu (from 1 July 2025) in 2026 under xa-ntm-2026. Pure Python.

The 2026 set is known only by its 10 criteria (no indicators, no thresholds), so the demo can only
record criterion statuses. It carries its predecessors' 2024 results over, criterion by criterion,
through the correspondence below (the demo's own reading of the criterion names, not an official
table): a new criterion is met only when every predecessor commune met all the old criteria it maps
to. Criterion 7 (science, technology and digital transformation) has no counterpart in the 2021
set: it stays unrecorded, so the engine reports it missing and no commune can meet the standard —
which is the honest state of a set whose content is not entered yet. Predecessors that were wards
or townships had no commune assessment and are left out.
"""

SET_CODE = "xa-ntm-2026"
YEAR = 2026
FROM_2021 = {
    "1": ("1",),  # Quy hoạch
    "2": ("2", "3", "4", "5", "6", "7", "8", "9"),  # Hạ tầng kinh tế – xã hội
    "3": ("10", "13"),  # Phát triển kinh tế nông thôn
    "4": ("12",),  # Đào tạo nguồn nhân lực nông thôn
    "5": ("14", "15", "16"),  # Văn hóa, giáo dục, y tế
    "6": ("11",),  # Giảm nghèo và an sinh xã hội
    "8": ("17",),  # Môi trường và cảnh quan nông thôn
    "9": ("18",),  # Hệ thống chính trị và hành chính công
    "10": ("18", "19"),  # Tiếp cận pháp luật và an ninh, quốc phòng
}


def carried_over(predecessors_2024: list[frozenset[str]]) -> dict[str, bool]:
    """2026 statuses of a new commune from the 2024 xa-ntm-2021 criteria of its predecessor communes."""
    if not predecessors_2024:
        return {}
    return {new: all(set(old) <= met for met in predecessors_2024) for new, old in FROM_2021.items()}
