#!/usr/bin/env bash
# The GPU path, checked in one command (`npm run gpu-check`), on Linux with an NVIDIA GPU:
#   1. installs onnxruntime-node's CUDA provider as its own install script does
#      (node_modules/onnxruntime-node/script/install.js --onnxruntime-node-install=cuda12, which
#      fetches libonnxruntime_providers_{cuda,shared,tensorrt}.so from NuGet into its bin folder);
#   2. runs the extraction bench on the CPU, then with the CUDA provider, and the head-training
#      bench on the best backend this machine has;
#   3. prints frames per second side by side.
# No prompts; every step has a time limit, the whole well under 10 minutes. Without an NVIDIA GPU
# (or its driver) it says so and exits 3 at once instead of hanging or measuring the CPU twice.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "gpu-check: $1" >&2; exit "${2:-1}"; }

[[ "$(uname -s)" == "Linux" ]] || fail "needs Linux (found $(uname -s)); onnxruntime-node ships its CUDA provider for linux/x64 only" 3
[[ "$(uname -m)" == "x86_64" ]] || fail "needs x86_64 (found $(uname -m)); onnxruntime-node ships its CUDA provider for linux/x64 only" 3
SMI="${FILMROOM_NVIDIA_SMI:-nvidia-smi}"
command -v "$SMI" >/dev/null 2>&1 || fail "no NVIDIA GPU found: $SMI is not installed (install the NVIDIA driver, or run this on a GPU machine)" 3
GPU="$(timeout 20 "$SMI" --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>&1)" || fail "no NVIDIA GPU found: $SMI failed (${GPU:-no output, or no answer within 20 s})" 3
[[ -r /proc/driver/nvidia/version ]] || fail "the NVIDIA kernel driver is not loaded (/proc/driver/nvidia/version is missing)" 3
echo "GPU: $GPU"

ORT_DIR="$(node -p "require('path').dirname(require.resolve('onnxruntime-node/package.json'))")"
CUDA_LIB="$ORT_DIR/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so"
if [[ ! -f "$CUDA_LIB" ]]; then
  echo "Installing onnxruntime-node's CUDA 12 provider (its install script, from NuGet)…"
  (cd "$ORT_DIR" && timeout 300 node script/install.js --onnxruntime-node-install=cuda12) || fail "installing the CUDA provider failed (network to api.nuget.org needed; see above)"
  [[ -f "$CUDA_LIB" ]] || fail "the install script finished but $CUDA_LIB is missing"
fi

timeout 120 npm run --silent build >/dev/null || fail "npm run build failed"

LOG="$(mktemp -d)"
trap 'rm -rf "$LOG"' EXIT
echo "Extraction bench on the CPU…"
FILMROOM_ONNX_PROVIDERS=cpu timeout 240 node dist/main/bench.js --only extract >"$LOG/cpu.txt" 2>&1 || { cat "$LOG/cpu.txt"; fail "the CPU extraction bench failed"; }
echo "Extraction bench with the CUDA provider…"
FILMROOM_ONNX_PROVIDERS=cuda timeout 240 node dist/main/bench.js --only extract >"$LOG/gpu.txt" 2>&1 || { cat "$LOG/gpu.txt"; fail "the CUDA extraction bench failed"; }
grep -q "(cuda," "$LOG/gpu.txt" || { cat "$LOG/gpu.txt"; fail "ONNX Runtime did not run on CUDA (the engine above names the provider it fell back to)"; }
echo "Head-training bench on the best backend available…"
timeout 200 node dist/main/bench.js --only train --quick >"$LOG/train.txt" 2>&1 || { cat "$LOG/train.txt"; fail "the training bench failed"; }

figures() { grep -E "^Feature extraction at|$2" "$1" | sed -E 's/^ *//; s/ {2,}/ | /g'; }
echo
echo "== Film Room GPU check: $GPU"
echo "-- CPU (ONNX Runtime, cpu provider)"
figures "$LOG/cpu.txt" "Film Room’s extractor|bare InferenceSession"
echo "-- GPU (ONNX Runtime, cuda provider)"
figures "$LOG/gpu.txt" "Film Room’s extractor|bare InferenceSession"
echo "-- Head training (best backend available)"
figures "$LOG/train.txt" "epoch per 1,000 clips|predictions per second"
# The 224 px figure (the library's frame size) is the last extractor line.
GPU_FPS="$(grep "Film Room’s extractor" "$LOG/gpu.txt" | tail -1 | grep -oE '[0-9]+\.[0-9]+ frames/s' | head -1 | cut -d' ' -f1)"
echo
echo "For the season projection on this GPU:"
echo "  FILMROOM_GPU_FRAMES_PER_SECOND=$GPU_FPS npm run bench -- --only season"
