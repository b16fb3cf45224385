#!/usr/bin/env bash
# The `roadmap` benchmark (issue 5). Run from anywhere; it works in the repo it lives in.
#
#   bash bench/run.sh           full run: default case, 10,000 topics x 1,000,000 events, 1k variant
#   bash bench/run.sh --quick   same cases with 100,000 events and fewer runs
#   bash bench/run.sh --smoke   tiny data, every command once, exit status only (no hyperfine)
#
# Environment:
#   ROADMAP_BIN   use this binary instead of building `cargo build --release`
#   BENCH_DIR     where data and stores go [default: target/bench]
#
# Prints one Markdown table to stdout (full: also bench/results/latest.md; quick:
# bench/results/quick.md). Progress goes to stderr, hyperfine's own output to
# $BENCH_DIR/<mode>/hyperfine.log, raw timings to $BENCH_DIR/<mode>/json/.
# Exit status: 0 when every command ran (targets missed or not), 1 when one failed.
set -euo pipefail

MODE=full
case "${1:-}" in
  "") ;;
  --quick) MODE=quick ;;
  --smoke) MODE=smoke ;;
  -h | --help)
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *)
    echo "error: unknown argument \`$1\` (use --quick, --smoke or nothing)" >&2
    exit 2
    ;;
esac
# Both large cases end with the same ten days of activity (RECENT_EVENTS events): what differs
# is only how much history lies before them, which is what "cost must not grow with history"
# compares. A past week of the large history (BUSY_WEEK, thousands of events) is timed too.
BUSY_WEEK=2026-W40 BUSY_FROM=2026-09-28 BUSY_TO=2026-10-04

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

# Every command sees the same clock, zone and colour; nothing of the user's leaks in.
export TZ=UTC
export ROADMAP_NOW=2026-11-23T20:00:00Z
export NO_COLOR=1
unset ROADMAP_DB ROADMAP_FILE CLICOLOR_FORCE COLUMNS

SEED=5
case "$MODE" in
  full)
    TOPICS=10000 SECTIONS=50 LARGE_EVENTS=1000000 LARGE_DAYS=1095
    SMALL_EVENTS=1000 DEFAULT_EVENTS=3000 DEFAULT_DAYS=365 RECENT_EVENTS=150
    WARMUP=3 MIN_RUNS=10 MAX_RUNS=50 SYNC_RUNS=5
    ;;
  quick)
    TOPICS=10000 SECTIONS=50 LARGE_EVENTS=100000 LARGE_DAYS=1095
    SMALL_EVENTS=1000 DEFAULT_EVENTS=3000 DEFAULT_DAYS=365 RECENT_EVENTS=150
    WARMUP=1 MIN_RUNS=3 MAX_RUNS=5 SYNC_RUNS=2
    ;;
  smoke)
    TOPICS=200 SECTIONS=10 LARGE_EVENTS=2000 LARGE_DAYS=365
    SMALL_EVENTS=100 DEFAULT_EVENTS=300 DEFAULT_DAYS=60 RECENT_EVENTS=20
    ;;
esac

say() { printf 'bench: %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$1" >&2
  [ -n "${2:-}" ] && printf 'hint: %s\n' "$2" >&2
  exit 1
}

need() {
  command -v "$1" >/dev/null 2>&1 || die "\`$1\` is not installed" "apt-get install -y ${2:-$1}"
}
need python3
if [ "$MODE" != smoke ]; then
  need hyperfine
  need sqlite3
  [ -x /usr/bin/time ] || die "/usr/bin/time is not installed" "apt-get install -y time"
fi

# --- work dir ----------------------------------------------------------------------------
if [ "$MODE" = smoke ]; then
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/roadmap-bench-smoke.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
else
  WORK=${BENCH_DIR:-$ROOT/target/bench}/$MODE
fi
DATA=$WORK/data STORES=$WORK/stores JSON=$WORK/json
mkdir -p "$DATA" "$STORES" "$JSON" "$WORK/xdg/config" "$WORK/xdg/data"
# No user roadmap or store can be picked up from the real config/data dirs.
export XDG_CONFIG_HOME=$WORK/xdg/config XDG_DATA_HOME=$WORK/xdg/data
RESULTS=$WORK/results.tsv
LOG=$WORK/hyperfine.log
: >"$RESULTS"
: >"$LOG"
# Other work on the machine skews timings; the table shows the load before and after.
cut -d' ' -f1 /proc/loadavg >"$WORK/load.start" 2>/dev/null || echo '?' >"$WORK/load.start"

