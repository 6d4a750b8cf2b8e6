"""NTM region of each pre-reform province (the seven regions of QĐ 318/QĐ-TTg's threshold columns).

This assignment is the project's own transcription of the usual seven-region grouping; it has not been
checked against the decision's text, so every province carries `region_verified = False` with the source
below, and an administrator can correct a province's region in the admin.
"""

REGION_SOURCE = (
    "Nhóm 7 vùng dùng trong bảng chỉ tiêu của QĐ 318/QĐ-TTg (08/3/2022) — danh sách tỉnh theo vùng "
    "do dự án tổng hợp, cần đối chiếu văn bản"
)

PROVINCES_BY_REGION = {
    "TDMNPB": ["02", "04", "06", "08", "10", "11", "12", "14", "15", "17", "19", "20", "24", "25"],
    "DBSH": ["01", "22", "26", "27", "30", "31", "33", "34", "35", "36", "37"],
    "BTB": ["38", "40", "42", "44", "45", "46"],
    "DHNTB": ["48", "49", "51", "52", "54", "56", "58", "60"],
    "TN": ["62", "64", "66", "67", "68"],
    "DNB": ["70", "72", "74", "75", "77", "79"],
    "DBSCL": ["80", "82", "83", "84", "86", "87", "89", "91", "92", "93", "94", "95", "96"],
}

REGION_OF_PROVINCE = {code: region for region, codes in PROVINCES_BY_REGION.items() for code in codes}
