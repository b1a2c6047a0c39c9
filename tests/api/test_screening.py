"""Screening one name, a list, and an uploaded CSV (which needs a token)."""

from __future__ import annotations

import httpx

from tests.api.conftest import Served, error_of


def test_one_name(client: httpx.Client) -> None:
    response = client.post("/api/v1/screen", json={"name": "示例半导体有限公司", "country": "CN"})
    (result,) = response.json()
    assert result["query"] == "示例半导体有限公司"
    best = result["hits"][0]
    assert best["name"] == "Example Semiconductor Co., Ltd." and best["list_id"]
    assert best["why"] and 0 < best["score"] <= 1


def test_a_list_of_names(client: httpx.Client) -> None:
    body = {"names": ["Sample Research Institute", {"name": "Nothing Like It GmbH"}], "limit": 2}
    results = client.post("/api/v1/screen", json=body).json()
    assert [r["query"] for r in results] == ["Sample Research Institute", "Nothing Like It GmbH"]
    assert results[0]["hits"] and results[1]["hits"] == []


def test_name_or_names_not_both(client: httpx.Client) -> None:
    error_of(
        client.post("/api/v1/screen", json={"name": "a", "names": ["b"]}), 422, "invalid_argument"
    )
    error_of(client.post("/api/v1/screen", json={}), 422, "invalid_argument")
    error_of(
        client.post(
            "/api/v1/screen", content=b"not json", headers={"content-type": "application/json"}
        ),
        422,
        "invalid_argument",
    )


CSV = "name,country\nExample Semi,CN\nTest Aviation Works,CN\nUnrelated Bakery,FR\n"


def test_csv_upload_needs_a_token(client: httpx.Client, writer: httpx.Client) -> None:
    files = {"file": ("suppliers.csv", CSV.encode(), "text/csv")}
    error_of(client.post("/api/v1/screen/file", files=files), 401, "unauthorized")
    results = writer.post(
        "/api/v1/screen/file", files=files, data={"country_column": "country"}
    ).json()
    assert [(r["row"], r["country"]) for r in results] == [(2, "CN"), (3, "CN"), (4, "FR")]
    assert results[0]["hits"] and results[1]["hits"] and not results[2]["hits"]


def test_csv_upload_errors(server: Served, writer: httpx.Client) -> None:
    wrong_column = writer.post(
        "/api/v1/screen/file",
        data={"column": "company"},
        files={"file": ("s.csv", CSV.encode(), "text/csv")},
    )
    assert "has no column 'company'" in error_of(wrong_column, 400, "invalid_argument")["message"]
    not_csv = writer.post("/api/v1/screen/file", files={"file": ("s.xlsx", b"PK", "x/y")})
    error_of(not_csv, 400, "invalid_argument")
