#!/usr/bin/env bash
# The GitHub Action (action.yml): lint the changed SQL of a pull request against the whole project, print GitHub
# annotations, write SARIF for code scanning. Exit status: the lint's (1 on error findings or too many warnings).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cli="$here/dist/cli.js"
if [ ! -f "$cli" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)   # its prepare script builds dist/
fi
base="${INPUT_BASE:-}"
if [ -z "$base" ] && [ -n "${GITHUB_BASE_REF:-}" ]; then
  # A pull request: its base branch (fetched if the checkout is shallow).
  git fetch --no-tags --quiet origin "$GITHUB_BASE_REF" || true
  base="origin/$GITHUB_BASE_REF"
fi
args=(lint)
[ -n "$base" ] && args+=(--changed-since "$base")
read -r -a extra <<< "${INPUT_ARGS:-}"
read -r -a paths <<< "${INPUT_PATHS:-.}"
status=0
if [ -n "${INPUT_SARIF:-}" ]; then
  node "$cli" "${args[@]}" "${extra[@]}" --format sarif "${paths[@]}" > "$INPUT_SARIF" || true
fi
node "$cli" "${args[@]}" "${extra[@]}" --format github "${paths[@]}" || status=$?
exit "$status"
