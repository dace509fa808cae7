"""Tests for lnvideo.counties: the Liaoning county-level division table."""

from __future__ import annotations

import collections

import pytest

from lnvideo.counties import CITIES, COUNTIES, County, county, is_liaoning, organ_name


def test_codes_are_liaoning_county_codes() -> None:
    """Every code is 6 digits, starts with 21, and belongs to one of the 14 cities."""
    assert len(CITIES) == 14
    for code, c in COUNTIES.items():
        assert code == c.code
        assert len(code) == 6 and code.isdigit() and code.startswith("21")
        assert code[:4] in CITIES
        assert (c.city_zh, c.city_en) == CITIES[code[:4]]


def test_names_are_present() -> None:
    """Every county has a non-empty Chinese and English name."""
    for c in COUNTIES.values():
        assert c.name_zh.strip() and c.name_en.strip() and c.city_zh and c.city_en


def test_no_duplicates() -> None:
    """No code appears twice, and no name twice within a city."""
    table = collections.Counter((c.city_code, c.name_zh) for c in COUNTIES.values())
    assert max(table.values()) == 1
    assert len(COUNTIES) == len({c.code for c in COUNTIES.values()})


def test_size_and_kinds() -> None:
    """The province has 100 county-level divisions: 59 districts, 16 cities, 25 counties."""
    kinds = collections.Counter(c.kind for c in COUNTIES.values())
    assert kinds == {"district": 59, "city": 16, "county": 25}
    assert {c.city_code for c in COUNTIES.values()} == set(CITIES)


@pytest.mark.parametrize(
    ("code", "name_zh", "name_en", "city_en"),
    [
        pytest.param("210102", "和平区", "Heping District", "Shenyang", id="heping"),
        pytest.param("210202", "中山区", "Zhongshan District", "Dalian", id="zhongshan"),
        pytest.param("210303", "铁西区", "Tiexi District", "Anshan", id="tiexi-anshan"),
        pytest.param("211104", "大洼区", "Dawa District", "Panjin", id="dawa"),
        pytest.param("210181", "新民市", "Xinmin City", "Shenyang", id="xinmin"),
        pytest.param(
            "211324",
            "喀喇沁左翼蒙古族自治县",
            "Harqin Left Wing Mongol Autonomous County",
            "Chaoyang",
            id="harqin",
        ),
    ],
)
def test_spot_checks(code: str, name_zh: str, name_en: str, city_en: str) -> None:
    """Known codes have their real names."""
    c = county(code)
    assert isinstance(c, County)
    assert (c.name_zh, c.name_en, c.city_en) == (name_zh, name_en, city_en)


@pytest.mark.parametrize(
    "code", ["110101", "210199", "21010", ""], ids=["beijing", "unknown", "short", "empty"]
)
def test_unknown_codes(code: str) -> None:
    """A code that is not a Liaoning county gives None."""
    assert county(code) is None


@pytest.mark.parametrize(
    ("code", "lang", "expected"),
    [
        pytest.param("210102", "zh", "沈阳市和平区公安机关", id="zh"),
        pytest.param(
            "210102", "en", "the Heping District (Shenyang) public security organ", id="en"
        ),
        pytest.param(
            "210106",
            "en",
            "the Tiexi District (Shenyang) public security organ",
            id="tiexi-shenyang",
        ),
        pytest.param("210199", "en", "the public security organ of county 210199", id="unknown-en"),
        pytest.param("210199", "zh", "行政区划代码为210199的县级公安机关", id="unknown-zh"),
    ],
)
def test_organ_name(code: str, lang: str, expected: str) -> None:
    """The organ is named with the county and its city, or generically for unknown codes."""
    assert organ_name(code, lang) == expected


def test_organ_name_rejects_unknown_language() -> None:
    """A language other than zh or en is a ValueError."""
    with pytest.raises(ValueError, match="fr"):
        organ_name("210102", "fr")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("210102", True),
        ("219999", True),
        ("220102", False),
        ("2101", False),
        (None, False),
        ("21010x", False),
    ],
    ids=["heping", "unknown-21", "jilin", "short", "none", "not-digits"],
)
def test_is_liaoning(code: str | None, expected: bool) -> None:
    """The scope test looks at the 21 prefix of a 6-digit code."""
    assert is_liaoning(code) is expected
