#!/usr/bin/env bash
# rest-login.sh: the whole Ory login over REST, exactly as docs/rest-login.md
# tells it. The password first (AAL1), then a one-time code sent by email
# (AAL2), once as an API flow (session token) and once as a browser flow
# (cookie jar and csrf_token). It needs curl and jq.
#
#   ORY_URL=http://127.0.0.1:4433 ORY_IDENTIFIER=demo@example.com ORY_PASSWORD=… docs/rest-login.sh
#
# ORY_URL is Kratos's public URL or an Ory Network project's
# (https://<slug>.projects.oryapis.com). The code comes from ORY_CODE_COMMAND
# when it is set (a shell command whose standard output is the code, e.g. a
# curl of the dev server's inbox), else the script asks on the terminal.
# Every request and Ory's answer (trimmed) are printed with the password, the
# code, the session token and the csrf_token masked. Each flow ends with the
# line "aal2 session <session id>"; the exit status is non-zero, after one
# line saying which step failed and what Ory answered, when a step fails.
# It works with Kratos v1.3.1 and v26 and with session.whoami.required_aal
# aal1 or highest_available. Everything below the line "the guide's
# commands" is docs/rest-login.md's commands, in order (a test compares them).
set -euo pipefail

# ---- the runner: checks, logging and masking (not part of the guide) ----
for v in ORY_URL ORY_IDENTIFIER ORY_PASSWORD; do
	[[ -n ${!v:-} ]] || { echo "rest-login.sh: set $v (see docs/rest-login.md)" >&2; exit 2; }
done
for tool in curl jq; do
	command -v "$tool" >/dev/null || { echo "rest-login.sh: $tool is missing (apt-get install $tool)" >&2; exit 2; }
done
ORY_URL=${ORY_URL%/}
exec 3>&1 # the transcript: the commands' own $(…) capture stdout
RUNNER_DIR=$(mktemp -d)
export TMPDIR=$RUNNER_DIR # the guide's mktemp (the cookie jar) lands here and goes at exit
trap 'rm -rf "$RUNNER_DIR"' EXIT
step_name=setup
token='' code='' csrf=''

# step starts one of the guide's steps: step NAME TITLE.
step() {
	step_name=$1
	[[ $1 == setup ]] || printf '\n== %s: %s\n' "$1" "$2" >&3
}

# mask_known replaces the secrets the script holds by *** in its input.
mask_known() {
	local s
	s=$(cat)
	local v
	for v in "$ORY_PASSWORD" "$token" "$code" "$csrf"; do
		[[ -n $v ]] && s=${s//"$v"/***}
	done
	printf '%s\n' "$s" | sed -E 's/ory_st_[A-Za-z0-9_]+/ory_st_***/g; s/(ory_kratos_session|csrf_token_[A-Za-z0-9_]*)=[^;[:space:]]+/\1=***/g'
}

# trim reduces one of Ory's answers to what the guide shows, secrets masked:
# a flow's id, state, messages and nodes; a session's level, methods and
# identity; an error as it is.
trim() {
	jq '
	def msgs: [.[]? | "\(.id) \(.type): \(.text)"];
	def node: "\(.group)/\(.attributes.name) \(.attributes.type)"
		+ (if .attributes.value == null then ""
		   elif .attributes.name == "csrf_token" and .attributes.value != "" then " = ***"
		   else " = \(.attributes.value | tojson)" end)
		+ (if .meta.label then " (\(.meta.label.id) \(.meta.label.text))" else "" end)
		+ ([.messages[]? | " [\(.id) \(.type): \(.text)]"] | join(""));
	def sess: {id, active, authenticator_assurance_level,
		authentication_methods: [.authentication_methods[]? | "\(.method) \(.aal)"],
		identity: (if .identity then {id: .identity.id, traits: .identity.traits} else .identity end)};
	if type != "object" then .
	elif has("session") then
		(if has("session_token") then {session_token: "ory_st_***"} else {} end)
		+ {session: (.session | sess), continue_with}
	elif has("authenticator_assurance_level") then sess
	elif has("ui") then
		{id, type, state, requested_aal}
		+ (if .active then {active} else {} end)
		+ {messages: (.ui.messages | msgs), nodes: [.ui.nodes[] | node]}
	elif has("logout_token") then {logout_token: "***", logout_url: (.logout_url | sub("token=[^&]+"; "token=***"))}
	else . end' 2>/dev/null || cat
}

# describe prints curl's arguments as a request: method, URL, headers, body.
describe() {
	local method=GET url='' body='' jar='' a
	local -a headers=()
	while (($#)); do
		a=$1
		shift
		case $a in
		-X)
			method=$1
			shift
			;;
		-H)
			headers+=("$1")
			shift
			;;
		--data)
			body=$1
			shift
			;;
		-b)
			jar=1
			shift
			;;
		-c) shift ;;
		-*) ;;
		*) url=$a ;;
		esac
	done
	[[ $body == @* ]] && body=$(<"${body#@}")
	printf '> %s %s\n' "$method" "$url"
	local h
	for h in ${headers[@]+"${headers[@]}"}; do
		case $h in
		[Xx]-[Ss]ession-[Tt]oken:* | [Aa]uthorization:*) h="${h%%:*}: ***" ;;
		esac
		printf '> %s\n' "$h"
	done
	[[ -z $jar ]] || printf '> Cookie: (the cookie jar)\n'
	if [[ -n $body ]]; then
		printf '> %s\n' "$(jq -c 'with_entries(if (.key | IN("password", "code", "csrf_token", "session_token")) and .value != "" then .value = "***" else . end)' <<<"$body" 2>/dev/null || echo '(body)')"
	fi
}

