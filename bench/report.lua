-- wrk script for bench/run.sh: sends the Cookie header from BENCH_COOKIE, counts
-- responses outside 2xx, and prints one machine-readable line when the run ends.
local cookie = os.getenv("BENCH_COOKIE")
if cookie and cookie ~= "" then
    wrk.headers["Cookie"] = cookie
end

local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    non2xx = 0
end

function response(status, headers, body)
    if status < 200 or status > 299 then
        non2xx = non2xx + 1
    end
end

function done(summary, latency, requests)
    local non2xx_total = 0
    for _, thread in ipairs(threads) do
        non2xx_total = non2xx_total + thread:get("non2xx")
    end
    local errors = summary.errors
    io.write(string.format(
        "BENCH requests=%d rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f non2xx=%d socket_errors=%d\n",
        summary.requests,
        summary.requests / (summary.duration / 1e6),
        latency:percentile(50) / 1000,
        latency:percentile(95) / 1000,
        latency:percentile(99) / 1000,
        non2xx_total,
        errors.connect + errors.read + errors.write + errors.timeout
    ))
end
