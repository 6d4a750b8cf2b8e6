"""A small criteria set with a growth indicator, for the tests (no real set has one yet)."""

from pathlib import Path

from ntm.core import load_catalog

SET = "thu-nghiem-tang-truong"
YAML = """
code: thu-nghiem-tang-truong
name_vi: Bộ thử nghiệm chỉ tiêu tăng trưởng (chỉ dùng cho kiểm thử)
name_en: Growth indicator test set (tests only)
level: commune
tier: ntm
dimension: none
complete: true
valid_from: 2020-01-01
decisions:
  - {number: "0/TEST", date: 2020-01-01, issuer: test}
groups:
  - {code: kinh-te, name_vi: Kinh tế, name_en: Economy}
criteria:
  - code: "1"
    name_vi: Thu nhập
    name_en: Income
    group: kinh-te
    sector: Thống kê
    indicators:
      - code: "1.1"
        name_vi: Thu nhập bình quân đầu người
        name_en: Average income per person
        kind: money
        direction: ">="
        unit: triệu đồng/người/năm
        evidence: Báo cáo thống kê
        verified: false
        thresholds:
          general: {value: 40, verified: false, placeholder: true, source: test}
      - code: "1.2"
        name_vi: Tốc độ tăng thu nhập bình quân đầu người so với năm trước
        name_en: Growth of average income per person on the year before
        kind: growth
        base: "1.1"
        direction: ">="
        evidence: Báo cáo thống kê
        verified: false
        thresholds:
          general: {value: 5, verified: false, placeholder: true, source: test}
"""


def growth_catalog(directory: Path, text: str = YAML):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{SET}.yaml").write_text(text, encoding="utf-8")
    return load_catalog(directory)
