#!/bin/sh
# Hostile binary-cache objects, in a file:// cache the test fills: a good object, pushed by a
# build, then copies of it with an extra file, an extra symlink, one out of the prefix, a
# symlink chain that would have the relocation rewrite a file outside, the chain listed in the
# manifest, an archive "sha256" that is a path, a listed file the archive lacks, no library, a
# tampered file, a symlink whose target differs, an entry named like nativepkg's marker. Each
# is a warning saying what is wrong and a build from source (exit 0), with nothing written
# outside the work directory, no trace of the object under builds/, downloads/ or tmp/. The
# good object restores (relocated, modes and symlinks kept). Then credentials: an object is
# never uploaded carrying the binary-cache token or a URL's password.
. "$(dirname "$0")/lib.sh"
start_server

# mkproject NAME NOTES: $WORK/src/NAME-1.0.0, a make project installing lib/libNAME.so.1 with
# its symlink lib/libNAME.so, libNAME.a, a .pc file and an executable bin/NAME-config that name
# the prefix (so a restore relocates them), and share/NAME/notes.txt holding NOTES.
mkproject() {
	make_project make "$1" 1.0.0 "$WORK/src/$1-1.0.0"
	printf '%s\n' "$2" >"$WORK/src/$1-1.0.0/notes.txt"
	python3 - "$WORK/src/$1-1.0.0/Makefile" "$1" <<'PY'
import sys
path, name = sys.argv[1:3]
rules = [
    ("all: lib$(NAME).so.1 lib$(NAME).a", []),
    ("$(NAME).o: $(NAME).c", ["$(CC) $(CFLAGS) -fPIC -c $(NAME).c -o $@"]),
    ("lib$(NAME).a: $(NAME).o", ["$(AR) rcs $@ $(NAME).o"]),
    ("lib$(NAME).so.1: $(NAME).o",
     ["$(CC) -shared -Wl,-soname,lib$(NAME).so.1 -o $@ $(NAME).o $(LDFLAGS)"]),
    ("install: all", [
        "mkdir -p $(D)/lib/pkgconfig $(D)/include $(D)/bin $(D)/share/$(NAME)",
        "cp lib$(NAME).a lib$(NAME).so.1 $(D)/lib/",
        "ln -sf lib$(NAME).so.1 $(D)/lib/lib$(NAME).so",
        "cp $(NAME).h $(D)/include/",
        "printf 'prefix=%s\\nlibdir=$${prefix}/lib\\nincludedir=$${prefix}/include\\n\\n"
        "Name: $(NAME)\\nDescription: test\\nVersion: 1.0.0\\nLibs: -L$${libdir} -l$(NAME)\\n"
        "Cflags: -I$${includedir}\\n' '$(PREFIX)' >$(D)/lib/pkgconfig/$(NAME).pc",
        "printf '#!/bin/sh\\necho %s\\n' '$(PREFIX)' >$(D)/bin/$(NAME)-config",
        "chmod 755 $(D)/bin/$(NAME)-config",
        "cp notes.txt $(D)/share/$(NAME)/",
    ]),
]
with open(path, "w") as f:
    f.write("NAME = %s\nPREFIX ?= /usr/local\nD = $(DESTDIR)$(PREFIX)\n" % name)
    for head, cmds in rules:
        f.write(head + "\n" + "".join("\t" + c + "\n" for c in cmds))
PY
	pack "$WORK/src/$1-1.0.0" tar.gz "$WORK/www/$1.tar.gz"
}

# Each step starts from a fresh cache; the workspace's lock would answer from the last one.
fresh_cache() {
	export NATIVEPKG_CACHE_DIR="$1"
	rm -rf "$WORK/ws/nativepkg.lock" "$WORK/ws/.nativepkg"
}

# What a prefix holds: each path with its type.
listing() {
	(cd "$1" && find . -mindepth 1 -printf '%P %y\n' | LC_ALL=C sort)
}

