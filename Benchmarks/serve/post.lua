-- wrk script: POSTs the body in the file named by the environment variable BODY, with the
-- headers given as HEADER_<n>="Name: value" (n = 1, 2, …). Counts non-200 answers, so a
-- benchmark of errors is caught.
local file = assert(io.open(os.getenv("BODY"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
for n = 1, 9 do
  local header = os.getenv("HEADER_" .. n)
  if header then
    local name, value = header:match("^([^:]+):%s*(.*)$")
    wrk.headers[name] = value
  end
end

local failures = 0
function response(status, headers, body)
  if status ~= 200 then failures = failures + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration=%.3f p50_us=%d p99_us=%d errors=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
