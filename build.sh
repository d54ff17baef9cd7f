#!/usr/bin/env bash
# build.sh — build, serve and test orylogin.
#
#   ./build.sh build   dist/: orylogin.wasm and orylogin-offline.wasm (+ .br, .gz), wasm_exec.js, orylogin.js, orylogin.d.ts, the demo page
#   ./build.sh serve   build, then the dev server on http://127.0.0.1:8080 with a local real Kratos and a demo identity;
#                      ORY_URL=https://<slug>.projects.oryapis.com ./build.sh serve proxies that Ory under /ory/ instead
#   ./build.sh test    install what the tests need, then go vet, Go tests (host and js/wasm under Node), build, JS/e2e tests;
#                      KRATOS_BIN=/path/to/kratos ./build.sh test runs every test that needs a real Kratos (Go host
#                      tests, the dev server under the Chromium tests, kratosdev under the Node tests) on that binary
#                      (e.g. a v26.2.0 build) instead of v1.3.1 from the Go module proxy; serve, bench and guide too
#   ./build.sh bench   build, then measure size, time to ready, per-step overhead against a plain-fetch floor and memory
#                      (wasm/cmd/bench + web/bench/; prints a table, writes dist/bench.json; flags after "bench" go to it)
#   ./build.sh guide   run docs/rest-login.sh against local Kratos (v1.3.1, and KRATOS_BIN=/path when set) with
#                      required_aal aal1 and highest_available, and write Ory's answers into docs/rest-login.md
#   ./build.sh examples  build, then the React + Vite example into dist/examples/react-vite (npm deps cached outside the repo)
#   ./build.sh screenshots  build, then PNGs of each step of the demo page against a local Kratos, at desktop
#                      (1280x800) and mobile (390x844) width, into dist/screenshots/ (web/e2e/screenshots.mjs)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# Test-only tools live outside the repository, so clean checkouts reuse them.
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/orylogin"
NODE_DEPS="$CACHE/node"                 # npm ci of web/package-lock.json (playwright-core, axe-core), one dir per lockfile
BIN=.cache/bin                          # per-checkout binaries (gitignored)
PAGE_FILES=(web/app.js web/view.js web/app.css web/orylogin.config.json) # the page and its default config (offline; the dev server serves its own)
MODULE_FILES=(web/orylogin.js web/orylogin.d.ts)
EXAMPLES_STATIC=(static headless)       # web/examples/NAME copied as they are to dist/examples/NAME
REACT_DEPS="$CACHE/react-vite"          # npm ci of web/examples/react-vite/package-lock.json (React, Vite)

log() { printf '%s\n' "$*" >&2; }
die() { log "build.sh: $*"; exit 1; }

# as_root runs a command as root (directly, or through sudo when present).
as_root() {
	if [[ $(id -u) == 0 ]]; then "$@"
	elif command -v sudo >/dev/null; then sudo "$@"
	else die "need root for: $*"
	fi
}

