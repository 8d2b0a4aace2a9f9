#!/bin/sh
# Independent packages of a graph build side by side within one job budget
# (NATIVEPKG_JOBS, never exceeded), their sources download together, a dependent starts only
# once its dependencies are built, one failure stops nothing already running, the answers come
# out in the same order as from a sequential run, and the progress shows each step: one line
# per finished step in a log, a live region redrawn in place on a terminal.
. "$(dirname "$0")/lib.sh"
start_server

# make_slow NAME: a make project whose build step logs "start NAME" / "end NAME" to
# $PAR_EVENTS around a pause of $PAR_PAUSE_NAME or else $PAR_PAUSE seconds; with $PAR_BARRIER set it also waits (up to
# 60 s) until every package listed in $PAR_BARRIER has started, and fails otherwise: builds
# that ran one after another can never pass it.
make_slow() {
	make_project make "$1" 1.0.0 "$WORK/src/$1-1.0.0"
	python3 - "$WORK/src/$1-1.0.0/Makefile" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
step = ("\t@echo \"start $(NAME) $(MAKEFLAGS)\" >> \"$$PAR_EVENTS\"\n"
        "\t@for p in $$PAR_BARRIER; do n=0; while ! grep -q \"^start $$p\" \"$$PAR_EVENTS\"; do "
        "n=$$((n+1)); [ $$n -lt 1200 ] || { echo \"$$p never started beside $(NAME)\"; exit 1; }; "
        "sleep 0.05; done; done\n"
        "\t@sleep $${PAR_PAUSE_$(NAME):-$${PAR_PAUSE:-0}}\n"
        "\t@echo \"end $(NAME)\" >> \"$$PAR_EVENTS\"\n")
text = text.replace("all: lib$(NAME).a lib$(NAME).so\n", "all: lib$(NAME).a lib$(NAME).so\n" + step)
open(path, "w").write(text)
PY
	pack "$WORK/src/$1-1.0.0" tar.gz "$WORK/www/$1.tar.gz"
	recipe "$1" 1.0.0 make "$URL/files/$1.tar.gz" "$(sha256 "$WORK/www/$1.tar.gz")" "${2:-}"
}
make_slow pa
make_slow pb
make_slow pc
make_slow top ', "dependencies": { "pa": "*", "pb": "*", "pc": "*" }'
export PAR_EVENTS="$WORK/events"

# --- three independent builds meet at a barrier: they ran at the same time -------------------
: >"$PAR_EVENTS"
PAR_BARRIER="pa pb pc" NATIVEPKG_JOBS=3 run 0 --mode build build top
for p in pa pb pc top; do contains "$OUT" "$p 1.0.0 via build (shared)"; done
# top's build started after the three it depends on ended.
python3 - "$PAR_EVENTS" <<'PY' || fail "top started before its dependencies were built"
import sys
ev = [l.split() for l in open(sys.argv[1])]
pos = {(e[0], e[1]): i for i, e in enumerate(ev)}
assert all(pos[("end", p)] < pos[("start", "top")] for p in ("pa", "pb", "pc")), ev
PY
pass "independent builds run side by side; a dependent waits for its dependencies"

# Plan order in the output, whatever order the builds finished in (pa, first in the plan,
# finishes last here): the same as a run that built nothing.
"$NP" cache clean --builds >/dev/null
: >"$PAR_EVENTS"
PAR_BARRIER="pa pb pc" NATIVEPKG_JOBS=3 PAR_PAUSE_pa=1.5 run 0 --mode build build top
grep "^end" "$PAR_EVENTS" | head -3 | grep -q "end pa" && fail "pa did not finish last"
grep "^[a-z]* 1.0.0 via " "$OUT" | cut -d' ' -f1 >"$WORK/parallel.order"
run 0 --mode build resolve top
grep "^[a-z]* 1.0.0 via " "$OUT" | cut -d' ' -f1 >"$WORK/sequential.order"
cmp -s "$WORK/parallel.order" "$WORK/sequential.order" ||
	{ diff "$WORK/parallel.order" "$WORK/sequential.order"; fail "the order depends on who finished first"; }
pass "the answers come out in plan order"

# --- the budget: 2 jobs for 3 builds is never 3 at once, and each build is told its share ----
"$NP" cache clean --builds >/dev/null
: >"$PAR_EVENTS"
PAR_PAUSE=1 NATIVEPKG_JOBS=2 run 0 --mode build build pa pb pc
python3 - "$PAR_EVENTS" <<'PY' || fail "more builds at once than NATIVEPKG_JOBS"
import sys
now = peak = 0
for e in open(sys.argv[1]):
    now += 1 if e.startswith("start") else -1
    peak = max(peak, now)
