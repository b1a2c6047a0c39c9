"""One Spark session (local[2]) for every Spark test, stores with CSL lists, and query files.

The fixture queries are made from the names of tests/fixtures/csl (as listed, re-cased, with other
legal forms, cut short, misspelt, in traditional characters, in pinyin, with extra words) plus names
of the name bridge and unrelated names (negatives), each with a country or none. Whether any of
them hits is for the matcher to say; the tests only require both engines to say the same.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from techbloc.ingest.lists import import_list_file
from techbloc.scale.spark_session import SparkUnavailable, require_spark

CSL = Path(__file__).resolve().parents[1] / "fixtures" / "csl"

LISTED = [
    "Example Semiconductor Co., Ltd.", "Example Semi", "Sample Research Institute",
    "New Quantum Lab", "Example Shipping LLC", "Other MEU Co", "Test Aviation Works",
    "Example Turbine Blade Co. Ltd.", "Example Telecom Devices Co., Ltd.",
    "Example Quantum Computing Laboratory", "Example Trading Ltd.", "Example Institute 14",
]  # fmt: skip
CHINESE = [
    "示例半导体有限公司", "示例半导体", "示例半導體有限公司", "示例半导体（上海）有限公司",
    "上海示例半导体股份有限公司", "示例雷达研究所", "示例雷達研究所", "示例雷达第十四研究所",
    "中国示例雷达研究所", "示例贸易有限公司", "示例航运有限责任公司", "样本研究所",
    "海康威视数字技术股份有限公司", "海康威视", "中芯国际", "大华银行", "华为技术有限公司",
]  # fmt: skip
PINYIN = [
    "Shili Bandaoti", "shili bandaoti youxian gongsi", "Shanghai Shili Bandaoti Co Ltd",
    "Shili Leida Yanjiusuo", "Shili Maoyi Youxian Gongsi", "Yangben Yanjiusuo",
    "Hangzhou Haikang Weishi", "Zhongxin Guoji",
]  # fmt: skip
NEGATIVES = [
    "Acme Widgets Ltd", "Blue River Foods Inc.", "Nordic Timber AB", "Müller Maschinenbau GmbH",
    "Tokyo Sweets K.K.", "北京蓝天餐饮有限公司", "广州白云服装厂", "Sunrise Bakery",
    "Green Valley Dairy Cooperative", "Atlas Shipping Agency", "Quantum Leap Fitness",
    "Institute of Fine Arts", 'Example "Quotes", Holdings', "São Paulo Têxtil Ltda",
]  # fmt: skip
EXTRA_WORDS = ["Group", "International", "Shanghai", "Holdings"]
LEGAL_FORMS = [("Co., Ltd.", "Limited"), ("Ltd.", "Inc."), ("LLC", "Corp.")]
COUNTRIES = ["CN", "", "US", " cn ", "AE", "DE"]


def fixture_names() -> list[str]:
    names = list(LISTED)
    for name in LISTED:
        words = name.split()
        names += [name.upper(), name.lower(), " ".join(words[:2]), words[0], "-".join(words)]
        names += [f"{name} {word}" for word in EXTRA_WORDS]
        names += [f"{word} {name}" for word in EXTRA_WORDS[2:]]
        names += [name.replace(old, new) for old, new in LEGAL_FORMS if old in name]
        names += [f"{' '.join(words[:2])} (Shenzhen) Company", f"{name.rstrip('.')} Company"]
        longest = max(words, key=len)
        names.append(name.replace(longest, longest[:-2] + longest[-1], 1))  # one letter dropped
        names.append(name.replace(longest, longest[1:], 1))  # the first letter dropped
        swapped = longest[:3] + longest[4] + longest[3] + longest[5:]  # two letters swapped
        names.append(name.replace(longest, swapped, 1))
    names += CHINESE + PINYIN + NEGATIVES
    return list(dict.fromkeys(names))


def write_queries(path: Path, names: list[str], blanks: bool = True) -> Path:
    """A CSV of the names with countries in turn; with ``blanks``, rows without a name too."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "country"])
        for i, name in enumerate(names):
            writer.writerow([i, name, COUNTRIES[i % len(COUNTRIES)]])
            if blanks and i % 50 == 0:
                writer.writerow([f"{i}b", "  ", "CN"])
    return path


def csv_to_parquet(source: Path, target: Path) -> Path:
    con = duckdb.connect()
    try:
        con.execute(
            f"COPY (SELECT * FROM read_csv('{source}', all_varchar = true)) TO '{target}' "
            "(FORMAT parquet)"
        )
    finally:
        con.close()
    return target


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    """The Spark session of the test run (local[2], two shuffle partitions, no UI)."""
    try:
        require_spark()
    except SparkUnavailable as exc:
        message = f"{exc.message} ({exc.hint})"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + "; CI must have it")
        pytest.skip(message)
    from pyspark.sql import SparkSession

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("techbloc tests")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def csl_store(tmp_path_factory: pytest.TempPathFactory, builtin_db: Path) -> Path:
    """The built-in store with the CSL fixtures imported: two snapshots, then a partial file."""
    path = tmp_path_factory.mktemp("bulk") / "store.duckdb"
    shutil.copyfile(builtin_db, path)
    import_list_file(path, str(CSL / "snapshot_v1.csv"), retrieved=dt.date(2024, 1, 1))
    import_list_file(path, str(CSL / "snapshot_v2.csv"), retrieved=dt.date(2024, 6, 1))
    import_list_file(path, str(CSL / "enrichment.csv"), retrieved=dt.date(2024, 7, 1), partial=True)
    return path


@pytest.fixture(scope="session")
def fixture_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_queries(tmp_path_factory.mktemp("queries") / "queries.csv", fixture_names())