# --- binary ------------------------------------------------------------------------------
if [ -n "${ROADMAP_BIN:-}" ]; then
  BIN=$ROADMAP_BIN
else
  say "cargo build --release"
  cargo build --release --quiet >&2
  BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/roadmap
fi
[ -x "$BIN" ] || die "no binary at $BIN"

# --- data (deterministic; regenerated only when gen.py or the parameters change) ---------
gen() { python3 "$ROOT/bench/gen.py" "$@"; }
STAMP="$(sha256sum "$ROOT/bench/gen.py" | cut -c1-16) $SEED $TOPICS $SECTIONS $LARGE_EVENTS $LARGE_DAYS $SMALL_EVENTS $DEFAULT_EVENTS $DEFAULT_DAYS $RECENT_EVENTS $ROADMAP_NOW"
if [ "$(cat "$DATA/stamp" 2>/dev/null)" != "$STAMP" ]; then
  rm -f "$DATA"/*
  say "generating data in $DATA"
  gen events --roadmap "$ROOT/roadmap/backend.toml" --events "$DEFAULT_EVENTS" \
    --days "$DEFAULT_DAYS" --end "$ROADMAP_NOW" --seed "$SEED" \
    --out "$DATA/default.jsonl" --meta "$DATA/default.json"
  gen roadmap --topics "$TOPICS" --sections "$SECTIONS" --seed "$SEED" --out "$DATA/large.toml"
  gen events --roadmap "$DATA/large.toml" --events "$SMALL_EVENTS" --days "$LARGE_DAYS" \
    --recent "$RECENT_EVENTS" --end "$ROADMAP_NOW" --seed "$SEED" --out "$DATA/large-1k.jsonl" --meta "$DATA/large-1k.json"
  gen checklist --items 463 --seed "$SEED" --out "$DATA/checklist.md"
  say "generating $LARGE_EVENTS events (about 30 s per million)"
  gen events --roadmap "$DATA/large.toml" --events "$LARGE_EVENTS" --days "$LARGE_DAYS" \
    --recent "$RECENT_EVENTS" \
    --end "$ROADMAP_NOW" --seed "$SEED" --out "$DATA/large.jsonl" --meta "$DATA/large.json"
  echo "$STAMP" >"$DATA/stamp"
else
  say "reusing data in $DATA"
fi
meta() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

FAILED=0

# record CASE LABEL KIND JSON MEM_KIB STATUS [MS]
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "${7:-}" >>"$RESULTS"; }

# once OUT_MEM ERR_FILE ARGV... : one run, exit status in $RC, peak RSS (KiB) in file OUT_MEM.
once() {
  local mem=$1 err=$2
  shift 2
  RC=0
  if [ "$MODE" = smoke ]; then
    "$@" >/dev/null 2>"$err" || RC=$?
    echo 0 >"$mem"
  else
    /usr/bin/time -f %M -o "$mem" "$@" >/dev/null 2>"$err" || RC=$?
  fi
}

# hf JSON_FILE [--prepare CMD] CMD : whole-process timing with hyperfine.
hf() {
  local out=$1
  shift
  hyperfine -N --style none --warmup "$WARMUP" --min-runs "$MIN_RUNS" --max-runs "$MAX_RUNS" \
    --export-json "$out" "$@" >>"$LOG" 2>&1
}

q() { printf '%q' "$1"; }

# bench_cmd CASE LABEL PREPARE(argv string or "") ARGV... : one row of the table.
bench_cmd() {
  local case=$1 label=$2 prepare=$3
  shift 3
  local slug
  slug=$(printf '%s' "$case-$label" | tr -c 'a-zA-Z0-9' '-')
  local err=$WORK/$slug.err mem=$WORK/$slug.mem
  if [ -n "$prepare" ]; then
    # shellcheck disable=SC2086 # prepare is a word list without quoting needs
    eval "$prepare" >/dev/null 2>&1 || true
  fi
  once "$mem" "$err" "$@"
  if [ "$RC" -ne 0 ]; then
    if grep -qiE 'not available yet|unrecognized subcommand|not implemented' "$err"; then
      say "$case: $label: not implemented (exit $RC)"
      record "$case" "$label" cmd "" "" "n/a"
    else
      say "$case: $label: FAILED (exit $RC): $(head -c 300 "$err" | tr '\n' ' ')"
      record "$case" "$label" cmd "" "" "failed:$RC"
      FAILED=1
    fi
    return 0
  fi
  if [ "$MODE" = smoke ]; then
    say "$case: $label: ok"
    record "$case" "$label" cmd "" "" ok
    return 0
  fi
  local cmdline="" a
  for a in "$@"; do cmdline+="$(q "$a") "; done
  local json=$JSON/$slug.json
  say "$case: $label"
  # The floor is timed again in the same hyperfine run, right before the command, so that
  # the ratio compares two figures taken under the same conditions (this VM's speed drifts
  # by 10-30% over minutes).
  if [ -n "$prepare" ]; then
    hf "$json" --prepare true --prepare "$prepare" "$FLOOR_CMD" "$cmdline"
  else
    hf "$json" "$FLOOR_CMD" "$cmdline"
  fi
  record "$case" "$label" cmd "$json" "$(cat "$mem")" ok
}

# import_fresh CASE LABEL STORE ROADMAP_ARGS JSONL : a timed one-shot import into a new store.
import_fresh() {
  local case=$1 label=$2 store=$3 rargs=$4 file=$5
  rm -f "$store" "$store-wal" "$store-shm"
  local err=$WORK/$case-import.err mem=$WORK/$case-import.mem t0 t1
  say "$case: import $(wc -l <"$file") events into a fresh store"
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  once "$mem" "$err" "$BIN" --db "$store" $rargs import "$file"
  t1=$(date +%s%N)
  if [ "$RC" -ne 0 ]; then
    say "$case: import FAILED (exit $RC): $(head -c 300 "$err" | tr '\n' ' ')"
    record "$case" "$label" oneshot "" "" "failed:$RC"
    FAILED=1
    return 1
  fi
  record "$case" "$label" oneshot "" "$(cat "$mem")" ok "$(((t1 - t0) / 1000))e-3"
}

# run_case CASE STORE ROADMAP_ARGS(string) META
run_case() {
  local case=$1 store=$2 rargs=$3 meta=$4
  local show write
  show=$(meta "$meta" show_topic)
  write=$(meta "$meta" write_topic)
  # shellcheck disable=SC2206
  local R=("$BIN" --db "$store" $rargs)
  local prefix="" a
  for a in "${R[@]}"; do prefix+="$(q "$a") "; done
  if [ "$MODE" != smoke ]; then
    local mem=$WORK/$case-floor.mem err=$WORK/$case-floor.err
    say "$case: floor (sqlite3 select 1)"
    once "$mem" "$err" sqlite3 "$store" 'select 1'
    FLOOR_CMD="sqlite3 $(q "$store") 'select 1'"
    hf "$JSON/$case-floor.json" "$FLOOR_CMD"
    record "$case" "floor: sqlite3 select 1" floor "$JSON/$case-floor.json" "$(cat "$mem")" ok
  fi
  # `import` needs only the store, so the first command after it syncs the roadmap (the
  # first-sync row times that). Done here, untimed, so that every row's one-run peak memory
  # is a command's own, as its hyperfine timing (after warm-ups) is.
  "${R[@]}" status >/dev/null
  bench_cmd "$case" "status" "" "${R[@]}" status
  bench_cmd "$case" "list --state todo" "" "${R[@]}" list --state todo
  bench_cmd "$case" "show TOPIC" "" "${R[@]}" show "$show"
  bench_cmd "$case" "next" "" "${R[@]}" next
  bench_cmd "$case" "summary --week" "" "${R[@]}" summary --week
  bench_cmd "$case" "history --since \"7d ago\"" "" "${R[@]}" history --since "7d ago"
  bench_cmd "$case" "export" "" "${R[@]}" export
  # Issue 21: the whole schedule, every week of it, as text and as JSON.
  bench_cmd "$case" "plan --schedule" "" "${R[@]}" plan --schedule
  bench_cmd "$case" "plan --schedule --json" "" "${R[@]}" plan --schedule --json
  # Issue 19: the card in every case; the map of the whole roadmap, to a file (its size is
  # recorded too), where the roadmap is large.
  bench_cmd "$case" "card" "" "${R[@]}" card
  if [ "$case" = large-1k ]; then
    bench_cmd "$case" "map (10,000 topics)" "" "${R[@]}" map --output "$WORK/map-$case.html"
    record "$case" "map (10,000 topics): bytes" size "" "" ok "$(wc -c <"$WORK/map-$case.html" 2>/dev/null || echo 0)"
  fi
  if [ "$case" != default ]; then
    bench_cmd "$case" "summary --week $BUSY_WEEK" "" "${R[@]}" summary --week "$BUSY_WEEK"
    bench_cmd "$case" "history --since $BUSY_FROM --until $BUSY_TO" "" "${R[@]}" \
      history --since "$BUSY_FROM" --until "$BUSY_TO"
    # The whole log, to /dev/null: written as it is read, so memory must stay flat.
    bench_cmd "$case" "history" "" "${R[@]}" history
  fi
  # The writes come last. Every run of one appends an event stamped with the benchmark's
  # fixed "now", a few hundred in all: before the reads, they made this week's summary and
  # history read the benchmark's own events, all in one second, rather than the generated
  # year. Each run of check is prepared by an uncheck and the other way round: both always
  # do the same transition (done <-> doing).
  bench_cmd "$case" "check TOPIC" "${prefix}uncheck $(q "$write")" "${R[@]}" check "$write"
  bench_cmd "$case" "uncheck TOPIC" "${prefix}check $(q "$write")" "${R[@]}" uncheck "$write"
  bench_cmd "$case" "log TOPIC 30m" "" "${R[@]}" log "$write" 30m
}

LARGE_TOML=$DATA/large.toml

if [ "$MODE" = smoke ]; then
  RC=0
  "$BIN" validate "$LARGE_TOML" >/dev/null || die "the generated roadmap does not validate"
fi

# --- case default: built-in roadmap, a year of activity ------------------------------------
import_fresh default "import" "$STORES/default.db" "" "$DATA/default.jsonl" || true
# The import row of the default case is informational; keep only the large one in the table.
sed -i '/^default\timport\t/d' "$RESULTS"
# The references below run on a copy of the store as imported, before the writes add to it.
REF=$STORES/default-ref.db
rm -f "$REF" "$REF-wal" "$REF-shm"
cp "$STORES/default.db" "$REF"
run_case default "$STORES/default.db" "" "$DATA/default.json"

# --- references: sqlite3 itself doing a write's and an export's I/O ---------------------------
# Not targets: what the floor's own program needs to insert one row durably (into a copy of
# the store, so the benchmark's store stays as roadmap wrote it) and to print the very lines
# `roadmap export` prints. They show how far below 2x the floor that work can go.
if [ "$MODE" != smoke ]; then
  INSERT="PRAGMA synchronous=FULL; INSERT INTO events (id, topic, kind, at) VALUES (lower(hex(randomblob(16))), 'reference', 'start', unixepoch())"
  EXPORT_SQL="SELECT json_object('id', id, 'topic', topic, 'kind', kind, 'at', strftime('%Y-%m-%dT%H:%M:%SZ', at, 'unixepoch'), 'minutes', minutes, 'note', note, 'rating', rating) FROM events ORDER BY seq"
  say "default: references (sqlite3 insert, sqlite3 export query)"
  # The export first: the inserts add to the copy.
  hf "$JSON/default-ref-export.json" "$FLOOR_CMD" "sqlite3 $(q "$REF") $(q "$EXPORT_SQL")"
  hf "$JSON/default-ref-insert.json" "$FLOOR_CMD" "sqlite3 $(q "$REF") $(q "$INSERT")"
  record default "reference: sqlite3 inserting one event (synchronous=FULL)" ref "$JSON/default-ref-insert.json" "" ok
  record default "reference: sqlite3 printing the export's JSON lines" ref "$JSON/default-ref-export.json" "" ok
fi

# --- case checklist: a 463-item Markdown checklist in, and its ticks back out --------------
# `add` into a fresh store and a fresh config dir each run; then `checklist` of what it added.
CL_STORE=$STORES/checklist.db
CL_ADDED=$XDG_CONFIG_HOME/roadmap/roadmaps
bench_cmd checklist "add (463-item checklist, fresh store)" \
  "rm -rf $(q "$CL_ADDED") $(q "$CL_STORE") $(q "$CL_STORE-wal") $(q "$CL_STORE-shm")" \
  "$BIN" --db "$CL_STORE" add "$DATA/checklist.md"
bench_cmd checklist "checklist (463 items)" "" "$BIN" --db "$CL_STORE" checklist
# Issue 19: the map of those 463 topics, written to a file; its size is a target too.
bench_cmd checklist "map (463 topics)" "" "$BIN" --db "$CL_STORE" map --output "$WORK/map-463.html"
record checklist "map (463 topics): bytes" size "" "" ok "$(wc -c <"$WORK/map-463.html" 2>/dev/null || echo 0)"

# --- first sync of the large roadmap: status on a fresh, empty store ----------------------
SYNC=$STORES/sync.db
if [ "$MODE" = smoke ]; then
  bench_cmd large "first sync (status, fresh store)" "" "$BIN" --db "$SYNC" --roadmap "$LARGE_TOML" status
else
  rm -f "$SYNC" "$SYNC-wal" "$SYNC-shm"
  once "$WORK/sync.mem" "$WORK/sync.err" "$BIN" --db "$SYNC" --roadmap "$LARGE_TOML" status
  if [ "$RC" -ne 0 ]; then
    say "first sync FAILED (exit $RC)"
    record large "first sync (status, fresh store)" oneshot "" "" "failed:$RC"
    FAILED=1
  else
    say "large: first sync of $TOPICS topics"
    hyperfine -N --style none --runs "$SYNC_RUNS" \
      --prepare "rm -f $(q "$SYNC") $(q "$SYNC-wal") $(q "$SYNC-shm")" \
      --export-json "$JSON/large-first-sync.json" \
      "$(q "$BIN") --db $(q "$SYNC") --roadmap $(q "$LARGE_TOML") status" >>"$LOG" 2>&1
    record large "first sync (status, fresh store)" sync "$JSON/large-first-sync.json" "$(cat "$WORK/sync.mem")" ok
  fi
fi

# --- case large-1k: the large roadmap with little history ---------------------------------
import_fresh large-1k "import" "$STORES/large-1k.db" "--roadmap $LARGE_TOML" "$DATA/large-1k.jsonl" || true
sed -i '/^large-1k\timport\t/d' "$RESULTS"
run_case large-1k "$STORES/large-1k.db" "--roadmap $LARGE_TOML" "$DATA/large-1k.json"

# --- case large: the large roadmap with a long history ------------------------------------
if import_fresh large "import ($LARGE_EVENTS events, fresh store)" "$STORES/large.db" \
  "--roadmap $LARGE_TOML" "$DATA/large.jsonl"; then
  run_case large "$STORES/large.db" "--roadmap $LARGE_TOML" "$DATA/large.json"
fi

# --- case sync: the large store through a local bare repository (issue 18) ---------------
# Machine a is a copy of the large store; b starts empty. A first sync of a to an empty
# remote, b's first sync (it receives everything), then syncs of a that send 10 events and
# receive 10 from b: through git, and through a folder (what roadmap itself costs).
sync_case() {
  local SD=$WORK/sync-case A B topic n
  rm -rf "$SD" && mkdir -p "$SD/a" "$SD/b" "$SD/folder"
  for f in "$STORES/large.db" "$STORES/large.db-wal" "$STORES/large.db-shm"; do
    [ -f "$f" ] && cp "$f" "$SD/a/"
  done
  A=("$BIN" --db "$SD/a/large.db") B=("$BIN" --db "$SD/b/large.db")
  topic=$(meta "$DATA/large.json" write_topic)
  n=$(wc -l <"$DATA/large.jsonl")
  git init -q --bare --initial-branch=main "$SD/remote.git"
  local t0 t1 rc=0
  say "sync: first sync of $n events to an empty remote"
  t0=$(date +%s%N)
  "${A[@]}" sync "$SD/remote.git" --name a >/dev/null 2>"$SD/a.err" || rc=$?
  t1=$(date +%s%N)
  if [ "$rc" -ne 0 ]; then
    say "sync FAILED: $(head -c 300 "$SD/a.err")"
    record sync "first sync ($n events, empty remote)" oneshot "" "" "failed:$rc"
    FAILED=1
    return 0
  fi
  record sync "first sync ($n events, empty remote)" oneshot "" "" ok "$(((t1 - t0) / 1000))e-3"
  t0=$(date +%s%N)
  "${B[@]}" sync "$SD/remote.git" --name b >/dev/null
  t1=$(date +%s%N)
  record sync "a new machine's first sync (receives $n)" oneshot "" "" ok "$(((t1 - t0) / 1000))e-3"
  [ "$MODE" = smoke ] && return 0
  local ten="for i in 1 2 3 4 5 6 7 8 9 10; do $(q "$BIN") --db $(q "$SD/a/large.db") --roadmap $(q "$LARGE_TOML") note $(q "$topic") n\$i >/dev/null; $(q "$BIN") --db $(q "$SD/b/large.db") --roadmap $(q "$LARGE_TOML") note $(q "$topic") m\$i >/dev/null; done"
  say "sync: send 10, receive 10 (git)"
  hyperfine -N --style none --runs 3 --prepare "bash -c $(q "$ten; $(q "$BIN") --db $(q "$SD/b/large.db") sync >/dev/null")" \
    --export-json "$JSON/sync-git.json" "${A[*]} sync" >>"$LOG" 2>&1
  record sync "sync sending 10, receiving 10 (git)" ref "$JSON/sync-git.json" "" ok
  "${A[@]}" sync --folder "$SD/folder" >/dev/null
  "${B[@]}" sync --folder "$SD/folder" >/dev/null
  say "sync: send 10, receive 10 (folder)"
  hyperfine -N --style none --runs 10 --prepare "bash -c $(q "$ten; $(q "$BIN") --db $(q "$SD/b/large.db") sync >/dev/null")" \
    --export-json "$JSON/sync-folder.json" "${A[*]} sync" >>"$LOG" 2>&1
  record sync "sync sending 10, receiving 10 (folder: roadmap's own cost)" cmd "$JSON/sync-folder.json" "" ok
  rm -rf "$SD"
}
if [ "$MODE" = smoke ] || [ -f "$STORES/large.db" ]; then
  if command -v git >/dev/null 2>&1; then sync_case; else say "sync: skipped, git is not installed"; fi
fi

# --- report --------------------------------------------------------------------------------
if [ "$MODE" = smoke ]; then
  n=$(wc -l <"$RESULTS")
  bad=$(grep -c -v -P '\t(ok|n/a)\t' "$RESULTS" || true)
  if [ "$FAILED" -ne 0 ] || [ "$bad" -ne 0 ]; then
    say "smoke: FAILED ($bad of $n commands)"
    exit 1
  fi
  say "smoke: ok ($n commands; $(grep -c -P '\tn/a\t' "$RESULTS" || true) not implemented)"
  exit 0
fi

mkdir -p "$ROOT/bench/results"
OUT=$ROOT/bench/results/latest.md
[ "$MODE" = quick ] && OUT=$ROOT/bench/results/quick.md
cut -d' ' -f1 /proc/loadavg >"$WORK/load.end" 2>/dev/null || echo '?' >"$WORK/load.end"
python3 "$ROOT/bench/report.py" --load "$(cat "$WORK/load.start") $(cat "$WORK/load.end")" --results "$RESULTS" --mode "$MODE" --events "$LARGE_EVENTS" \
  --recent "$RECENT_EVENTS" \
  --topics "$TOPICS" --bin "$BIN" --root "$ROOT" --out "$OUT"
say "table saved to ${OUT#"$ROOT"/}"
exit "$FAILED"
