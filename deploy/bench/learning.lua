-- wrk for the learning benchmark. Each request is a real enrolled student: a random line of TOKENS_FILE
-- ("token course_id") gives the token and their course.
--   player    GET /v1/learn/{courseId}
--   complete  POST /v1/learn/{courseId}/lessons/{lessonId}/complete, a random lesson of the course (from
--             COURSES_FILE: "course_id lesson_id…" lines); a lesson already done is completed again
--   anchor    GET /courses/<random id in 1..100000> (the anchor's endpoint, as random_course.lua)
-- Prints one line when done:
--   RESULT <requests/s> <p50 ms> <p99 ms> <requests> <errors (non-2xx and socket errors)>
--   wrk -s deploy/bench/learning.lua http://127.0.0.1:8185 -- player|complete|anchor [TOKENS_FILE COURSES_FILE]
local threads = {}
local mode = "player"
local students = {}
local lessons = {}

function setup(thread)
    table.insert(threads, thread)
    thread:set("number", #threads)
end

function init(args)
    mode = args[1] or mode
    if mode ~= "anchor" then
        for line in io.lines(args[2]) do
            local token, course = line:match("^(%S+) (%S+)$")
            if token then table.insert(students, { "Bearer " .. token, course }) end
        end
        for line in io.lines(args[3]) do
            local course, rest = line:match("^(%S+) (.*)$")
            if course then
                local ids = {}
                for id in rest:gmatch("%S+") do table.insert(ids, id) end
                lessons[course] = ids
            end
        end
    end
    math.randomseed(os.time() * 7919 + (number or 0))
end

function request()
    if mode == "anchor" then
        return wrk.format("GET", "/courses/" .. math.random(1, 100000))
    end
    local student = students[math.random(1, #students)]
    local headers = { ["Authorization"] = student[1] }
    if mode == "complete" then
        local ids = lessons[student[2]]
        local path = "/v1/learn/" .. student[2] .. "/lessons/" .. ids[math.random(1, #ids)] .. "/complete"
        return wrk.format("POST", path, headers, "")
    end
    return wrk.format("GET", "/v1/learn/" .. student[2], headers)
end

function done(summary, latency, requests)
    local seconds = summary.duration / 1e6
    local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
        + summary.errors.timeout
    io.write(string.format("RESULT %d %.2f %.2f %d %d\n", summary.requests / seconds,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests, errors))
end
