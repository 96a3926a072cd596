-- wrk: GET a random line of a file of request paths (the search mix), or, for TAIL_PERCENT of requests, a search
-- of the long tail: two words of a random title of TAIL_FILE in a random sort, a search no cache has seen.
-- Prints one RESULT line when done:
--   RESULT <requests/s> <p50 ms> <p95 ms> <p99 ms> <requests> <errors>
--   wrk -s deploy/bench/search.lua http://127.0.0.1:8181 -- PATHS_FILE [TAIL_FILE TAIL_PERCENT]
local threads = {}
local paths = {}
local titles = {}
local tailShare = 0
local sorts = { "", "&sort=newest", "&sort=rating", "&sort=price-asc", "&sort=popular" }

function setup(thread)
    table.insert(threads, thread)
    thread:set("number", #threads)
end

function init(args)
    for line in io.lines(args[1]) do
        if line ~= "" then table.insert(paths, line) end
    end
    if args[2] and args[3] then
        for line in io.lines(args[2]) do
            local words = {}
            for word in line:gmatch("%S+") do table.insert(words, word) end
            if #words >= 2 then table.insert(titles, words) end
        end
        tailShare = tonumber(args[3]) / 100
    end
    math.randomseed(os.time() * 7919 + (number or 0))
end

local function tail()
    local words = titles[math.random(1, #titles)]
    local first = math.random(1, #words)
    local second = math.random(1, #words - 1)
    if second >= first then second = second + 1 end
    return "/v1/courses?q=" .. words[first] .. "+" .. words[second] .. sorts[math.random(1, #sorts)]
end

function request()
    if #titles > 0 and math.random() < tailShare then
        return wrk.format("GET", tail())
    end
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
