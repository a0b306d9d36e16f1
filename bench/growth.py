"""A synthetic dataset `--scale` times the real one, for measuring growth.

Copies `seed/` and adds, deterministically (the same scale gives the same files), localities
under every US state and under the subdivisions of the other countries that have them, each
with one to three kratom versions and a 7-OH version on some, their sources, advisories on some
and pending bills on some, until the rule count is about `scale` times the real one. Every
synthetic name says it is synthetic; none of it is ever loaded outside a benchmark.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from regstatus.services import iso  # noqa: E402

KINDS = ("county", "city", "town", "village", "municipality")
# libyaml when present: the 100x files are large
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
SHAPES = [
    ("banned", {"possess": "prohibited", "buy": "prohibited", "sell": "prohibited"}),
    ("restricted", {"possess": "allowed", "buy": "prohibited", "sell": "prohibited"}),
    ("regulated", {"possess": "allowed", "buy": "conditional", "sell": "conditional"}),
    ("legal", None),
]


def count_records(folder: Path) -> int:
    """Records in every YAML file of a folder."""
    return sum(len(yaml.load(p.read_text(), Loader=_LOADER) or []) for p in folder.glob("*.yaml"))


def parents() -> list[str]:
    """Subdivision codes that localities can hang from, US states first."""
    known = {j.code for j in iso.subdivisions()}
    return sorted(known, key=lambda code: (code[:2] != "US", code))


def locality(rng: random.Random, parent: str, n: int) -> tuple[dict, list[dict], list[dict]]:
    """One synthetic locality with its versions and sources."""
    kind = rng.choice(KINDS)
    slug = f"SYNTH-{n:06d}" + ("-COUNTY" if kind == "county" else "")
    code = f"{parent}-{slug}"
    place = {"code": code, "level": "locality", "parent": parent, "name": f"Synthetic {kind} {n}", "kind": kind}
    sources, rules = [], []
    start = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(0, 3650))
    for v in range(rng.randint(1, 3)):
        sid = f"synth-{n:06d}-{v}"
        sources.append(
            {
                "id": sid,
                "url": f"https://example.org/synthetic/{n}/{v}",
                "title": f"Synthetic ordinance {n}-{v}",
                "publisher": f"Synthetic {kind} {n} council",
                "kind": rng.choice(["statute", "regulation", "news", "agency"]),
                "published_on": start.isoformat(),
                "accessed_on": "2026-11-25",
            }
        )
        status, activities = rng.choice(SHAPES)
        rule = {
            "jurisdiction": code,
            "substance": "kratom",
            "effective_from": start.isoformat(),
            "status": status,
            "summary": f"Synthetic row {n}-{v}: {status}.",
            "citation": f"Synthetic Ordinance {n}-{v}",
            # high confidence needs a tier-1 or tier-2 source (the seed check's rule)
            "confidence": "high" if sources[-1]["kind"] in ("statute", "regulation", "agency") else "medium",
            "recorded_on": "2026-11-25",
            "sources": [sid],
        }
        if activities:
            rule["activities"] = dict(activities)
        if status == "regulated":
            rule["min_age"] = rng.choice([18, 21])
        rules.append(rule)
        start += dt.timedelta(days=rng.randrange(90, 900))
    if rng.random() < 0.3:
        rules.append(
            {
                "jurisdiction": code,
                "substance": "7-oh",
                "effective_from": start.isoformat(),
                "status": "banned",
                "activities": {"possess": "prohibited", "sell": "prohibited"},
                "summary": f"Synthetic 7-OH row {n}.",
                "citation": f"Synthetic Ordinance {n}-7",
                "confidence": "medium",
                "recorded_on": "2026-11-25",
                "sources": [sources[-1]["id"]],
            }
        )
    return place, rules, sources


def extras(rng: random.Random, code: str, n: int, source: str) -> tuple[list[dict], list[dict]]:
    """An advisory and a pending bill for some localities."""
    advisories, pending = [], []
    if rng.random() < 0.08:
        advisories.append(
            {
                "id": f"synth-advisory-{n:06d}",
                "jurisdiction": code,
                "substances": ["kratom"],
                "kind": "consumer-warning",
                "issuer": f"Synthetic health department {n}",
                "title": f"Synthetic warning {n}",
                "issued_on": "2025-06-01",
                "summary": f"Synthetic advisory {n}.",
                "recorded_on": "2026-11-25",
                "sources": [source],
            }
        )
    if rng.random() < 0.07:
        pending.append(
            {
                "id": f"synth-bill-{n:06d}",
                "jurisdiction": code,
                "substances": ["kratom"],
                "kind": "bill",
                "identifier": f"SYN {n}",
                "title": f"Synthetic bill {n}",
                "stages": [{"stage": "introduced", "on": "2026-01-15"}],
                "would": f"Synthetic measure {n}.",
                "would_status": "banned",
                "recorded_on": "2026-11-25",
                "sources": [source],
            }
        )
    return advisories, pending


def build(scale: int, out: Path, seed_dir: Path = ROOT / "seed") -> dict[str, int]:
    """Write the synthetic dataset to `out`; returns record counts."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(seed_dir, out)
    target = count_records(seed_dir / "rules") * (scale - 1)
    rng = random.Random(scale)
    hangers = parents()
    places, rules, sources, advisories, pending = [], [], [], [], []
    n = 0
    while len(rules) < target:
        place, r, s = locality(rng, hangers[n % len(hangers)], n)
        a, p = extras(rng, place["code"], n, s[0]["id"])
        places.append(place)
        rules += r
        sources += s
        advisories += a
        pending += p
        n += 1
        if sys.stderr.isatty() and n % 1000 == 0:
            print(f"\r{len(rules)}/{target} rules", end="", file=sys.stderr)
    for folder, records in (
        ("jurisdictions", places),
        ("rules", rules),
        ("sources", sources),
        ("advisories", advisories),
        ("pending", pending),
    ):
        (out / folder).mkdir(exist_ok=True)
        text = yaml.dump(records, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=120) if records else "[]\n"
        (out / folder / "zz-synthetic.yaml").write_text(text)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    return {k: count_records(out / k) for k in ("jurisdictions", "rules", "sources", "advisories", "pending")}


def main() -> None:
    """Command line: bench/growth.py --scale 100 --out /tmp/seed-100x."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    print(build(args.scale, args.out))


if __name__ == "__main__":
    main()
