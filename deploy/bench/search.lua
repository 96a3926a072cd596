-- wrk: GET a random line of a file of request paths (the search mix); prints one RESULT line when done:
--   RESULT <requests/s> <p50 ms> <p95 ms> <p99 ms> <requests> <errors>
--   wrk -s deploy/bench/search.lua http://127.0.0.1:8181 -- /path/to/paths.txt
local threads = {}
local paths = {}

function setup(thread)
    table.insert(threads, thread)
    thread:set("number", #threads)
end

function init(args)
    for line in io.lines(args[1]) do
        if line ~= "" then table.insert(paths, line) end
    end
    math.randomseed(os.time() * 7919 + (number or 0))
end

function request()
    return wrk.format("GET", paths[math.random(1, #paths)])
end

function done(summary, latency, requests)
    local seconds = summary.duration / 1e6
    local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
        + summary.errors.timeout
    io.write(string.format("RESULT %d %.2f %.2f %.2f %d %d\n", summary.requests / seconds,
        latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
        summary.requests, errors))
end
