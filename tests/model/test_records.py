import pytest
from pydantic import ValidationError

from techbloc.model import Alliance, Measure, Membership, PartialDate

ALLIANCE = {
    "id": "x",
    "name": {"en": "X", "zh": "某"},
    "kind": "blockade",
    "form": "regime",
    "status_history": [
        {"status": "proposed", "since": "2019", "source": "s"},
        {"status": "active", "since": "2020-03-01", "source": "s"},
    ],
}


def test_alliance_status_at() -> None:
    alliance = Alliance.model_validate(ALLIANCE)
    assert alliance.status_at(PartialDate.parse("2018-12-31")) is None
    assert alliance.status_at(PartialDate.parse("2019-01-01")) == "proposed"
    assert alliance.status_at(PartialDate.parse("2020-02-29")) == "proposed"
    assert alliance.status_at(PartialDate.parse("2020-03-01")) == "active"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "blokade"}, "kind"),
        ({"form": "club"}, "form"),
        ({"id": "Has Spaces"}, "id"),
        ({"founded": "1996-13"}, "founded"),
        ({"tech_scope": ["civil"]}, "tech_scope"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_alliance_rejects(change: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        Alliance.model_validate({**ALLIANCE, **change})
    assert field in str(info.value)


def test_membership_effective_from_prefers_joined() -> None:
    joined = Membership.model_validate(
        {"actor": "US", "role": "member", "joined": "2001", "as_of": "2005", "source": "s"}
    )
    unknown = Membership.model_validate(
        {"actor": "US", "role": "member", "as_of": "2005-06", "source": "s"}
    )
    assert str(joined.effective_from) == "2001"
    assert str(unknown.effective_from) == "2005-06"


@pytest.mark.parametrize("severity", [0, 6])
def test_measure_severity_range(severity: int) -> None:
    with pytest.raises(ValidationError, match="severity"):
        Measure.model_validate(
            {
                "id": "m",
                "date": "2020",
                "actor": "US",
                "title": {"en": "t", "zh": "t"},
                "instrument": "export_control",
                "direction": "restrictive",
                "severity": severity,
            }
        )


def test_source_ids_merge_single_and_list() -> None:
    member = Membership.model_validate(
        {"actor": "US", "role": "member", "source": "a", "sources": ["b", "a"]}
    )
    assert member.source_ids == ["b", "a"]
