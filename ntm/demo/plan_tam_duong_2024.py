"""Tam Đường district's 2024 NTM plan (seed 002), entered as the demo plan: every target of
sections I–II, the funding of section III (144,771 million VND) and the 13 carried-over works of
section IV with the five special-mechanism works of its footnote.

Targets, funding and works counts are the seed's. Invented (and said so in each row's evidence or
note): the entered actuals of the socio-economic targets (the seed gives targets only), the amount
of each of the 13 works (the seed gives their total, 23,198), and the 8 works the seed does not
name. Criteria-based actuals are not entered: they are computed from the demo's assessments and
decisions (docs/demo-data.md). Idempotent: nothing is written when the plan exists.
"""

import datetime
from decimal import Decimal

from ntm.finance import services as finance
from ntm.finance import works as work_services
from ntm.finance.models import Work
from ntm.planning import services
from ntm.planning.models import Basis, CountMode, Plan, Target
from ntm.units.models import AdminUnit, Level

DISTRICT = "106"
TOWNSHIP = "03390"
BAN_BO = "03424"
YEAR = 2024
TITLE = (
    "Kế hoạch thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới, đô thị văn minh "
    "huyện Tam Đường năm 2024"
)
LEGAL_BASES = [
    "Quyết định số 263/QĐ-TTg ngày 22/02/2022 của Thủ tướng Chính phủ phê duyệt Chương trình MTQG xây "
    "dựng nông thôn mới giai đoạn 2021-2025",
    "Quyết định số 320/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ ban hành Bộ tiêu chí quốc gia về huyện "
    "nông thôn mới; quy định thị xã, thành phố trực thuộc cấp tỉnh hoàn thành nhiệm vụ xây dựng nông thôn "
    "mới và Bộ tiêu chí quốc gia về huyện nông thôn mới nâng cao giai đoạn 2021-2025",
    "Quyết định số 1285/QĐ-UBND ngày 27/9/2022 của UBND tỉnh Lai Châu ban hành Bộ tiêu chí về xã nông thôn "
    "mới và Bộ tiêu chí xã nông thôn mới nâng cao của tỉnh Lai Châu giai đoạn 2021-2025",
    "Quyết định số 43/QĐ-UBND ngày 12/01/2023 của UBND tỉnh Lai Châu ban hành Bộ tiêu chí về thôn, bản đạt "
    "chuẩn nông thôn mới tỉnh Lai Châu giai đoạn 2021-2025",
    "Kế hoạch số 454/KH-UBND ngày 6/4/2023 của UBND huyện thực hiện Chương trình mục tiêu quốc gia xây "
    "dựng nông thôn mới giai đoạn 2021-2025 trên địa bàn huyện",
    "Quyết định số 3619/QĐ-UBND ngày 18/12/2023 của UBND huyện về việc giao chỉ tiêu Kế hoạch phát triển "
    "Kinh tế - xã hội năm 2024",
]
OBJECTIVE = (
    "Triển khai thực hiện chương trình mục tiêu quốc gia xây dựng nông thôn mới gắn với thực hiện có hiệu "
    "quả cơ cấu ngành nông nghiệp, phát triển kinh tế nông thôn; nâng cao đời sống vật chất, tinh thần của "
    "người dân nông thôn; xây dựng hạ tầng kinh tế - văn hóa nông thôn đồng bộ, từng bước hiện đại, bảo đảm "
    "môi trường, cảnh quan nông thôn sáng, xanh, sạch, đẹp, an toàn, giàu bản sắc văn hóa truyền thống, "
    "thích ứng với biến đổi khí hậu và phát triển bền vững. Hệ thống chính trị ở nông thôn được củng cố và "
    "tăng cường; an ninh chính trị, trật tự an toàn xã hội được giữ vững."
)
ACTUAL_EVIDENCE = (
    "DỮ LIỆU MẪU (demo): số thực hiện tự tạo để trình diễn — seed 002 chỉ có chỉ tiêu kế hoạch, "
    "không có số thực hiện"
)
X, NC, H, T, DT = (
    "xa-ntm-2021",
    "xa-ntm-nang-cao-2021",
    "huyen-ntm-2021",
    "thon-ntm-lai-chau-2023",
    "do-thi-van-minh-2021",
)
VILLAGE = "Cấp thôn, bản: có 20/20 thôn bản đạt tiêu chí số {n} về {name}"