# curl runs the real curl with the guide's arguments and prints the request
# and the answer (masked) on the transcript; the answer body is its output,
# as the real curl's would be. A body "@-" (stdin) is kept in a file of the
# runner's, so that it can be shown and still sent.
curl() {
	local -a args=()
	local a hdr body status
	for a in "$@"; do
		if [[ $a == @- ]]; then
			a=@$RUNNER_DIR/request
			cat >"${a#@}"
		fi
		args+=("$a")
	done
	describe "${args[@]}" | mask_known >&3
	hdr=$RUNNER_DIR/headers body=$RUNNER_DIR/answer
	if ! command curl -D "$hdr" -o "$body" "${args[@]}"; then
		printf 'no answer from %s\n' "$ORY_URL" >"$RUNNER_DIR/last"
		return 1
	fi
	status=$(sed -n '1s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p' "$hdr")
	{
		printf '< HTTP %s\n' "$status"
		if [[ -s $body ]]; then trim <"$body"; else echo '(empty body)'; fi
	} | mask_known >&3
	{ printf 'Ory answered HTTP %s ' "$status" && jq -c '{state, error: .error.id, messages: [.ui.messages[]?.id, .ui.nodes[]?.messages[]?.id]}' "$body"; } >"$RUNNER_DIR/last" 2>/dev/null ||
		printf 'Ory answered HTTP %s, not JSON\n' "$status" >"$RUNNER_DIR/last"
	if [[ -n ${ORY_GUIDE_ANSWERS:-} ]]; then # ./build.sh guide collects the answers
		{
			printf 'HTTP %s\n' "$status"
			if [[ -s $body ]]; then trim <"$body"; else echo '(empty body)'; fi
		} | mask_known >"$ORY_GUIDE_ANSWERS/$step_name"
	fi
	cat "$body"
}

# failed says which step failed and what Ory last answered.
failed() {
	printf 'rest-login.sh: step %s failed (line %s): %s\n' \
		"$step_name" "$1" "$(cat "$RUNNER_DIR/last" 2>/dev/null || echo 'no request made')" >&2
}
trap 'failed $LINENO' ERR

# ---- the guide's commands (docs/rest-login.md, every ```sh block in order) ----
step setup "how the code is read"
read_code() {
	if [ -n "${ORY_CODE_COMMAND:-}" ]; then
		sh -c "$ORY_CODE_COMMAND" | tr -d '[:space:]'
	else
		read -rp "code sent to $ORY_IDENTIFIER: " c </dev/tty && printf '%s' "$c"
	fi
}

step api-create "create an API login flow"
flow=$(curl -sS -H 'Accept: application/json' "$ORY_URL/self-service/login/api")
flow_id=$(jq -er .id <<<"$flow")

step api-password "submit the password"
login=$(jq -n --arg id "$ORY_IDENTIFIER" --arg pw "$ORY_PASSWORD" \
	'{method: "password", identifier: $id, password: $pw}' |
	curl -sS -X POST "$ORY_URL/self-service/login?flow=$flow_id" \
		-H 'Accept: application/json' -H 'Content-Type: application/json' --data @-)
token=$(jq -er .session_token <<<"$login")

step api-whoami-aal1 "who am I, before the second factor"
curl -sS -H 'Accept: application/json' -H "Authorization: Bearer $token" "$ORY_URL/sessions/whoami" |
	jq -c '{aal: .authenticator_assurance_level, error: .error.id}'