# apt_ensure installs Debian packages whose probe path is missing: apt_ensure PATH PKG [PATH PKG]...
apt_ensure() {
	local missing=()
	while (($#)); do
		[[ -e $1 ]] || missing+=("$2")
		shift 2
	done
	((${#missing[@]})) || return 0
	log "installing ${missing[*]} from apt"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
}

# compress writes WASM.br (brotli -q 11, ~20 s) and WASM.gz, unless the
# wasm is byte-identical to the one they were made from: compress WASM.
compress() {
	local wasm=$1 sum
	local stamp=$(dirname "$wasm")/.$(basename "$wasm").sha256
	sum=$(sha256sum "$wasm" | cut -d' ' -f1)
	if [[ -f $stamp && $(<"$stamp") == "$sum" && -f $wasm.br && -f $wasm.gz ]]; then
		touch "$wasm.br" "$wasm.gz" # newer than the wasm: the dev server serves only fresh variants
		log "compress: $wasm unchanged, kept $wasm.br and $wasm.gz"
		return
	fi
	command -v brotli >/dev/null || apt_ensure /usr/bin/brotli brotli
	rm -f "$stamp"
	brotli -q 11 -f -o "$wasm.br.tmp" "$wasm"
	mv -f "$wasm.br.tmp" "$wasm.br"
	gzip -9 -n -c "$wasm" >"$wasm.gz.tmp"
	mv -f "$wasm.gz.tmp" "$wasm.gz"
	touch "$wasm.br" "$wasm.gz" # brotli copies the wasm's mtime (to the second): older would read as stale
	printf '%s\n' "$sum" >"$stamp"
	log "compress: $wasm $(stat -c %s "$wasm") bytes -> br $(stat -c %s "$wasm.br"), gz $(stat -c %s "$wasm.gz")"
}

# WASM_MODFILE is the go.mod every js/wasm build, vet and test reads:
# client-go without its net/http files and its models' JSON methods
# (wasm/cmd/wasmmod says why), so the
# dependency graph that ships is the one tested.
WASM_MODFILE=.cache/wasm/go.mod
wasm_modfile() {
	[[ $(go run ./wasm/cmd/wasmmod -out .cache/wasm) == "$WASM_MODFILE" ]] || die "wasmmod wrote an unexpected go.mod"
}

# module_version is OryLogin.version: $ORYLOGIN_VERSION for a release,
# else "devel+" and the commit ("+dirty" with uncommitted changes), "devel"
# outside git.
module_version() {
	local rev
	if [[ -n ${ORYLOGIN_VERSION:-} ]]; then
		printf '%s\n' "$ORYLOGIN_VERSION"
	elif rev=$(git rev-parse --short=12 HEAD 2>/dev/null); then
		[[ -z $(git status --porcelain 2>/dev/null) ]] || rev+=+dirty
		printf 'devel+%s\n' "$rev"
	else
		printf 'devel\n'
	fi
}

cmd_build() {
	mkdir -p dist
	wasm_modfile
	# Two builds of one program: orylogin.wasm for pages on a real Ory, and
	# orylogin-offline.wasm with the offline Ory for demos and tests (load({
	# offline: true }) or an <ory-login offline> on the page picks it).
	local ldflags="-s -w -X main.version=$(module_version)"
	GOOS=js GOARCH=wasm go build -modfile="$WASM_MODFILE" -trimpath -ldflags="$ldflags" -o dist/orylogin.wasm ./wasm/cmd/orylogin
	GOOS=js GOARCH=wasm go build -modfile="$WASM_MODFILE" -tags orylogin_offline -trimpath -ldflags="$ldflags" \
		-o dist/orylogin-offline.wasm ./wasm/cmd/orylogin
	cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" dist/wasm_exec.js
	cp "${MODULE_FILES[@]}" "${PAGE_FILES[@]}" dist/
	cp web/npm/package.json dist/package.json # dist/ is also the npm package "orylogin"
	cp index.html dist/index.html
	local ex
	for ex in "${EXAMPLES_STATIC[@]}"; do
		rm -rf "dist/examples/$ex"
		mkdir -p dist/examples
		cp -r "web/examples/$ex" "dist/examples/$ex"
	done
	compress dist/orylogin.wasm
	compress dist/orylogin-offline.wasm
	log "build: dist/ ready"
}

# devserver_bin builds the dev server once into .cache/bin and prints its path.
devserver_bin() {
	mkdir -p "$BIN"
	go build -o "$BIN/devserver" ./wasm/cmd/devserver
	printf '%s\n' "$PWD/$BIN/devserver"
}

# KRATOS_BIN, when set, names the Kratos binary that every Kratos started
# here runs (wasm/internal/kratoslocal reads it, in the Go tests and in the
# dev server and kratosdev the JS tests start); made absolute, since the
# tests run in their packages' directories.
if [[ -n ${KRATOS_BIN:-} ]]; then
	[[ -x $KRATOS_BIN && -f $KRATOS_BIN ]] || die "KRATOS_BIN=$KRATOS_BIN is not an executable file"
	KRATOS_BIN=$(realpath "$KRATOS_BIN")
	export KRATOS_BIN
fi

# kratos_build builds the local Kratos v1.3.1 (cached outside the repo;
# minutes the first time), or with KRATOS_BIN set checks that binary; it
# prints the binary's path, and its release on stderr.
kratos_build() {
	go run ./wasm/cmd/kratosdev build
}

# cmd_serve builds and runs the dev server. With the local Kratos its banner
# also prints the line that runs docs/rest-login.sh (the REST guide) against
# that Kratos, the code read from /dev/inbox/code: curl and jq are installed
# for it.
cmd_serve() {
	cmd_build
	local server args=(-addr 127.0.0.1:8080 -dist dist)
	server=$(devserver_bin)
	if [[ -n ${ORY_URL:-} ]]; then
		args+=(-ory "$ORY_URL")
	else
		apt_ensure /usr/bin/jq jq /usr/bin/curl curl
		kratos_build >/dev/null
	fi
	exec "$server" "${args[@]}"
}

# node_deps installs web/package-lock.json into $NODE_DEPS/<hash of the
# lockfile> (npm ci, once per lockfile) and links web/node_modules to it:
# ES-module imports resolve through node_modules folders only. One dir per
# lockfile, so checkouts with different lockfiles never reinstall each
# other's modules under a running test.
node_deps() {
	local stamp want dir
	want=$(cat web/package.json web/package-lock.json | sha256sum | cut -d' ' -f1)
	dir="$NODE_DEPS/$want"
	mkdir -p "$dir"
	(
		flock 9
		stamp="$dir/.lock.sha256"
		if [[ ! -f $stamp || $(<"$stamp") != "$want" || ! -d $dir/node_modules/playwright-core || ! -d $dir/node_modules/axe-core ]]; then
			cp web/package.json web/package-lock.json "$dir/"
			(cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts </dev/null)
			printf '%s\n' "$want" >"$stamp"
		fi
	) 9>"$CACHE/node.lock"
	if [[ -L web/node_modules || ! -e web/node_modules ]]; then
		ln -sfn "$dir/node_modules" web/node_modules
	else
		die "web/node_modules is a real directory; remove it so it can link to $dir/node_modules"
	fi
}

# react_deps installs web/examples/react-vite's lockfile into $REACT_DEPS (npm
# ci, only when the lockfile changed) and links the example's node_modules to
# it, as node_deps does for the tests.
react_deps() {
	local ex=web/examples/react-vite stamp want
	want=$(cat "$ex/package.json" "$ex/package-lock.json" | sha256sum | cut -d' ' -f1)
	mkdir -p "$REACT_DEPS"
	(
		flock 9
		stamp="$REACT_DEPS/.lock.sha256"
		if [[ ! -f $stamp || $(<"$stamp") != "$want" || ! -x $REACT_DEPS/node_modules/.bin/vite ]]; then
			cp "$ex/package.json" "$ex/package-lock.json" "$REACT_DEPS/"
			(cd "$REACT_DEPS" && npm ci --no-audit --no-fund </dev/null)
			printf '%s\n' "$want" >"$stamp"
		fi
	) 9>"$CACHE/react-vite.lock"
	if [[ -L $ex/node_modules || ! -e $ex/node_modules ]]; then
		ln -sfn "$REACT_DEPS/node_modules" "$ex/node_modules"
	else
		die "$ex/node_modules is a real directory; remove it so it can link to $REACT_DEPS/node_modules"
	fi
}

# build_react_example type-checks the React example against dist/'s
# orylogin.d.ts and builds it with Vite into dist/examples/react-vite; dist/
# must be built.
build_react_example() {
	[[ -f dist/package.json ]] || die "dist/ is not built: run ./build.sh build first"
	react_deps
	(
		cd web/examples/react-vite
		node_modules/.bin/tsc --noEmit -p .
		node_modules/.bin/vite build --logLevel warn </dev/null
	)
	log "examples: dist/examples/react-vite ready"
}

cmd_examples() {
	cmd_build
	build_react_example
}

# cmd_screenshots writes PNGs of each step of the demo page (against a local
# real Kratos through the dev server) at desktop and mobile width into
# dist/screenshots/, for a person to look at; it asserts nothing.
cmd_screenshots() {
	apt_ensure /usr/bin/chromium chromium
	node_deps
	kratos_build >&2
	cmd_build
	rm -rf dist/screenshots
	ORYLOGIN_DEVSERVER="$(devserver_bin)" CHROMIUM="${CHROMIUM:-/usr/bin/chromium}" \
		node web/e2e/screenshots.mjs dist/screenshots
}

# Hardening (faults, misuse, fuzzing, secrets, browser security,
# endurance): the fault proxy the browser tests put between Chromium and
# Kratos, bounded runs of every fuzz target, and a summary of what was tried,
# summed from the JSON lines that the tests and fuzz_all append to
# $HARDENING_REPORT.
HARDENING_REPORT=.cache/hardening.jsonl
FUZZ_TARGETS=(wasm/ory:FuzzAnswer wasm/ory:FuzzLeanDecoder wasm/ory:FuzzWireDecode wasm/ory:FuzzUnmarshalTime wasm/ory:FuzzMaskRequest
	wasm/offline:FuzzDo wasm/machine:FuzzMachine wasm/internal/weburl:FuzzWebURL wasm/internal/jsonwire:FuzzValidAndAny wasm/internal/jsonwire:FuzzKey
	wasm/internal/jsonwire:FuzzAppendStringMatchesEncodingJSON wasm/internal/jsonwire:FuzzAppendFloatMatchesEncodingJSON
	wasm/internal/jsonwire:FuzzAppendAnyMatchesEncodingJSON wasm/contract:FuzzStateAppendJSONMatchesMarshal
	wasm/contract:FuzzDecodeMessage)
FUZZTIME=${FUZZTIME:-20s}

faultproxy_bin() {
	mkdir -p "$BIN"
	go build -o "$BIN/faultproxy" ./wasm/cmd/faultproxy
}

# fuzz_all runs each fuzz target for $FUZZTIME and reports how many inputs
# it executed (0 is a failure: a fuzz run that tried nothing proves nothing).
# Minimizing is off: Go spends up to a minute shrinking each new interesting
# input, uncounted, which in a 20 s run left as few as 58 executions; a
# failing input is still saved to testdata/fuzz, only not shrunk.
# fuzz_one fuzzes one target for $FUZZTIME and prints go test's output. Go
# 1.26's fuzz coordinator can fail a run that found nothing with a bare
# "context deadline exceeded" as -fuzztime ends (golang/go#75804, fixed in
# Go 1.27): such a run, with no failing input written, is run once more,
# and only the second run counts.
fuzz_one() {
	local pkg=$1 name=$2 out
	local cmd=(go test -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" -fuzzminimizetime 0 "$pkg")
	if out=$("${cmd[@]}" 2>&1); then
		printf '%s\n' "$out"
		return 0
	fi
	if grep -q '^    context deadline exceeded$' <<<"$out" && ! grep -q 'Failing input written' <<<"$out"; then
		printf 'fuzz %s: go#75804 (context deadline exceeded at -fuzztime, no failing input): run again\n' "$name" >&2
		"${cmd[@]}" 2>&1
		return
	fi
	printf '%s\n' "$out"
	return 1
}

fuzz_all() {
	local t pkg name out execs rc=0
	for t in "${FUZZ_TARGETS[@]}"; do
		pkg=./${t%%:*} name=${t##*:}
		if ! out=$(fuzz_one "$pkg" "$name"); then
			printf '%s\n' "$out" | tail -40
			rc=1
		fi
		execs=$(printf '%s\n' "$out" | sed -n 's/.*execs: \([0-9]*\).*/\1/p' | tail -1)
		execs=${execs:-0}
		printf 'fuzz %s (%s): %s executions in %s\n' "$name" "$pkg" "$execs" "$FUZZTIME"
		printf '{"kind":"fuzz","target":"%s","package":"%s","execs":%s,"fuzztime":"%s"}\n' \
			"$name" "$pkg" "$execs" "$FUZZTIME" >>"$HARDENING_REPORT"
		((execs > 0)) || rc=1
	done
	return "$rc"
}

# Phases of `test`: each runs in a subshell with errexit on, is timed, and
# leaves its exit status in PHASE_RC; a failure is recorded and the run goes
# on, so one run shows every failing phase. (phase itself never fails: errexit
# would be ignored inside a function called where its status is tested.)
declare -a SUMMARY=()
FAILED=0
PHASE_RC=0
phase() {
	local name=$1 start
	shift
	printf '\n=== %s\n' "$name"
	start=$SECONDS
	set +e
	(
		set -e
		"$@"
	)
	PHASE_RC=$?
	set -e
	local took=$((SECONDS - start))
	if ((PHASE_RC == 0)); then
		SUMMARY+=("ok    $(printf '%4ss' "$took")  $name")
	else
		SUMMARY+=("FAIL  $(printf '%4ss' "$took")  $name (exit $PHASE_RC)")
		FAILED=1
	fi
}

cmd_test() {
	local t0=$SECONDS wasm_exec
	wasm_exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec"
	mkdir -p .cache && : >"$HARDENING_REPORT"
	phase "install: chromium, brotli, jq, curl (apt)" apt_ensure /usr/bin/chromium chromium /usr/bin/brotli brotli \
		/usr/bin/jq jq /usr/bin/curl curl
	phase "install: playwright-core, axe-core (npm ci, cached)" node_deps
	phase "install: kratos (go run ./wasm/cmd/kratosdev build${KRATOS_BIN:+; KRATOS_BIN=$KRATOS_BIN})" kratos_build
	phase "go vet (host)" go vet ./...
	phase "wasm go.mod (wasm/cmd/wasmmod)" wasm_modfile
	phase "go vet (js/wasm)" env GOOS=js GOARCH=wasm go vet -modfile="$WASM_MODFILE" ./...
	phase "go test (host)" go test ./...
	phase "fuzz: each target for $FUZZTIME" fuzz_all
	phase "go test (js/wasm under Node)" env GOOS=js GOARCH=wasm go test -modfile="$WASM_MODFILE" -exec="$wasm_exec" ./...
	phase "build" cmd_build
	local built=$PHASE_RC
	if ((built == 0)); then
		phase "build: React example (npm ci, cached; tsc; vite build)" build_react_example
	fi
	phase "devserver binary" devserver_bin
	local devserver=$PHASE_RC
	phase "faultproxy binary" faultproxy_bin
	if ((built == 0 && devserver == 0 && PHASE_RC == 0)); then
		phase "node --test web/ (JS and end-to-end)" env ORYLOGIN_DEVSERVER="$PWD/$BIN/devserver" \
			ORYLOGIN_FAULTPROXY="$PWD/$BIN/faultproxy" ORYLOGIN_HARDENING_REPORT="$PWD/$HARDENING_REPORT" \
			CHROMIUM="${CHROMIUM:-/usr/bin/chromium}" node --test web/
		phase "bench, quick (BENCH_QUICK=1: runs end to end, asserts no timing)" bench_quick
	else
		SUMMARY+=("FAIL     0s  node --test web/ (not run: the build or the dev server failed)")
		FAILED=1
	fi
	phase "hardening: what the tests tried" node web/e2e/hardening-summary.mjs "$HARDENING_REPORT"
	printf '\n=== summary (%ss)\n' "$((SECONDS - t0))"
	printf '%s\n' "${SUMMARY[@]}"
	local failed passed
	failed=$(printf '%s\n' "${SUMMARY[@]}" | grep -c '^FAIL' || true)
	passed=$((${#SUMMARY[@]} - failed))
	printf 'phases: %d passed, %d failed\n' "$passed" "$failed"
	return "$FAILED"
}

cmd_bench() {
	apt_ensure /usr/bin/chromium chromium /usr/bin/brotli brotli
	node_deps
	kratos_build >&2 # its path on stdout is not part of the table
	cmd_build
	local server
	server=$(devserver_bin)
	go run ./wasm/cmd/bench -dist dist -out dist/bench.json -devserver "$server" -goflags "-modfile=$WASM_MODFILE" "$@"
}

# bench_quick runs the whole bench with tiny counts, so that it cannot rot:
# size, ready (and its floors), the slow-network row, time to a usable form of
# <ory-login>, the login rounds, memory and every budget line must produce
# figures (wasm/cmd/bench fails otherwise); it never checks a timing.
bench_quick() {
	BENCH_QUICK=1 go run ./wasm/cmd/bench -dist dist -out .cache/bench-quick.json -devserver "$PWD/$BIN/devserver" \
		-goflags "-modfile=$WASM_MODFILE"
}

# cmd_guide refreshes the answers in docs/rest-login.md from real runs of
# docs/rest-login.sh (wasm/cmd/restguide): against the v1.3.1 build, and
# against KRATOS_BIN too when it names another Kratos (its version's answers
# are rewritten; the others are kept). It fails, writing nothing, when the
# guide's commands and the script's differ.
cmd_guide() {
	apt_ensure /usr/bin/jq jq /usr/bin/curl curl
	local bins=(-kratos "$(env -u KRATOS_BIN go run ./wasm/cmd/kratosdev build)")
	[[ -z ${KRATOS_BIN:-} ]] || bins+=(-kratos "$KRATOS_BIN")
	go run ./wasm/cmd/restguide -md docs/rest-login.md -script docs/rest-login.sh "${bins[@]}"
	log "guide: docs/rest-login.md's answers rewritten"
}

case "${1:-}" in
build) cmd_build ;;
examples) cmd_examples ;;
guide) cmd_guide ;;
serve) cmd_serve ;;
screenshots) cmd_screenshots ;;
test) cmd_test ;;
bench)
	shift
	cmd_bench "$@"
	;;
*)
	log "usage: ./build.sh build|serve|test|bench|guide|examples|screenshots"
	exit 2
	;;
esac