def cov(section, label, set_code, code, n, of):
    return {
        "kind": Target.Kind.CRITERION_COVERAGE,
        "section": section,
        "label": label,
        "set_code": set_code,
        "criteria": [code],
        "target_value": n,
        "denominator": of,
    }


def village(section, code, name):
    return cov(section, VILLAGE.format(n=code, name=name), T, code, 20, 20)


def unit_criteria(section, label, subject, set_code, criteria, n=None, note=""):
    return {
        "kind": Target.Kind.UNIT_CRITERIA,
        "section": section,
        "label": label,
        "subject": subject,
        "set_code": set_code,
        "criteria": criteria,
        "target_value": n,
        "note": note,
    }


def measure(section, label, value, uom, actual, children=(), metric=""):
    return {
        "kind": Target.Kind.MEASURE,
        "section": section,
        "label": label,
        "target_value": Decimal(str(value)),
        "unit_of_measure": uom,
        "metric": metric,
        "_actual": actual,
        "_children": children,
    }


def milestone(section, label, done):
    return {"kind": Target.Kind.MILESTONE, "section": section, "label": label, "_actual": done}


def count(section, label, set_code, n, basis, mode, units=()):
    return {
        "kind": Target.Kind.UNITS_AT_STANDARD,
        "section": section,
        "label": label,
        "set_code": set_code,
        "target_value": n,
        "basis": basis,
        "count_mode": mode,
        "_units": [(code, None) for code in units],
    }


