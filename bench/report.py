#!/usr/bin/env python3
"""Turns bench/run.sh's results.tsv and hyperfine's JSON into the Markdown table.

Each line of results.tsv: case, command, kind (floor|cmd|sync|oneshot), hyperfine JSON file,
peak RSS in KiB, status (ok|n/a|failed:N), one-shot milliseconds.
"""

import argparse
import datetime as dt
import json
import os
import platform
import subprocess

# Targets of issue 16, on the plain build (`cargo build --release`, as `cargo install` makes).
# Small store: a read within 1.6x `sqlite3 STORE 'select 1'`; a write within 1.4x sqlite3
# inserting one row into a copy of the store (WAL, synchronous=FULL: the same durability).
READ_VS_FLOOR = 1.6
WRITE_VS_INSERT = 1.4
WRITES = {"check TOPIC", "uncheck TOPIC", "log TOPIC 30m"}
INSERT_REF = "reference: sqlite3 inserting one event (synchronous=FULL)"
# 10,000 topics and 1,000,000 events: every everyday command (all but the whole `history`
# and `export`, which go through every event) < 25 ms and < 30 MiB.
LARGE_MS = 25.0
NOT_EVERYDAY = {"history", "export"}
# Issue 17: a 463-item checklist (Coding Interview University's size) in and back out.
CHECKLIST_MS = {"add (463-item checklist, fresh store)": 100.0, "checklist (463 items)": 50.0}
# Issue 18, with a local bare repository: a first sync of a million events < 20 s; a sync
# that sends 10 and receives 10, < 300 ms on top of git's own time (the folder row).
# Issue 19: `card` < 20 ms in every case; `map` of a 463-topic roadmap < 100 ms and < 1 MB;
# `map` of 10,000 topics < 1 s. A "size" row holds bytes where the others hold milliseconds.
CARD_MS = 20.0
MAP_MS = {"map (463 topics)": 100.0, "map (10,000 topics)": 1000.0}
MAP_BYTES = {"map (463 topics): bytes": 1_000_000}
SYNC_FIRST_S_PER_MILLION = 20.0
SYNC_STEADY_MS = 300.0
# Issue 21: the whole schedule (`plan --schedule`, text and JSON) of the built-in roadmap
# < 20 ms, of the 10,000-topic roadmap < 200 ms.
SCHEDULE_MS = {"default": 20.0, "large-1k": 200.0, "large": 200.0}
SCHEDULE = {"plan --schedule", "plan --schedule --json"}
IMPORT_S_PER_MILLION = 10.0
SYNC_MS = 1000.0
MEM_MIB = 30.0


def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    ram = "?"
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                    break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({model}), {ram} RAM, {platform.system()} {platform.release()}"