step api-aal2 "create the AAL2 flow with the session token"
aal2=$(curl -sS -H 'Accept: application/json' -H "X-Session-Token: $token" \
	"$ORY_URL/self-service/login/api?aal=aal2")
aal2_id=$(jq -er .id <<<"$aal2")

step api-send "send the code (v1.3.1; v26 has sent it already)"
if [ "$(jq -r .state <<<"$aal2")" = choose_method ]; then
	address=$(jq -er '[.ui.nodes[] | select(.attributes.name == "address")][0].attributes.value' <<<"$aal2")
	aal2=$(jq -n --arg a "$address" '{method: "code", address: $a}' |
		curl -sS -X POST "$ORY_URL/self-service/login?flow=$aal2_id" \
			-H 'Accept: application/json' -H 'Content-Type: application/json' \
			-H "X-Session-Token: $token" --data @-)
fi
jq -e '.state == "sent_email"' <<<"$aal2" >/dev/null

step api-code "submit the code"
code=$(read_code)
session=$(jq -n --arg c "$code" '{method: "code", code: $c}' |
	curl -sS -X POST "$ORY_URL/self-service/login?flow=$aal2_id" \
		-H 'Accept: application/json' -H 'Content-Type: application/json' \
		-H "X-Session-Token: $token" --data @-)
jq -e '.session.authenticator_assurance_level == "aal2"' <<<"$session" >/dev/null

step api-whoami "who am I"
curl -sS -H 'Accept: application/json' -H "Authorization: Bearer $token" "$ORY_URL/sessions/whoami" |
	jq -e '.authenticator_assurance_level == "aal2"' >/dev/null
echo "aal2 session $(jq -r .session.id <<<"$session")"

step browser-create "create a browser login flow, with a cookie jar"
jar=$(mktemp)
flow=$(curl -sS -b "$jar" -c "$jar" -H 'Accept: application/json' "$ORY_URL/self-service/login/browser")
flow_id=$(jq -er .id <<<"$flow")
csrf=$(jq -er '.ui.nodes[] | select(.attributes.name == "csrf_token") | .attributes.value' <<<"$flow")

step browser-password "submit the password and the csrf_token"
login=$(jq -n --arg id "$ORY_IDENTIFIER" --arg pw "$ORY_PASSWORD" --arg csrf "$csrf" \
	'{method: "password", identifier: $id, password: $pw, csrf_token: $csrf}' |
	curl -sS -b "$jar" -c "$jar" -X POST "$ORY_URL/self-service/login?flow=$flow_id" \
		-H 'Accept: application/json' -H 'Content-Type: application/json' --data @-)
jq -e '.session.authenticator_assurance_level == "aal1"
	or .error.id == "browser_location_change_required"' <<<"$login" >/dev/null

step browser-aal2 "create the AAL2 flow with the session cookie"
aal2=$(curl -sS -b "$jar" -c "$jar" -H 'Accept: application/json' "$ORY_URL/self-service/login/browser?aal=aal2")
aal2_id=$(jq -er .id <<<"$aal2")
csrf=$(jq -er '.ui.nodes[] | select(.attributes.name == "csrf_token") | .attributes.value' <<<"$aal2")

step browser-send "send the code (v1.3.1; v26 has sent it already)"
if [ "$(jq -r .state <<<"$aal2")" = choose_method ]; then
	address=$(jq -er '[.ui.nodes[] | select(.attributes.name == "address")][0].attributes.value' <<<"$aal2")
	aal2=$(jq -n --arg a "$address" --arg csrf "$csrf" '{method: "code", address: $a, csrf_token: $csrf}' |
		curl -sS -b "$jar" -c "$jar" -X POST "$ORY_URL/self-service/login?flow=$aal2_id" \
			-H 'Accept: application/json' -H 'Content-Type: application/json' --data @-)
fi
jq -e '.state == "sent_email"' <<<"$aal2" >/dev/null

step browser-code "submit the code and the csrf_token"
code=$(read_code)
session=$(jq -n --arg c "$code" --arg csrf "$csrf" '{method: "code", code: $c, csrf_token: $csrf}' |
	curl -sS -b "$jar" -c "$jar" -X POST "$ORY_URL/self-service/login?flow=$aal2_id" \
		-H 'Accept: application/json' -H 'Content-Type: application/json' --data @-)
jq -e '.session.authenticator_assurance_level == "aal2"' <<<"$session" >/dev/null

step browser-whoami "who am I, by cookie"
curl -sS -b "$jar" -H 'Accept: application/json' "$ORY_URL/sessions/whoami" |
	jq -e '.authenticator_assurance_level == "aal2"' >/dev/null
echo "aal2 session $(jq -r .session.id <<<"$session")"