def targets() -> list[dict]:
    """Every target of sections I–II of seed 002, in the plan's order. Subjects are unit codes."""
    d, bb, tt = DISTRICT, BAN_BO, TOWNSHIP
    return [
        unit_criteria(
            "I.2.1",
            "Cấp huyện: phấn đấu đạt 6/9 tiêu chí huyện nông thôn mới (tăng 03 tiêu chí so với năm 2023: "
            "tiêu chí số 1 – Quy hoạch, số 6 – Kinh tế, số 7 – Môi trường)",
            d,
            H,
            ["1", "6", "7"],
            n=6,
        ),
        count(
            "I.2.2",
            "Tiếp tục duy trì và nâng cao chất lượng tiêu chí nông thôn mới của 8 xã đã được công nhận "
            "đạt chuẩn",
            X,
            8,
            Basis.MEETS,
            CountMode.MAINTAINED,
        ),
        count(
            "I.2.2",
            "Công nhận thị trấn Tam Đường đạt chuẩn đô thị văn minh",
            DT,
            1,
            Basis.RECOGNISED,
            CountMode.NEW,
            [tt],
        ),
        count(
            "I.2.2",
            "Đề nghị công nhận mới 01 xã nông thôn mới (xã Sơn Bình)",
            X,
            1,
            Basis.RECOGNISED,
            CountMode.NEW,
            ["03413"],
        ),
        {
            "kind": Target.Kind.AVERAGE_CRITERIA,
            "section": "I.2.2",
            "label": "Phấn đấu bình quân tiêu chí nông thôn mới toàn huyện đạt 18,5 tiêu chí/xã",
            "set_code": X,
            "target_value": Decimal("18.5"),
        },
        unit_criteria(
            "I.2.2",
            "Xã nông thôn mới nâng cao (xã Bản Bo): phấn đấu đạt 16/19 tiêu chí (tăng 06 tiêu chí so với năm "
            "2023: số 1 – Quy hoạch, số 5 – Giáo dục, số 6 – Văn hóa, số 10 – Thu nhập, số 14 – Y tế, "
            "số 17 – Môi trường)",
            bb,
            NC,
            ["1", "5", "6", "10", "14", "17"],
            n=16,
        ),
        {
            "kind": Target.Kind.VILLAGES_BY_COMMUNE,
            "section": "I.2.3",
            "label": "Cấp bản: phấn đấu công nhận 20 bản đạt chuẩn nông thôn mới (xã Sơn Bình 05 bản, "
            "xã Giang Ma 06 bản, xã Nà Tăm 04 bản, xã Tả Lèng 05 bản)",
            "set_code": T,
            "target_value": 20,
            "basis": Basis.RECOGNISED,
            "count_mode": CountMode.NEW,
            "_units": [("03413", 5), ("03405", 6), ("03427", 4), ("03400", 5)],
        },
        unit_criteria(
            "II.1",
            "Cấp xã: hoàn thành quy hoạch chi tiết xã nông thôn mới nâng cao (xã Bản Bo); phê duyệt quy "
            "hoạch chi tiết xây dựng trung tâm xã hoặc quy hoạch chi tiết điểm dân cư nông thôn",
            bb,
            NC,
            ["1.3"],
            note="Mục II.1 nêu nhiệm vụ này hai lần (gạch đầu dòng 1 và 3); chỉ tiêu 1.3 của bộ xã NTM "
            "nâng cao.",
        ),
        unit_criteria(
            "II.1",
            "Cấp huyện: hoàn thành tiêu chí số 1 về quy hoạch thuộc Bộ tiêu chí quốc gia về huyện nông "
            "thôn mới",
            d,
            H,
            ["1"],
        ),
        milestone("II.1", "Hoàn thành quy hoạch vùng huyện", 1),
        village("II.1", "1", "tổ chức quản lý, điều hành chương trình MTQG"),
        village("II.2.a", "2", "giao thông"),
        cov(
            "II.2.a",
            "Cấp xã: có 12/12 xã đạt tiêu chí số 2 về Giao thông thuộc Bộ tiêu chí xã nông thôn mới",
            X,
            "2",
            12,
            12,
        ),
        unit_criteria(
            "II.2.a",
            "Cấp huyện: huyện đạt chuẩn tiêu chí số 6 về kinh tế, thuộc Bộ tiêu chí quốc gia về huyện "
            "nông thôn mới",
            d,
            H,
            ["6"],
        ),
        village("II.2.a", "3", "thủy lợi và vùng sản xuất"),
        cov(
            "II.2.a",
            "Cấp xã: 100% các xã hoàn thành tiêu chí thủy lợi và phòng, chống thiên tai thuộc Bộ tiêu "
            "chí xã nông thôn mới",
            X,
            "3",
            12,
            12,
        ),
        cov(
            "II.2.a",
            "Cấp xã: 01/12 xã đạt tiêu chí thủy lợi và phòng, chống thiên tai nông thôn mới nâng cao",
            NC,
            "3",
            1,
            12,
        ),
        unit_criteria(
            "II.2.a",
            "Cấp huyện: duy trì chuẩn tiêu chí số 3 về thủy lợi và phòng chống thiên tai thuộc Bộ tiêu "
            "chí quốc gia về huyện nông thôn mới",
            d,
            H,
            ["3"],
        ),
        village("II.2.a", "5", "điện"),
        cov(
            "II.2.a",
            "Cấp xã: có 12/12 xã đạt tiêu chí số 4 về Điện thuộc Bộ tiêu chí xã nông thôn mới",
            X,
            "4",
            12,
            12,
        ),
        cov("II.2.a", "Cấp xã: 01/12 xã đạt tiêu chí Điện nông thôn mới nâng cao", NC, "4", 1, 12),
        unit_criteria(
            "II.2.a",
            "Cấp huyện: duy trì chuẩn tiêu chí số 4 về Điện thuộc Bộ tiêu chí quốc gia về huyện nông "
            "thôn mới",
            d,
            H,
            ["4"],
        ),
        cov(
            "II.2.a",
            "Trường học: có 11/12 xã đạt tiêu chí trường học theo Bộ tiêu chí xã nông thôn mới",
            X,
            "5",
            11,
            12,
        ),
        village("II.2.a", "6", "văn hóa và cơ sở vật chất văn hóa; thông tin và truyền thông"),
        cov(
            "II.2.a",
            "Cấp xã: có 12/12 xã đạt chuẩn tiêu chí số 6 về cơ sở vật chất văn hóa theo Bộ tiêu chí xã "
            "nông thôn mới",
            X,
            "6",
            12,
            12,
        ),
        unit_criteria(
            "II.2.a",
            "Cấp huyện: huyện đạt chuẩn tiêu chí thành phần 2.2 (tỷ lệ km đường huyện đạt chuẩn) thuộc "
            "tiêu chí số 2 về giao thông; tiêu chí số 6 về kinh tế",
            d,
            H,
            ["2.2", "6"],
        ),
        cov(
            "II.2.a",
            "Có 12/12 xã đạt tiêu chí số 7 về cơ sở hạ tầng thương mại nông thôn theo Bộ tiêu chí xã "
            "nông thôn mới",
            X,
            "7",
            12,
            12,
        ),
        cov("II.2.a", "Có 01/12 xã đạt tiêu chí cơ sở hạ tầng thương mại nông thôn nâng cao", NC, "7", 1, 12),
        cov(
            "II.2.a",
            "Có 12/12 xã đạt tiêu chí số 8 về thông tin và truyền thông theo Bộ tiêu chí xã nông thôn mới",
            X,
            "8",
            12,
            12,
        ),
        cov(
            "II.2.a",
            "Có 01/12 xã đạt tiêu chí thông tin và truyền thông nông thôn mới nâng cao",
            NC,
            "8",
            1,
            12,
        ),
        village("II.3.a", "4", "tổ chức sản xuất"),
        village("II.3.a", "8", "thu nhập"),
        village("II.3.a", "10", "lao động"),
        cov("II.3.a", "Cấp xã: có 11/12 xã đạt chuẩn tiêu chí thu nhập", X, "10", 11, 12),
        cov("II.3.a", "Cấp xã: 12/12 xã đạt chuẩn tiêu chí lao động", X, "12", 12, 12),
        cov(
            "II.3.a",
            "Cấp xã: 12/12 xã đạt chuẩn tiêu chí tổ chức sản xuất và phát triển kinh tế nông thôn",
            X,
            "13",
            12,
            12,
        ),
        cov("II.3.a", "Xã nông thôn mới nâng cao: 01/12 xã đạt tiêu chí thu nhập", NC, "10", 1, 12),
        cov("II.3.a", "Xã nông thôn mới nâng cao: 01/12 xã đạt tiêu chí lao động", NC, "12", 1, 12),
        cov(
            "II.3.a",
            "Xã nông thôn mới nâng cao: 01/12 xã đạt tiêu chí tổ chức sản xuất và phát triển kinh tế "
            "nông thôn",
            NC,
            "13",
            1,
            12,
        ),
        measure("II.3.b", "Duy trì, nâng cao hiệu quả vùng sản xuất lúa hàng hóa", 600, "ha", 600),
        measure(
            "II.3.b",
            "Trồng mới chè",
            75,
            "ha",
            78,
            children=[measure("II.3.b", "trong đó chè cổ thụ", 5, "ha", 5)],
        ),
        measure("II.3.b", "Tổng diện tích chè (giữ vững nhãn hiệu “CHETAMDUONG”)", 2221, "ha", 2224),
        measure("II.3.b", "Thu hút doanh nghiệp, hợp tác xã liên kết trồng mới cây chanh leo", 100, "ha", 64),
        measure("II.3.b", "Duy trì diện tích cây dong riềng", 200, "ha", 200),
        measure("II.3.b", "Sản lượng dong riềng (nhãn hiệu “Miến dong Bình Lư”)", 12000, "tấn", 11350),
        measure("II.3.b", "Sản lượng mật ong", 10500, "lít/năm", 10820),
        measure("II.3.b", "Thể tích nuôi cá nước lạnh xây mới", 1000, "m³", 1200),
        measure("II.3.b", "Thể tích nuôi cá nước lạnh lũy kế", 20000, "m³", 20200),
        measure("II.3.b", "Sản lượng cá nước lạnh (trên)", 160, "tấn/năm", 171),
        measure("II.3.b", "Số cơ sở nuôi cá nước lạnh", 27, "cơ sở", 27),
        measure("II.3.b", "Đầu tư hỗ trợ trồng mới rừng sản xuất cây gỗ lớn", 50, "ha", 41),
        measure(
            "II.3.b",
            "OCOP: sản phẩm đăng ký đánh giá mới",
            5,
            "sản phẩm",
            None,
            metric=Target.Metric.OCOP_NEW,
        ),
        measure(
            "II.3.b",
            "OCOP: sản phẩm đăng ký đánh giá, phân hạng lại",
            6,
            "sản phẩm",
            None,
            metric=Target.Metric.OCOP_RERATED,
        ),
        measure(
            "II.3.b",
            "Đào tạo nghề cho lao động nông thôn",
            1000,
            "người",
            1036,
            children=[
                measure("II.3.b", "nghề nông nghiệp", 570, "người", 590),
                measure("II.3.b", "nghề phi nông nghiệp", 430, "người", 446),
            ],
        ),
        village("II.4.a", "7", "nhà ở dân cư"),
        village("II.4.a", "9", "nghèo đa chiều"),
        cov("II.4.a", "Cấp xã: có 12/12 xã đạt chuẩn về tiêu chí nhà ở dân cư", X, "9", 12, 12),
        cov(
            "II.4.a",
            "Cấp xã: 9/12 xã đạt chuẩn tiêu chí nghèo đa chiều thuộc Bộ tiêu chí xã nông thôn mới",
            X,
            "11",
            9,
            12,
        ),
        cov("II.4.a", "Xã nông thôn mới nâng cao: 01/12 xã đạt tiêu chí nhà ở dân cư", NC, "9", 1, 12),
        measure(
            "II.4.b",
            "Giải quyết việc làm mới (trên)",
            1320,
            "lao động",
            1412,
            children=[
                measure("II.4.b", "từ chương trình phát triển kinh tế - xã hội", 250, "lao động", 262),
                measure("II.4.b", "từ cho vay vốn đối với hộ nghèo, cận nghèo", 200, "lao động", 213),
                measure("II.4.b", "xuất khẩu lao động (trên)", 15, "lao động", 9),
                measure("II.4.b", "tại Tập đoàn than khoáng sản Việt Nam", 60, "lao động", 60),
                measure(
                    "II.4.b",
                    "qua tuyên truyền, tư vấn, tuyển chọn lao động làm việc tại công ty, xí nghiệp "
                    "trong và ngoài tỉnh (trên)",
                    795,
                    "lao động",
                    868,
                ),
            ],
        ),
        village("II.5.a", "11", "trường học và giáo dục"),
        village("II.5.a", "12", "y tế"),
        cov(
            "II.5.a",
            "Cấp xã: có 12/12 xã đạt chuẩn tiêu chí giáo dục và đào tạo thuộc Bộ tiêu chí xã nông thôn mới",
            X,
            "14",
            12,
            12,
        ),
        cov(
            "II.5.a",
            "Cấp xã: 12/12 xã đạt chuẩn tiêu chí về y tế thuộc Bộ tiêu chí xã nông thôn mới",
            X,
            "15",
            12,
            12,
        ),
        cov("II.5.a", "Cấp xã: 01/12 xã đạt tiêu chí nông thôn mới nâng cao về y tế", NC, "14", 1, 12),
        unit_criteria(
            "II.5.a",
            "Cấp huyện: huyện đạt chuẩn chỉ tiêu 5.1 và 5.4 của tiêu chí số 5 về Y tế - Văn hóa - Giáo "
            "dục thuộc Bộ tiêu chí quốc gia về huyện nông thôn mới",
            d,
            H,
            ["5.1", "5.4"],
        ),
        cov(
            "II.6.a",
            "12/12 xã đạt chuẩn về tiêu chí văn hóa thuộc Bộ tiêu chí xã nông thôn mới",
            X,
            "16",
            12,
            12,
        ),
        measure("II.6.b", "Tỷ lệ bản được công nhận đạt chuẩn văn hóa", "90.5", "%", "91.2"),
        measure("II.6.b", "Tỷ lệ hộ gia đình đạt chuẩn văn hóa được công nhận", "88.5", "%", "87.9"),
        measure(
            "II.6.b",
            "Tỷ lệ cơ quan, đơn vị, doanh nghiệp, trường học được công nhận đạt chuẩn văn hóa",
            "97.7",
            "%",
            "98.1",
        ),
        village("II.7.a", "13", "môi trường và an toàn thực phẩm"),
        cov(
            "II.7.a",
            "Cấp xã: có 11/12 xã đạt chuẩn tiêu chí môi trường và an toàn thực phẩm thuộc Bộ tiêu chí "
            "xã nông thôn mới",
            X,
            "17",
            11,
            12,
        ),
        cov("II.7.a", "Cấp xã: 01/12 xã đạt tiêu chí nông thôn mới nâng cao về môi trường", NC, "17", 1, 12),
        unit_criteria(
            "II.7.a",
            "Cấp huyện: huyện đạt chuẩn tiêu chí số 7 về môi trường, thuộc Bộ tiêu chí quốc gia về huyện "
            "nông thôn mới",
            d,
            H,
            ["7"],
        ),
        unit_criteria(
            "II.7.a",
            "Cấp huyện: huyện đạt chuẩn chỉ tiêu 8.1 và 8.3 của tiêu chí số 8 về chất lượng môi trường sống",
            d,
            H,
            ["8.1", "8.3"],
        ),
        cov(
            "II.8.a",
            "Cấp xã: có 12/12 xã đạt chuẩn tiêu chí hệ thống chính trị và tiếp cận pháp luật thuộc Bộ "
            "tiêu chí xã nông thôn mới",
            X,
            "18",
            12,
            12,
        ),
        cov("II.8.a", "Có 01/12 xã đạt tiêu chí nông thôn mới nâng cao về hành chính công", NC, "15", 1, 12),
        cov(
            "II.8.a", "Có 01/12 xã đạt tiêu chí nông thôn mới nâng cao về tiếp cận pháp luật", NC, "16", 1, 12
        ),
        unit_criteria(
            "II.8.a",
            "Cấp huyện: duy trì chuẩn tiêu chí số 9 về hệ thống chính trị, an ninh trật tự, hành chính "
            "công thuộc Bộ tiêu chí quốc gia về huyện nông thôn mới",
            d,
            H,
            ["9"],
        ),
        village("II.10.a", "14", "an ninh trật tự xã hội"),
        village("II.10.a", "15", "quốc phòng"),
        cov(
            "II.10.a",
            "Cấp xã: có 12/12 xã đạt chuẩn tiêu chí quốc phòng và an ninh thuộc Bộ tiêu chí xã nông thôn mới",
            X,
            "19",
            12,
            12,
        ),
        cov(
            "II.10.a",
            "Có 01/12 xã đạt tiêu chí nông thôn mới nâng cao về quốc phòng và an ninh",
            NC,
            "19",
            1,
            12,
        ),
        unit_criteria(
            "II.12",
            "Thị trấn Tam Đường – tiêu chí số 1 Quy hoạch đô thị: không có nhà tạm, nhà dột nát",
            tt,
            DT,
            ["1"],
        ),
        unit_criteria(
            "II.12",
            "Tiêu chí số 2 về giao thông đô thị: hành lang an toàn giao thông đảm bảo mỹ quan "
            "đô thị; không lấn chiếm lòng đường, vỉa hè",
            tt,
            DT,
            ["2"],
        ),
        unit_criteria(
            "II.12",
            "Tiêu chí số 3 về môi trường và an toàn thực phẩm đô thị: (3.2) cơ sở sản xuất kinh doanh, hộ "
            "dân đạt tiêu chuẩn vệ sinh môi trường; (3.3) 100% hộ gia đình sử dụng nước sạch; (4) 100% hộ "
            "có nhà tiêu, nhà tắm, bể chứa nước hợp vệ sinh và đảm bảo 3 sạch",
            tt,
            DT,
            ["3.2", "3.3"],
            note="Mục “(4)” của văn bản không rõ là chỉ tiêu nào của tiêu chí 3: chỉ ghi trong nội dung.",
        ),
        unit_criteria(
            "II.12",
            "Tiêu chí số 5 về thông tin, truyền thông đô thị – chỉ tiêu 5.2: mạng nội bộ (LAN), "
            "máy tính và Internet băng rộng cho cán bộ, công chức",
            tt,
            DT,
            ["5.2"],
        ),
        unit_criteria(
            "II.12",
            "Tiêu chí số 6 – chỉ tiêu 6.2: thu nhập bình quân đầu người bằng hoặc cao hơn bình "
            "quân toàn tỉnh",
            tt,
            DT,
            ["6.2"],
        ),
        unit_criteria(
            "II.12",
            "Tiêu chí số 7 – chỉ tiêu 7.1: có Trung tâm Văn hóa - Thể thao hoặc Nhà văn hóa đảm "
            "bảo cơ sở vật chất, trang thiết bị",
            tt,
            DT,
            ["7.1"],
        ),
        unit_criteria(
            "II.12",
            "Tiêu chí số 8 – chỉ tiêu 8.2: tỷ lệ người dân tham gia bảo hiểm y tế 90%",
            tt,
            DT,
            ["8.2"],
        ),
    ]


