-- wrk: GET <prefix><random id in 1..100000>; one seed per thread.
--   wrk -s deploy/bench/random_course.lua http://127.0.0.1:8081 -- /courses/
local threads = 0
local prefix = "/courses/"

function setup(thread)
    threads = threads + 1
    thread:set("number", threads)
end

function init(args)
    if args[1] ~= nil then prefix = args[1] end
    math.randomseed(os.time() * 7919 + (number or 0))
end

function request()
    return wrk.format("GET", prefix .. math.random(1, 100000))
end
