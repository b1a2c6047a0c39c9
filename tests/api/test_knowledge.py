"""Alliances, memberships, countries, domains: time-aware answers, pages, errors."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import error_of


def test_alliances_at_a_date(client: httpx.Client) -> None:
    then = client.get("/api/v1/alliances", params={"at": "1990-01-01", "kind": "blockade"}).json()
    now = client.get("/api/v1/alliances", params={"at": "2025-01-01", "kind": "blockade"}).json()
    ids_then = {a["alliance_id"] for a in then["items"]}
    ids_now = {a["alliance_id"] for a in now["items"]}
    assert "cocom" in ids_then and "wassenaar" not in ids_then
    assert "wassenaar" in ids_now and "cocom" not in ids_now
    cocom = next(a for a in then["items"] if a["alliance_id"] == "cocom")
    assert cocom["member_count"] == 15  # the README's figure for 1990


def test_pagination_is_consistent(client: httpx.Client) -> None:
    whole = client.get("/api/v1/alliances", params={"at": "2025-01-01", "limit": 1000}).json()
    assert whole["total"] == len(whole["items"]) > 10
    pages = []
    for offset in range(0, whole["total"], 7):
        part = client.get(
            "/api/v1/alliances", params={"at": "2025-01-01", "limit": 7, "offset": offset}
        ).json()
        assert (part["total"], part["limit"], part["offset"]) == (whole["total"], 7, offset)
        pages += part["items"]
    assert pages == whole["items"]
    beyond = client.get("/api/v1/alliances", params={"at": "2025-01-01", "offset": 10_000}).json()
    assert (beyond["items"], beyond["total"]) == ([], whole["total"])


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"limit": 5000}, "invalid_argument"),  # above the maximum page size
        ({"limit": 0}, "invalid_argument"),
        ({"offset": -1}, "invalid_argument"),
        ({"at": "yesterday"}, "invalid_argument"),
        ({"kind": "blokade"}, "invalid_argument"),
    ],
)
def test_bad_list_parameters(client: httpx.Client, params: dict[str, object], code: str) -> None:
    response = client.get("/api/v1/alliances", params=params)
    assert response.status_code in (400, 422)
    error_of(response, response.status_code, code)


def test_unknown_kind_suggests(client: httpx.Client) -> None:
    error = error_of(
        client.get("/api/v1/alliances", params={"kind": "blokade"}), 400, "invalid_argument"
    )
    assert "blockade" in (error["hint"] or "")


def test_alliance_detail_by_chinese_alias_with_members_at_a_date(client: httpx.Client) -> None:
    profile = client.get("/api/v1/alliances/巴统", params={"at": "1985-06-01"}).json()
    assert profile["alliance_id"] == "cocom" and profile["at"] == "1985-06-01"
    members = {m["actor_code"] for m in profile["memberships"] if m["is_member_at"]}
    assert {"US", "JP", "GB"} <= members
    assert profile["sources"] and all(s["source_id"] for s in profile["sources"])


def test_unknown_alliance_is_not_found_with_a_hint(client: httpx.Client) -> None:
    error = error_of(client.get("/api/v1/alliances/Wassenar"), 404, "not_found")
    assert "wassenaar" in error["message"].lower() or "Wassenaar" in (error["hint"] or "")


def test_memberships_at_a_date(client: httpx.Client) -> None:
    page = client.get(
        "/api/v1/memberships", params={"at": "2023-09-01", "alliance": "us-japan-netherlands-sme"}
    ).json()
    assert {m["actor_code"] for m in page["items"]} == {"US", "JP", "NL"}
    assert all(m["source_ids"] for m in page["items"])
    before = client.get(
        "/api/v1/memberships", params={"at": "2022-09-01", "alliance": "us-japan-netherlands-sme"}
    ).json()
    assert before["total"] == 0


def test_membership_changes_between_dates(client: httpx.Client) -> None:
    page = client.get(
        "/api/v1/memberships/changes",
        params={"since": "2023-01-01", "until": "2023-12-31", "limit": 1000},
    ).json()
    assert page["items"] and all("2023-01-01" <= c["date"] <= "2023-12-31" for c in page["items"])
    assert {"joined"} <= {c["change"] for c in page["items"]}
    sme = {c["actor_code"] for c in page["items"] if c["alliance_id"] == "us-japan-netherlands-sme"}
    assert sme == {"US", "JP", "NL"}
    error_of(client.get("/api/v1/memberships/changes"), 422, "invalid_argument")  # since needed


def test_countries_list_and_profile(client: httpx.Client) -> None:
    page = client.get("/api/v1/countries", params={"at": "2023-09-01", "limit": 1000}).json()
    by_code = {c["actor_code"]: c for c in page["items"]}
    assert by_code["NL"]["name_zh"] == "荷兰" and by_code["NL"]["alliance_count_at"] > 3
    profile = client.get("/api/v1/countries/荷兰", params={"at": "2023-09-01"}).json()
    assert profile["actor_code"] == "NL"
    assert by_code["NL"]["alliance_count_at"] == len(
        {
            a["alliance_id"]
            for a in profile["alliances_at"]
            if a["role"] in ("founding", "member", "partner")
        }
    )


def test_domain_tree_and_vocabularies(client: httpx.Client) -> None:
    tree = client.get("/api/v1/domains").json()
    semis = next(d for d in tree if d["domain_id"] == "semiconductors")
    assert semis["name_zh"] == "半导体" and semis["parent_id"] is None
    assert "semiconductor-equipment" in {c["domain_id"] for c in semis["children"]}
    stages = client.get("/api/v1/vocabularies/stages").json()
    assert "trade_export" in {s["stage_id"] for s in stages}
    error_of(client.get("/api/v1/vocabularies/colours"), 422, "invalid_argument")
