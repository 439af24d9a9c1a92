-- wrk script: POST a JSON report, each request from a different User-Agent (so a different client fingerprint:
-- every request is a new vote and its own rate-limit partition). Counts "stored" answers per thread.
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + id)
  run = tostring(math.random(1, 1000000000))
  stored = 0
  other = 0
end

function request()
  counter = counter + 1
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["User-Agent"] = "flood/" .. run .. "-" .. id .. "-" .. counter
  return wrk.format("POST", "/api/status/openai/reports", headers, '{"category":"api-errors"}')
end

function response(status, headers, body)
  if status == 200 and string.find(body, "stored", 1, true) then
    stored = stored + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local total_stored, total_other = 0, 0
  for _, thread in ipairs(threads) do
    total_stored = total_stored + thread:get("stored")
    total_other = total_other + thread:get("other")
  end
  io.write(string.format("stored=%d other=%d seconds=%.2f\n", total_stored, total_other, summary.duration / 1e6))
end