# The victims a hostile object aims at, outside every cache; their bytes, inode and mtime.
victims() {
	for f in "$WORK"/outside/*; do
		printf '%s %s\n' "$(stat -c '%n %i %s %y' "$f")" "$(sha256 "$f")"
	done
}

# --- the good object ------------------------------------------------------------------------
mkproject npr "nothing secret"
recipe npr 1.0.0 make "file://$WORK/www/npr.tar.gz" "$(sha256 "$WORK/www/npr.tar.gz")"
BC="$WORK/bc"
mkdir -p "$BC"
export NATIVEPKG_BINARY_CACHE="file://$BC"
fresh_cache "$WORK/cache-first"
run 0 --mode build resolve npr
contains "$ERR" "building npr"
first=$(ls -d "$WORK"/cache-first/builds/npr-1.0.0-*)
obj=$(ls "$BC"/npr-1.0.0-*.json)
obj=${obj%.json}
[ -f "$obj.tar.gz" ] || fail "no archive was uploaded"
cp "$obj.json" "$WORK/good.json"
cp "$obj.tar.gz" "$WORK/good.tar.gz"
listing "$first" | grep -v '^\.nativepkg-build\.json ' >"$WORK/first.listing"
# The victims, made again before each case so that one case's harm does not blur the next.
# The .pc holds the original builds directory, which a restore rewrites.
make_victims() {
	rm -rf "$WORK/outside"
	mkdir -p "$WORK/outside"
	printf 'prefix=%s/npr-1.0.0-0000\n' "$WORK/cache-first/builds" >"$WORK/outside/victim.pc"
	printf 'a library that is not the build\n' >"$WORK/outside/victim.so"
	touch -d '2001-02-03 04:05:06' "$WORK"/outside/*
	victims >"$WORK/victims.before"
}
make_victims
# From now on the cache is read-only: the hostile objects stay as they are.
export NATIVEPKG_BINARY_CACHE="ro:file://$BC"

# Positive control: the object as pushed restores, without building.
fresh_cache "$WORK/cache-good"
run 0 --mode build resolve npr
contains "$ERR" "restoring npr 1.0.0 from file://$BC"
grep -q "building npr\|warning" "$ERR" && { cat "$ERR"; fail "the good object was not restored"; }
contains "$OUT" "npr 1.0.0 via cache"
good=$(ls -d "$WORK"/cache-good/builds/npr-1.0.0-*)
listing "$good" >"$WORK/good.listing"
diff "$WORK/good.listing" "$(listing "$first" >"$WORK/first.full" && echo "$WORK/first.full")" ||
	fail "the restored prefix differs from the one built"
grep -qx "prefix=$good" "$good/lib/pkgconfig/npr.pc" || fail "npr.pc was not relocated"
[ -x "$good/bin/npr-config" ] || fail "npr-config lost its mode in the relocation"
[ "$("$good/bin/npr-config")" = "$good" ] || fail "npr-config was not relocated"
[ "$(readlink "$good/lib/libnpr.so")" = libnpr.so.1 ] || fail "the symlink libnpr.so was not restored"
check_program npr 1.0.0 --mode build
pass "the good object restores: relocated .pc and -config (still executable), its symlink kept"

# --- hostile copies of it ---------------------------------------------------------------------
# tamper CASE: the cache's object becomes the good one changed as CASE says.
tamper() {
	python3 - "$1" "$WORK/good.json" "$WORK/good.tar.gz" "$obj.json" "$obj.tar.gz" \
		"$WORK/outside" <<'PY'
import hashlib, io, json, os, sys, tarfile
case, good_json, good_tar, out_json, out_tar, outside = sys.argv[1:7]
m = json.load(open(good_json))
src = tarfile.open(good_tar, "r:gz")
members = [(ti, src.extractfile(ti).read() if ti.isfile() else None) for ti in src.getmembers()]

def sha(b):
    return hashlib.sha256(b).hexdigest()

def entry(name, kind, data=None, target=None):
    ti = tarfile.TarInfo(name)
    ti.type, ti.mode = kind, 0o755
    if kind == tarfile.SYMTYPE:
        ti.linkname = target
    if data is not None:
        ti.size = len(data)
    return (ti, data)

def drop(prefix):
    members[:] = [x for x in members if not x[0].name.startswith(prefix)]
    for key in ("files", "links"):
        if key in m:
            m[key] = [e for e in m[key] if not e["path"].startswith(prefix)]
    if "dirs" in m:
        m["dirs"] = [d for d in m["dirs"] if not d.startswith(prefix)]

# x/s -> . and x/cN -> c(N-1)/.. each stay inside read as text, but x/c0 is really the
# prefix and x/c3 four levels above it: the test's work directory, which holds outside/.
chain = [entry("x", tarfile.DIRTYPE), entry("x/s", tarfile.SYMTYPE, target="."),
         entry("x/c0", tarfile.SYMTYPE, target="s/..")]
chain += [entry("x/c%d" % i, tarfile.SYMTYPE, target="c%d/.." % (i - 1)) for i in (1, 2, 3)]

if case == "extra-file":
    members.append(entry("lib/libnpr-extra.so", tarfile.REGTYPE, b"not built here\n"))
elif case == "extra-symlink":
    members.append(entry("lib/libnpr-extra.so", tarfile.SYMTYPE, target="libnpr.so.1"))
elif case == "extra-symlink-out":
    members.extend(chain)
    members.append(entry("lib/libnpr-evil.so", tarfile.SYMTYPE, target="../x/c3/outside/victim.so"))
elif case == "symlink-chain":
    # lib/pkgconfig becomes the chain's way out; the manifest lists everything, and the
    # victim as lib/pkgconfig/victim.pc with its real size and hash.
    victim = open(os.path.join(outside, "victim.pc"), "rb").read()
    drop("lib/pkgconfig")
    link = entry("lib/pkgconfig", tarfile.SYMTYPE, target="../x/c3/outside")
    members.extend(chain + [link])
    m["files"].append({"path": "lib/pkgconfig/victim.pc", "size": len(victim), "sha256": sha(victim)})
    if "dirs" in m:
        m["dirs"].append("x")
        m["links"] += [{"path": ti.name, "target": ti.linkname} for ti, _ in chain + [link]
                       if ti.issym()]
elif case == "listed-chain":
    # The same chain, every link listed with its target: x/c0 goes through the symlink x/s.
    members.extend(chain)
    members.append(entry("lib/libnpr-evil.so", tarfile.SYMTYPE, target="../x/c3/outside/victim.so"))
    if "dirs" in m:
        m["dirs"].append("x")
        m["links"] += [{"path": ti.name, "target": ti.linkname} for ti, _ in members[-6:]
                       if ti.issym()]
elif case == "hash-path":
    # The archive's sha256 names its file in downloads/sha256/: here, the victim.
    m["archive"] = {"sha256": "./" * 19 + "../../../outside/victim.so", "size": 1}
    json.dump(m, open(out_json, "w"), indent=2)
    sys.exit(0)
elif case == "absent":
    m["files"].append({"path": "include/npr-extra.h", "size": 0, "sha256": sha(b"")})
elif case == "no-library":
    drop("lib/libnpr.so")
elif case == "tampered":
    members[:] = [(ti, d.replace(b"NPR_VERSION", b"NPR_VERSIOM") if ti.name == "include/npr.h" else d)
                  for ti, d in members]
elif case == "link-target":
    members[:] = [entry(ti.name, tarfile.SYMTYPE, target="libnpr.a") if ti.name == "lib/libnpr.so"
                  else (ti, d) for ti, d in members]
elif case == "marker":
    members.append(entry(".nativepkg-build.json", tarfile.DIRTYPE))
else:
    sys.exit("tamper: unknown case " + case)
with tarfile.open(out_tar, "w:gz", format=tarfile.PAX_FORMAT) as t:
    for ti, data in members:
        t.addfile(ti, io.BytesIO(data) if data is not None else None)
data = open(out_tar, "rb").read()
m["archive"] = {"sha256": sha(data), "size": len(data)}
json.dump(m, open(out_json, "w"), indent=2)
PY
}

# case_hostile CASE WHAT...: with the object tampered as CASE says, a resolve warns naming the
# problem (each WHAT; "A|B": A or B, for a problem extraction may already refuse), builds npr
# here and exits 0; nothing outside changed, and the object left no trace in the cache.
case_hostile() {
	case=$1
	shift
	make_victims
	tamper "$case"
	bad=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["archive"]["sha256"])' "$obj.json")
	fresh_cache "$WORK/cache-$case"
	run 0 --mode build resolve npr
	victims | diff "$WORK/victims.before" - || fail "$case: a file outside the work directory changed"
	contains "$ERR" "warning: npr: binary cache file://$BC: "
	for what in "$@"; do
		grep -F "warning: npr: binary cache" "$ERR" | grep -qF -e "${what%%|*}" -e "${what#*|}" ||
			{ cat "$ERR" >&2; fail "$case: the warning does not say: $what"; }
	done
	contains "$ERR" "building npr"
	contains "$OUT" "npr 1.0.0 via build"
	built=$(ls -d "$WORK/cache-$case"/builds/*)
	[ "$(echo "$built" | wc -l)" = 1 ] || fail "$case: builds/ holds more than the build: $built"
	listing "$built" | grep -v '^\.nativepkg-build\.json ' | diff "$WORK/first.listing" - ||
		fail "$case: the build's prefix holds something of the object"
	case $bad in
	*[!0-9a-f]*) ;;
	*) [ ! -e "$WORK/cache-$case/downloads/sha256/$bad" ] || fail "$case: the object's archive was kept" ;;
	esac
	[ -z "$(ls "$WORK/cache-$case/tmp")" ] || fail "$case: tmp/ holds $(ls "$WORK/cache-$case/tmp")"
	check_program npr 1.0.0 --mode build
	pass "$case: $(grep -F 'warning: npr: binary cache' "$ERR" | sed 's/.*file:[^ ]*: //')"
}

# Each case runs in a subshell, so one that fails does not hide the others.
FAILED=
hostile() {
	set +e
	(
		set -e
		trap - EXIT
		case_hostile "$@"
	)
	status=$?
	set -e
	[ "$status" = 0 ] || FAILED="$FAILED $1"
}
hostile extra-file "the archive holds the file lib/libnpr-extra.so, which its manifest does not list"
hostile extra-symlink "the archive holds the symlink lib/libnpr-extra.so, which its manifest does not list"
hostile extra-symlink-out "the archive holds the symlink lib/libnpr-evil.so, which its manifest does not list|unsafe entry 'x/c1': symlink to 'c0/..'"
hostile symlink-chain "lib/pkgconfig/victim.pc lies under the symlink lib/pkgconfig"
hostile listed-chain "the symlink x/c0 -> s/.. passes through the symlink x/s"
hostile hash-path "its manifest's archive sha256 is not 64 lowercase hex digits"
hostile absent "its manifest lists the file include/npr-extra.h, which the archive does not hold"
hostile no-library "it is not a complete build: the build in the unpacked prefix: no shared library libnpr.so in lib,"
hostile tampered "include/npr.h does not match its manifest: sha256 "
hostile link-target "the symlink lib/libnpr.so points to libnpr.a in the archive but to libnpr.so.1 in its manifest"
hostile marker "the archive holds the directory .nativepkg-build.json, which its manifest does not list"
[ -z "$FAILED" ] || fail "hostile objects not refused:$FAILED"
cp "$WORK/good.json" "$obj.json"
cp "$WORK/good.tar.gz" "$obj.tar.gz"

# --- credentials never travel in an object ----------------------------------------------------
# The binary-cache token in what a build installed: not uploaded (a warning; `cache push`
# fails), and nothing in the cache holds it.
SECRETS="$WORK/bc-secrets"
mkdir -p "$SECRETS"
export NATIVEPKG_BINARY_CACHE="file://$SECRETS" NATIVEPKG_BINARY_CACHE_TOKEN=tok-3c7e9a1f5b2d
mkproject nps "a token: tok-3c7e9a1f5b2d"
recipe nps 1.0.0 make "file://$WORK/www/nps.tar.gz" "$(sha256 "$WORK/www/nps.tar.gz")"
fresh_cache "$WORK/cache-token"
run 0 --mode build resolve nps
contains "$ERR" "warning: nps: not uploaded to the binary cache: share/nps/notes.txt holds a credential"
run 1 cache push nps
contains "$ERR" "nps: not uploaded to the binary cache: share/nps/notes.txt holds a credential"
[ -z "$(ls "$SECRETS")" ] || fail "an object holding the token was uploaded: $(ls "$SECRETS")"
grep -rq "3c7e9a1f5b2d" "$OUT" "$ERR" && fail "the token was printed"
unset NATIVEPKG_BINARY_CACHE_TOKEN
pass "an object that would carry the binary-cache token is not uploaded"

# A password in the source's URL (the server wants credentials): the object is uploaded
# without it anywhere, and restores; a build that installed the password is not uploaded.
mkproject npu "nothing secret"
recipe npu 1.0.0 make "http://npuser:pa55-w0rd-9x@127.0.0.1:${URL##*:}/auth/npu.tar.gz" \
	"$(sha256 "$WORK/www/npu.tar.gz")"
fresh_cache "$WORK/cache-url"
run 0 --mode build resolve npu
grep -q "warning" "$ERR" && { cat "$ERR"; fail "the push of npu warned"; }
ls "$SECRETS"/npu-1.0.0-*.json >/dev/null 2>&1 || fail "npu was not uploaded"
grep -rq "pa55-w0rd-9x" "$SECRETS" && fail "the source URL's password went into the binary cache"
fresh_cache "$WORK/cache-url2"
run 0 --mode build resolve npu
contains "$ERR" "restoring npu 1.0.0 from file://$SECRETS"
mkproject npv "the password: pa55-w0rd-9x"
recipe npv 1.0.0 make "http://npuser:pa55-w0rd-9x@127.0.0.1:${URL##*:}/auth/npv.tar.gz" \
	"$(sha256 "$WORK/www/npv.tar.gz")"
run 0 --mode build resolve npv
contains "$ERR" "warning: npv: not uploaded to the binary cache: share/npv/notes.txt holds a credential"
grep -rq "pa55-w0rd-9x" "$SECRETS" && fail "the source URL's password went into the binary cache"
pass "a password in a source URL: the object is uploaded without it; a build holding it is not uploaded"