def git_rev(root):
    if os.environ.get("BENCH_REV"):
        return os.environ["BENCH_REV"]
    try:
        rev = subprocess.run(
            ["git", "-C", root, "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", root, "status", "--porcelain", "--untracked-files=no", "--", "src", "Cargo.toml", "migrations"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        return rev + (" + uncommitted changes in src/" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "?"


def fmt_ms(ms):
    if ms is None:
        return "—"
    if ms >= 1000:
        return f"{ms:,.0f}"
    if ms >= 100:
        return f"{ms:.0f}"
    return f"{ms:.1f}"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--results", required=True)
    p.add_argument("--mode", required=True)
    p.add_argument("--events", type=int, required=True)
    p.add_argument("--topics", type=int, required=True)
    p.add_argument("--bin", required=True)
    p.add_argument("--root", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--recent", type=int, required=True, help="events in the last ten days")
    p.add_argument("--load", default="? ?", help="1-minute load average at start and end")
    a = p.parse_args()

    rows = []
    with open(a.results, encoding="utf-8") as f:
        for line in f:
            case, label, kind, jfile, mem, status, ms = line.rstrip("\n").split("\t")
            median = None
            runs = None
            floor = None
            if status == "ok" and jfile:
                with open(jfile) as j:
                    results = json.load(j)["results"]
                # A command's file also holds the floor, timed just before it.
                if len(results) == 2:
                    floor = results[0]["median"] * 1000
                r = results[-1]
                median = r["median"] * 1000
                runs = len(r["times"])
            elif status == "ok" and ms:
                median = float(ms)
                runs = 1
            rows.append(
                {
                    "case": case,
                    "label": label,
                    "kind": kind,
                    "median": median,
                    "runs": runs,
                    "mib": int(mem) / 1024 if mem else None,
                    "status": status,
                    "floor": floor,
                }
            )

    # Per case: the floor, the commands, then the one-shots (import, first sync).
    case_order = {"default": 0, "checklist": 1, "large-1k": 2, "large": 3, "sync": 4}
    kind_order = {"floor": 0, "cmd": 1, "size": 1, "ref": 2, "oneshot": 3, "sync": 4}
    rows.sort(key=lambda r: (case_order.get(r["case"], 9), kind_order.get(r["kind"], 9)))
    floors = {r["case"]: r["median"] for r in rows if r["kind"] == "floor"}
    by = {(r["case"], r["label"]): r for r in rows}
    import_target_s = IMPORT_S_PER_MILLION * a.events / 1_000_000

    missed = []
    lines = []
    for r in rows:
        case, label, med = r["case"], r["label"], r["median"]
        floor = r["floor"] or floors.get("large" if case == "large" or r["kind"] in ("sync",) else case)
        ratio = med / floor if med is not None and floor else None
        targets, fails = [], []
        if r["kind"] in ("floor", "ref"):
            pass
        elif r["kind"] == "size":
            if label in MAP_BYTES:
                targets.append(f"< {MAP_BYTES[label]:,} bytes")
                if med is not None and med >= MAP_BYTES[label]:
                    fails.append(f"{med:,.0f} bytes")
        elif label == "card" and case in ("default", "checklist"):
            targets.append(f"< {CARD_MS:g} ms")
            if med is not None and med >= CARD_MS:
                fails.append(f"{med:,.0f} ms")
        elif label in MAP_MS:
            targets.append(f"< {MAP_MS[label]:g} ms")
            if med is not None and med >= MAP_MS[label]:
                fails.append(f"{med:,.0f} ms")
        elif case == "sync" and r["kind"] == "oneshot" and label.startswith("first sync"):
            limit = SYNC_FIRST_S_PER_MILLION * a.events / 1_000_000
            targets.append(f"< {limit:g} s")
            if med is not None and med >= limit * 1000:
                fails.append(f"{med / 1000:.1f} s")
        elif case == "sync" and r["kind"] == "oneshot":
            pass
        elif case == "sync":
            targets.append(f"< {SYNC_STEADY_MS:g} ms")
            if med is not None and med >= SYNC_STEADY_MS:
                fails.append(f"{med:,.0f} ms")
        elif r["kind"] == "oneshot":  # the import of the large case
            targets.append(f"< {import_target_s:g} s")
            if med is not None and med >= import_target_s * 1000:
                fails.append(f"{med / 1000:.1f} s")
        elif r["kind"] == "sync":
            targets.append("< 1 s")
            if med is not None and med >= SYNC_MS:
                fails.append(f"{med:,.0f} ms")
        elif label in SCHEDULE and case in SCHEDULE_MS:
            limit = SCHEDULE_MS[case]
            targets.append(f"< {limit:g} ms")
            if med is not None and med >= limit:
                fails.append(f"{med:,.0f} ms")
        elif case == "checklist" and label in CHECKLIST_MS:
            limit = CHECKLIST_MS[label]
            targets.append(f"< {limit:g} ms")
            if med is not None and med >= limit:
                fails.append(f"{med:,.0f} ms")
        elif case == "default" and label in WRITES:
            insert = by.get(("default", INSERT_REF), {}).get("median")
            targets.append(f"≤ {WRITE_VS_INSERT:g}× sqlite3 insert")
            if med is not None and insert:
                ratio_insert = med / insert
                if ratio_insert > WRITE_VS_INSERT:
                    fails.append(f"{ratio_insert:.2f}× insert")
        elif case == "default":
            targets.append(f"≤ {READ_VS_FLOOR:g}× floor")
            if ratio is not None and ratio > READ_VS_FLOOR:
                fails.append(f"{ratio:.2f}× floor")
        elif case == "large" and label not in NOT_EVERYDAY:
            targets.append(f"< {LARGE_MS:g} ms")
            if med is not None and med >= LARGE_MS:
                fails.append(f"{med:,.0f} ms")
        mem_target = r["kind"] == "cmd" and case == "large" and label not in NOT_EVERYDAY
        if mem_target:
            targets.append(f"< {MEM_MIB:g} MiB")
            if r["mib"] is not None and r["mib"] >= MEM_MIB:
                fails.append(f"{r['mib']:.0f} MiB")

        if r["status"] == "n/a":
            median_s, met = "n/a (not implemented)", "n/a"
        elif r["status"].startswith("failed"):
            median_s, met = f"FAILED (exit {r['status'].split(':')[1]})", "**no**"
            missed.append(f"{case} `{label}`: failed")
        elif r["kind"] == "size":
            median_s = "—" if med is None else f"{med:,.0f} bytes"
            ratio = None
            if not targets:
                met = "—"
            elif fails:
                met = "**no**: " + ", ".join(fails)
                missed.append(f"{case} `{label}` ({', '.join(fails)})")
            else:
                met = "yes"
        else:
            median_s = fmt_ms(med)
            if not targets:
                met = "—"
            elif fails:
                met = "**no**: " + ", ".join(fails)
                missed.append(f"{case} `{label}` ({', '.join(fails)})")
            else:
                met = "yes"
        lines.append(
            "| {} | {} | {} | {} | {} | {} | {} |".format(
                case,
                f"`{label}`" if r["kind"] not in ("floor", "ref") else label,
                median_s,
                "—" if ratio is None else f"{ratio:.1f}×",
                "—" if r["mib"] is None else f"{r['mib']:.1f}",
                "; ".join(targets) or "—",
                met,
            )
        )

    load = (a.load.split() + ["?", "?"])[:2]
    try:
        # At the end the load includes the benchmark itself (about 1): only the start counts.
        busy = float(load[0]) > 0.5 * (os.cpu_count() or 1)
    except ValueError:
        busy = False
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    try:
        hv = subprocess.run(["hyperfine", "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        hv = "hyperfine ?"
    head = [
        f"## roadmap benchmark ({a.mode})",
        "",
        f"- date: {now}; commit {git_rev(a.root)}",
        f"- machine: {machine()}; load average (1 min) {load[0]} at start, {load[1]} at end"
        + (" — **other work was running: timings are inflated, compare ratios**" if busy else ""),
        f"- data: default = built-in roadmap + 3,000 events over 365 days; large = {a.topics:,} topics"
        f" + {a.events:,} events over 3 years; large-1k = same roadmap + 1,000 events; both large"
        f" cases have {a.recent} events in their last ten days",
        f"- method: {hv}, whole process, `-N`, median of ≥ 10 runs after 3 warm-ups"
        if a.mode == "full"
        else f"- method: {hv}, whole process, `-N`, median of 3–5 runs after 1 warm-up (quick)",
        "- ratio = median / median of `sqlite3 STORE 'select 1'` on the same store, timed in the same"
        " hyperfine run just before the command (the floor rows: timed alone); peak MiB = max RSS"
        " of one run (`/usr/bin/time -f %M`); TZ=UTC, ROADMAP_NOW=2026-11-23T20:00:00Z",
        "",
        "| case | command | median ms | ratio to floor | peak MiB | target | met? |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    tail = [""]
    if missed:
        tail.append(f"Missed ({len(missed)}): " + "; ".join(missed) + ".")
    else:
        tail.append("Every target met.")
    text = "\n".join(head + lines + tail) + "\n"
    print(text, end="")
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
