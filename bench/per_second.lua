-- Counts responses per wall-clock second in each thread; done() prints the sums.
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) counts = {} end
function response(status, headers, body)
  local t = os.time()
  counts[t] = (counts[t] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for t, n in pairs(thread:get("counts")) do total[t] = (total[t] or 0) + n end
  end
  for t, n in pairs(total) do io.write(string.format("second %d %d\n", t, n)) end
end
