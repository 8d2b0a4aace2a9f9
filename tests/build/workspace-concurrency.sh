#!/bin/sh
# One workspace, many processes. A warm resolve that writes nothing needs no lock. Then 16
# `resolve` runs at once, half with an override that changes
# every answer, while a reader polls every file of the output tree and the lock. Every file the
# reader opens is complete (each is replaced by a rename), and afterwards the lock and the tree
# are valid and agree with each other.
. "$(dirname "$0")/lib.sh"
fixture=$(dirname "$NP")/../tests/fixtures/zlib-override
[ -d "$fixture" ] || fail "no fixture zlib at $fixture"
printf '{ "dependencies": { "zlib": "*" } }\n' >"$WORK/ws/nativepkg.json"
run 0 resolve
run 0 resolve # the lock now exists: its file joins every package's inputs (cargo's rerun-if)

# A run with nothing to write takes no lock: it answers while another process holds the
# workspace. One that must write waits for the holder (and here times out, exit 8).
python3 -c 'import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
time.sleep(60)' "$WORK/ws" "$WORK/held" &
holder=$!
for _ in $(seq 600); do
	[ -f "$WORK/held" ] && break
	sleep 0.05
done
[ -f "$WORK/held" ] || fail "the test could not take the workspace lock"
export NATIVEPKG_LOCK_TIMEOUT=1
run 0 resolve
NATIVEPKG_ZLIB_ROOT="$fixture" "$NP" resolve >"$OUT" 2>"$ERR" && code=0 || code=$?
[ "$code" = 8 ] || { cat "$ERR"; fail "a resolve that must write exited $code while the workspace was held"; }
grep -q "timed out" "$ERR" || fail "no timeout message: $(cat "$ERR")"
unset NATIVEPKG_LOCK_TIMEOUT
kill "$holder"
wait "$holder" 2>/dev/null || true
pass "a warm resolve reads without the workspace lock; one that writes waits for it"

cat >"$WORK/reader.py" <<'PY'
import json, os, sys, time
ws, stop, ready = sys.argv[1], sys.argv[2], sys.argv[3]
seen = 0
def check(path, text):
    if path.endswith((".json", ".lock", ".cps")):
        json.loads(text)
    elif path.endswith((".env", ".sh", ".txt", ".pc", ".toml", ".cmake")):
        if text and not text.endswith("\n"):
            raise ValueError("no final newline")
    if path.endswith(".pc") and "\nVersion: " not in text:
        raise ValueError("no Version line")
while not os.path.exists(stop):
    paths = [os.path.join(ws, "nativepkg.lock")]
    for root, _, files in os.walk(os.path.join(ws, ".nativepkg")):
        paths += [os.path.join(root, f) for f in files if f != "stat-cache"]
    for p in paths:
        try:
            text = open(p, encoding="utf-8").read()
        except FileNotFoundError:
            continue
        try:
            check(p, text)
        except Exception as e:
            print("PARTIAL %s: %s" % (p, e))
            sys.exit(1)
        seen += 1
    # The writers start only after one whole pass (a barrier, not a head start in time).
    if not os.path.exists(ready):
        open(ready, "w").close()
print(seen)
PY
python3 "$WORK/reader.py" "$WORK/ws" "$WORK/stop" "$WORK/ready" >"$WORK/reader.out" &
reader=$!
for _ in $(seq 600); do
	[ -f "$WORK/ready" ] && break
	kill -0 "$reader" 2>/dev/null || break
	sleep 0.05
done
[ -f "$WORK/ready" ] || { cat "$WORK/reader.out"; fail "the reader did not finish its first pass"; }
files=$(find "$WORK/ws/.nativepkg" -type f ! -name stat-cache | wc -l)
for i in $(seq 16); do
	if [ $((i % 2)) = 0 ]; then
		NATIVEPKG_ZLIB_ROOT="$fixture" "$NP" resolve >"$WORK/out.$i" 2>"$WORK/err.$i" &
	else
		"$NP" resolve >"$WORK/out.$i" 2>"$WORK/err.$i" &
	fi
	eval "pid$i=\$!"
done
for i in $(seq 16); do
	eval "wait \$pid$i" || { cat "$WORK/err.$i"; fail "resolve $i failed"; }
done
touch "$WORK/stop"
wait "$reader" || { cat "$WORK/reader.out"; fail "the reader saw a partial file"; }
# At least the pass before the writers began; how many more depends on the machine's speed.
[ "$(cat "$WORK/reader.out")" -gt "$files" ] ||
	fail "the reader read only $(cat "$WORK/reader.out") files (one pass is $((files + 1)))"

# The last writer's state: a valid lock and a tree that tell the same answer.
python3 - "$WORK/ws" <<'PY' || fail "the lock and the tree disagree"
import json, sys
ws = sys.argv[1]
lock = json.load(open(ws + "/nativepkg.lock"))
res = json.load(open(ws + "/.nativepkg/resolution.json"))
(entry,) = lock["packages"]
(pkg,) = res["packages"]
assert entry["version"] == pkg["version"], (entry["version"], pkg["version"])
assert entry["method"] == pkg["method"], (entry["method"], pkg["method"])
env = open(ws + "/.nativepkg/env/z.env").read()
assert "DEP_Z_VERSION=%s\n" % pkg["version"] in env, env
PY
run 0 verify
pass "16 concurrent resolves in one workspace: $(cat "$WORK/reader.out") reads, none partial; lock and tree valid and agreeing"
