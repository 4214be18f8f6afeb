#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ (cargo-fuzz, libFuzzer) for DURATION seconds each, on
# nightly Rust, seeded from the project's test vectors, and prints the executions per
# target. A crash stops the run with its input saved under fuzz/artifacts/TARGET/: turn it
# into a regression test in core/tests/outside_bytes.rs.
#
#   scripts/fuzz.sh [DURATION]     # default 60 seconds per target
#
# Installs cargo-fuzz once (cargo +nightly install --locked) under $PHR_CACHE_DIR/cargo-fuzz.
# Without a nightly toolchain it says so and exits non-zero.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION="${1:-60}"
[[ "$DURATION" =~ ^[0-9]+$ ]] || die "DURATION must be a number of seconds, not '$DURATION'"

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    die "no nightly Rust toolchain on this machine (cargo-fuzz needs one: rustup toolchain install nightly)"
fi

fuzz_root="$PHR_CACHE_DIR/cargo-fuzz"
if [[ ! -x "$fuzz_root/bin/cargo-fuzz" ]]; then
    note "installing cargo-fuzz into $fuzz_root (once)"
    run_logged fuzz-install "cargo install cargo-fuzz" \
        cargo +nightly install --locked cargo-fuzz --root "$fuzz_root"
fi
export PATH="$fuzz_root/bin:$PATH"

corpus_root="$PHR_CACHE_DIR/fuzz-corpus"
note "seeding corpora in $corpus_root from core/tests/gatt_vectors.rs and docs/gatt.md"
python3 - "$corpus_root" <<'PY'
import os, re, sys, random
root = sys.argv[1]
names = {
    "2a08": "date_time", "2a2b": "current_time", "2a18": "glucose_measurement",
    "2a34": "glucose_measurement_context", "2a51": "glucose_feature",
    "2a52": "record_access_control_point", "2a35": "blood_pressure_measurement",
    "2a36": "intermediate_cuff_pressure", "2a49": "blood_pressure_feature",
    "2a37": "heart_rate_measurement", "2a9d": "weight_measurement",
}
aliases = {"glucose_context": "glucose_measurement_context", "racp": "record_access_control_point",
           "blood_pressure": "blood_pressure_measurement", "heart_rate": "heart_rate_measurement",
           "weight": "weight_measurement"}
def target(ch):
    c = ch.strip().lower().replace("-", "_").replace(" ", "_")
    if c in names.values():
        return c
    if c in aliases:
        return aliases[c]
    h = c[2:] if c.startswith("0x") else c
    h = h[4:8] if len(h) == 36 else (h[4:] if len(h) == 8 else h)
    return names.get(h)
def put(t, data):
    d = os.path.join(root, t)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-%s" % data.hex()[:40] or "empty"), "wb") as f:
        f.write(data)
seeds = []
src = open("core/tests/gatt_vectors.rs").read()
for ch, hx in re.findall(r'(?:decode|error|decode_to_json)\(\s*"([^"]+)",\s*"([0-9A-Fa-f ]*)"', src):
    seeds.append((ch, hx))
doc = open("docs/gatt.md").read()
for ch, hx in re.findall(r"phr decode (\w+) '([0-9A-Fa-f ]+)'", doc):
    seeds.append((ch, hx))
for hx in re.findall(r"^\| `([0-9A-Fa-f]{2}(?: [0-9A-Fa-f]{2})+)` \|", doc, re.M):
    seeds.append(("2a52", hx))
count = 0
for ch, hx in seeds:
    t = target(ch)
    if not t:
        continue
    try:
        data = bytes.fromhex(hx.replace(" ", ""))
    except ValueError:
        continue  # the vectors of odd or bad hex test the hex parser, not a decoder
    put("gatt_" + t, data)
    if t == "record_access_control_point" and data[:1] in (b"\x05", b"\x06"):
        put("racp_response", data)
    count += 1
rng = random.Random(13)
b = lambda n: bytes(rng.randrange(256) for _ in range(n))
image = b(4096)
header = b"PHR-BACKUP\n" + bytes([1]) + (1024).to_bytes(4, "little") + (1).to_bytes(4, "little") \
    + (1).to_bytes(4, "little") + b(16) + len(image).to_bytes(8, "little")
put("backup_header", header + b(12) + b(48) + image)
put("backup_header", header[:30])
key = ('{"format":"phr-key-file","version":1,"kdf":{"name":"argon2id","version":19,'
       '"memory_kib":1024,"iterations":1,"parallelism":1,"salt":"%s"},'
       '"cipher":{"name":"aes-256-gcm","nonce":"%s"},"wrapped_key":"%s"}\n') % (b(16).hex(), b(12).hex(), b(48).hex())
put("key_file", key.encode())
print("%d GATT seeds" % count)
PY

targets=$(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^phr-fuzz$')
summary="$PHR_LOG_DIR/fuzz-summary.txt"
: >"$summary"
status=0
cd fuzz
for t in $targets; do
    mkdir -p "$corpus_root/$t"
    log="$PHR_LOG_DIR/fuzz-$t.log"
    note "fuzzing $t for ${DURATION}s"
    if cargo +nightly fuzz run "$t" "$corpus_root/$t" -- \
        -max_total_time="$DURATION" -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
        >"$log" 2>&1; then
        result=ok
    else
        result=CRASH
        status=1
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    printf '%-40s %12s executions  %s\n' "$t" "${runs:-?}" "$result" | tee -a "$summary"
    if [[ $result != ok ]]; then
        tail -n 30 "$log" >&2
        note "the crashing input is under fuzz/artifacts/$t/; add it to core/tests/outside_bytes.rs"
    fi
done
note "summary in $summary"
exit $status
