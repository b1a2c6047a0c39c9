"""Cell and property values: plausible ones (names, dates, codes, numbers) and hostile ones."""

from __future__ import annotations

from hypothesis import strategies as st

NAMES = st.sampled_from(
    [
        "Huawei Technologies Co., Ltd.",
        "华为技术有限公司",
        "華為技術有限公司",
        "Example Semi; 示例半导体",
        "Sample Research Institute",
        "OOO Sample Complex (SC)",
        "株式会社サンプル造船所",
        "ООО «Пример»",
        "Ltd.",
        "-",
        "N/A",
        "Zhōngxīng",
        "Ａｃｍｅ　Ｃｏ．",
        'O\'Brien "Trading" LLC',
    ]
)
DATES = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(
        [
            "2023-02-30",
            "2023-13-01",
            "0000-00-00",
            "9999-12-31",
            "0001-01-01",
            "2023",
            "2023-05",
            "16.02.23",
            "24 Feb 2022",
            "2022/03/01",
            "令和4年3月1日",
            "yesterday",
            "-2023-01-01",
            "99999-01-01",
            "2023-01-01T00:00:00Z",
            "1e10",
        ]
    ),
)
CODES = st.sampled_from(
    [
        "CN",
        "US",
        "cn",
        "CHN",
        "USA",
        "中国",
        "美国",
        "XX",
        "EU",
        "eu",
        "ZZ",
        "",
        "Various countries",
        "EUR",
        "Taiwan",
        "suhh",
        "xk",
        "NO",
        "01",
    ]
)
NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(
        [
            "45.2",
            "45,2",
            "45.2%",
            "0.452",
            "1e308",
            "1e400",
            "-0",
            "nan",
            "inf",
            "",
            "1,000.5",
            "５０",
            "½",
            "0x10",
            "50-60",
            "more than 50",
        ]
    ),
)
HOSTILE = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "\ufeff",
            "\u202e",
            "\ud7ff",
            "\r\n",
            '"',
            '""',
            '"unclosed',
            "a,b",
            "a;b;;c",
            "\t",
            "\\",
            "NULL",
            "None",
            "null",
            "[]",
            "{}",
            "<b>x</b>",
            "&amp;",
            "'); DROP TABLE listed_entities; --",
            "\u3000",
            "x" * 5000,
            "长" * 3000,
            "🇨🇳",
            "\U0010ffff",
        ]
    ),
)
CELL = st.one_of(NAMES, DATES, CODES, NUMBERS, HOSTILE)
"""Any cell: plausible or hostile."""