assert peak == 2, peak
PY
[ "$(grep -c -- "-j1)" "$ERR")" = 3 ] || { cat "$ERR"; fail "a build got more than its share of 2 jobs"; }
grep -q -- "-j1" "$PAR_EVENTS" || { cat "$PAR_EVENTS"; fail "make was not given its share"; }
"$NP" cache clean --builds >/dev/null
NATIVEPKG_JOBS=4 run 0 --mode build build pa
contains "$ERR" "(make, shared, -j4)"
pass "NATIVEPKG_JOBS is shared: 2 jobs run 2 builds of -j1 at a time; one build alone gets all 4"

# --- a log gets one line per finished step ---------------------------------------------------
contains "$ERR" "nativepkg: pa 1.0.0: download ("
contains "$ERR" "nativepkg: pa 1.0.0: build ("
contains "$ERR" "nativepkg: pa 1.0.0: install ("
contains "$ERR" "nativepkg: pa 1.0.0: done in "
if grep -q "$(printf '\033')" "$ERR"; then fail "terminal control codes in a log"; fi
run 0 -q --mode build build pb
[ ! -s "$ERR" ] || { cat "$ERR"; fail "-q printed progress"; }
pass "a log shows each finished step, -q nothing"

# --- a terminal gets the live region ---------------------------------------------------------
"$NP" cache clean --builds >/dev/null
python3 - "$NP" "$RECIPES" "$WORK/tty.out" <<'PY' || fail "the build on a terminal failed"
import os, pty, sys
np, recipes, out = sys.argv[1:4]
pid, fd = pty.fork()
if pid == 0:
    os.environ["PAR_PAUSE"] = "1"
    os.execv(np, [np, "--recipes", recipes, "--mode", "build", "build", "pa", "pb"])
data = b""
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    data += chunk
_, status = os.waitpid(pid, 0)
open(out, "wb").write(data)
sys.exit(0 if os.waitstatus_to_exitcode(status) == 0 else 1)
PY
contains "$WORK/tty.out" "  pa 1.0.0: build ("
contains "$WORK/tty.out" "  pb 1.0.0: build ("
grep -q "$(printf '\033\\[[0-9]*A')" "$WORK/tty.out" || fail "the live region is not redrawn in place"
contains "$WORK/tty.out" "nativepkg: pa 1.0.0: done in "
pass "a terminal shows each active build, redrawn in place"

# --- downloads run together: both are half-way at the same time ----------------------------
# held_together ARGS...: runs nativepkg ARGS while the server holds pa's and pb's sources
# half-sent; both temporary files must be there at once before the server lets them finish.
held_together() {
	"$NP" cache clean >/dev/null
	rm -f "$WORK/www/pa.tar.gz.go" "$WORK/www/pb.tar.gz.go"
	"$NP" --recipes "$RECIPES" "$@" >"$OUT" 2>"$ERR" &
	builder=$!
	both=no
	for _ in $(seq 200); do
		if [ "$(find "$NATIVEPKG_CACHE_DIR/tmp" -type f -size +0 2>/dev/null | wc -l)" -ge 2 ]; then
			both=yes
			break
		fi
		sleep 0.05
	done
	touch "$WORK/www/pa.tar.gz.go" "$WORK/www/pb.tar.gz.go"
	wait "$builder" || { cat "$ERR"; fail "$* with held downloads failed"; }
	[ "$both" = yes ] || fail "$*: the two downloads never ran at the same time"
}
for p in pa pb; do
	recipe "$p" 1.0.0 make "$URL/hold/$p.tar.gz" "$(sha256 "$WORK/www/$p.tar.gz")"
done
held_together --mode build build pa pb
contains "$OUT" "pb 1.0.0 via build (shared)"
held_together fetch pa pb
contains "$OUT" "pa 1.0.0: in the download cache"
contains "$OUT" "pb 1.0.0: in the download cache"
pass "the sources of a graph download concurrently, for a build and for nativepkg fetch"

# --- one build fails: the one beside it still finishes, the error names the failed one -------
"$NP" cache clean --builds >/dev/null
for p in pa pb; do
	recipe "$p" 1.0.0 make "$URL/files/$p.tar.gz" "$(sha256 "$WORK/www/$p.tar.gz")"
done
cp "$RECIPES/pb.json" "$WORK/pb.json"
sed -i 's|"system": "make" }|"system": "make", "options": ["CC=false"] }|' "$RECIPES/pb.json"
: >"$PAR_EVENTS"
PAR_PAUSE=1 NATIVEPKG_JOBS=2 run 1 --mode build build pa pb
contains "$ERR" "pb: build failed: 'make' exited"
contains "$ERR" "nativepkg: pb 1.0.0: build failed ("
ls -d "$NATIVEPKG_CACHE_DIR"/builds/pa-1.0.0-* >/dev/null 2>&1 || fail "the build beside the failed one was abandoned"
if ls -d "$NATIVEPKG_CACHE_DIR"/builds/pb-1.0.0-* >/dev/null 2>&1; then fail "the failed build left a builds/ entry"; fi
cp "$WORK/pb.json" "$RECIPES/pb.json"
run 0 --mode build build pa pb
pass "a failed build stops nothing already running and is reported"