FUNDING_TOTAL = Decimal(144771)
FUNDING_LINES = {
    "central_investment": {
        "amount": 23198,
        "works_carried_over": 13,
        "works_new": 0,
        "works_amount": 23198,
        "note": "Nguồn vốn nông thôn mới: dự án chuyển tiếp năm 2023 (mục II.2.b, IV)",
    },
    "central_recurrent": {"amount": 4915},
    "local": {
        "amount": 11873,
        "works_carried_over": 6,
        "works_new": 1,
        "works_amount": 11873,
        "note": "Dự án chuyển tiếp 6 công trình, 01 công trình khởi công mới (mục II.2.b)",
    },
    "integrated_poverty": {"amount": 14979},
    "integrated_ethnic": {
        "amount": 89806,
        "works_carried_over": 14,
        "works_new": 7,
        "works_amount": 51285,
        "note": "Mục II.2.b: 14 công trình chuyển tiếp, 07 khởi công mới, kinh phí 51.285 triệu đồng",
    },
    "community": {"amount": 0, "note": "Cộng đồng dân cư tham gia đóng góp: 0 triệu đồng"},
}

WORKS_NOTE = (
    "Số vốn từng công trình là DỮ LIỆU MẪU (demo) tự tạo: seed 002 chỉ cho tổng 23.198 triệu đồng của "
    "13 công trình chuyển tiếp"
)
# (name, location: (commune code, village name or None), criterion of xa-ntm-2021, amount)
SPECIAL_WORKS = [
    ("Đường nội đồng bản Sì Thâu Chải, xã Hồ Thầu", ("03406", "Sì Thâu Chải"), "2", 2150),
    ("Nhà văn hóa cụm khu dân cư bản Nà Khan, Nà Phát, xã Bình Lư", ("03412", None), "6", 3480),
    ("Đường nội đồng vùng chè bản Hua Sẳng, xã Bản Bo", ("03424", "Hua Sẳng"), "2", 1960),
    ("Đường giao thông nội đồng bản Suối Thầu, xã Bản Giang", ("03418", "Suối Thầu"), "2", 1720),
    ("Đường nội đồng nối lên bản Ma Sao Phìn, xã Khun Há", ("03430", "Ma Sao Phìn"), "2", 2340),
]
OTHER_WORK_AMOUNTS = [1420, 1530, 1380, 1610, 1290, 1450, 1500, 1368]


