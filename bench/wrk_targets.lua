-- wrk script: rotate over a list of requests read from a file, and print a JSON summary.
--
--   wrk -t1 -c8 -d10s --latency -s bench/wrk_targets.lua http://127.0.0.1:PORT -- FILE [once]
--
-- FILE has one request a line, fields separated by tabs:
--   METHOD  PATH  COOKIE  CSRF-TOKEN (or -)
-- A COOKIE field "Bearer <token>" is sent as the Authorization header instead.
-- A CSRF token adds the X-CSRFToken header and a form body carrying the same token, as a
-- browser's form post does. With "once", each line is sent at most once and the run stops
-- when the list is used up (fresh session logs: a second POST of a line would only measure
-- the "already logged" path). Use -t1: each wrk thread has its own copy of the list.
--
-- done() prints one line, "BENCH_JSON {...}", that bench/run.py reads: requests, seconds,
-- requests per second, latency percentiles in microseconds (p95 is not in wrk's own table),
-- and errors (status counts answers of 400 and above).

local requests = {}
local count = 0
local index = 0
local once = false

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    local method, path, cookie, csrf = line:match("^(%S+)\t(%S+)\t([^\t]*)\t(%S+)$")
    if method then
      -- Connection: close, as a proxy in front of gunicorn sends them (nginx speaks HTTP/1.0
      -- to its upstream by default). With four keep-alive connections the whole run stayed
      -- on whichever worker accepted them: in some runs all four went to one worker, and a
      -- page was measured on one core of two (bench/README.md).
      local headers = { ["Cookie"] = cookie, ["Accept-Encoding"] = "gzip", ["Connection"] = "close" }
      local body = nil
      if csrf ~= "-" then
        headers["X-CSRFToken"] = csrf
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = "csrfmiddlewaretoken=" .. csrf
      end
      if cookie == "" then
        headers["Cookie"] = nil
      elseif cookie:sub(1, 7) == "Bearer " then
        -- An API token (README: API) goes in Authorization, not Cookie.
        headers["Authorization"] = cookie
        headers["Cookie"] = nil
      end
      count = count + 1
      requests[count] = wrk.format(method, path, headers, body)
    end
  end
  file:close()
  assert(count > 0, "no requests in " .. args[1])
  once = args[2] == "once"
end

function request()
  index = index + 1
  if index > count then
    if once then
      wrk.thread:stop()
      index = count
    else
      index = 1
    end
  end
  return requests[index]
end

function done(summary, latency, requests_)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local parts = {
    string.format('"requests": %d', summary.requests),
    string.format('"seconds": %.3f', seconds),
    string.format('"rps": %.2f', summary.requests / seconds),
    string.format('"mean_us": %.1f', latency.mean),
    string.format('"p50_us": %d', latency:percentile(50)),
    string.format('"p75_us": %d', latency:percentile(75)),
    string.format('"p90_us": %d', latency:percentile(90)),
    string.format('"p95_us": %d', latency:percentile(95)),
    string.format('"p99_us": %d', latency:percentile(99)),
    string.format('"max_us": %d', latency.max),
    string.format('"errors_connect": %d', e.connect),
    string.format('"errors_read": %d', e.read),
    string.format('"errors_write": %d', e.write),
    string.format('"errors_status": %d', e.status),
    string.format('"errors_timeout": %d', e.timeout),
  }
  io.write("BENCH_JSON {" .. table.concat(parts, ", ") .. "}\n")
end
