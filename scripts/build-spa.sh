#!/usr/bin/env bash
# Builds the SPA into frontend/dist with Trunk (offline: every tool must already be installed).
source "$(dirname "$0")/lib.sh"
say "Building the SPA (WASM, release profile)"
cd frontend
TRUNK_OFFLINE=true trunk build --release