def _unit(code: str, level: int) -> AdminUnit:
    return AdminUnit.objects.get(code=code, level=level, valid_from__isnull=True)


def load(actor) -> Plan | None:
    """Enter the plan, its funding and works; None when the demo plan is already there."""
    district = _unit(DISTRICT, Level.DISTRICT)
    if Plan.objects.filter(unit=district, year=YEAR, title=TITLE).exists():
        return None
    plan = services.create_plan(
        actor=actor,
        unit=district,
        year=YEAR,
        title=TITLE,
        authority="UBND huyện Tam Đường",
        legal_bases=LEGAL_BASES,
        objective=OBJECTIVE,
        is_demo=True,
    )
    for order, spec in enumerate(targets(), start=1):
        _add(actor, plan, spec, order * 10)
    services.update_plan(
        actor=actor, plan=plan, changes={"status": Plan.Status.ISSUED}, reason="Dữ liệu mẫu từ seed 002"
    )
    finance.create_budget(
        actor=actor,
        unit=district,
        plan=plan,
        title="Dự kiến nguồn vốn thực hiện Chương trình năm 2024 (mục III)",
        year_from=YEAR,
        year_to=YEAR,
        total=FUNDING_TOTAL,
        lines=FUNDING_LINES,
        reference="Kế hoạch NTM năm 2024 huyện Tam Đường, mục III và biểu số 04",
        is_demo=True,
    )
    _load_works(actor, plan, district)
    return plan


def _add(actor, plan, spec: dict, order: int, parent=None) -> Target:
    spec = dict(spec)
    actual = spec.pop("_actual", None)
    children = spec.pop("_children", ())
    units = [
        (AdminUnit.objects.get(code=code, valid_from__isnull=True), n) for code, n in spec.pop("_units", ())
    ]
    if isinstance(spec.get("subject"), str):
        spec["subject"] = AdminUnit.objects.get(code=spec["subject"], valid_from__isnull=True)
    target = services.add_target(actor=actor, plan=plan, units=units, order=order, parent=parent, **spec)
    if actual is not None:
        services.record_actual(
            actor=actor,
            target=target,
            value=Decimal(str(actual)),
            as_of=datetime.date(YEAR, 12, 31),
            evidence=ACTUAL_EVIDENCE,
            is_demo=True,
        )
    for i, child in enumerate(children, start=1):
        _add(actor, plan, child, order + i, parent=target)
    return target


def _load_works(actor, plan, district) -> None:
    for name, (commune_code, village), criterion, amount in SPECIAL_WORKS:
        commune = _unit(commune_code, Level.COMMUNE)
        location = commune.children.get(level=Level.VILLAGE, name=village) if village else commune
        _work(actor, plan, district, name, location, criterion, amount, special=True)
    for i, amount in enumerate(OTHER_WORK_AMOUNTS, start=6):
        name = f"Công trình chuyển tiếp số {i} (tên tại biểu số 05 kèm kế hoạch, không có trong tài liệu)"
        _work(actor, plan, district, name, district, "", amount, special=False)


def _work(actor, plan, district, name, location, criterion, amount, *, special: bool) -> Work:
    return work_services.create_work(
        actor=actor,
        unit=district,
        plan=plan,
        name=name,
        location=location,
        set_code=X if criterion else "",
        criterion_code=criterion,
        status=Work.Status.CARRIED_OVER,
        special_mechanism=special,
        total_cost=Decimal(amount),
        funding={"central_investment": Decimal(amount)},
        note=WORKS_NOTE,
        is_demo=True,
    )
