-- Replays pre-generated signed callback requests (bench/jmh RequestPool): one line per request,
-- "<path?query>\t<body>". Each wrk thread takes every n-th line, so no two threads send the same
-- push; a thread that runs past its share starts again from its first line and counts a wrap.
-- Usage: wrk -t2 -c64 -d20s -s pool.lua http://127.0.0.1:PORT -- <pool-file> <wrk-threads>
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local file, nthreads = args[1], tonumber(args[2])
  local headers = { ["Content-Type"] = "text/xml" }
  local count = 0
  for _ in io.lines(file) do count = count + 1 end
  if count == 0 then error("no requests in " .. file) end
  -- a pool smaller than the thread count (the one-request replay) is shared by every thread
  local partition = count >= nthreads
  pool = {}
  local i = 0
  for line in io.lines(file) do
    if not partition or i % nthreads == id then
      local tab = line:find("\t", 1, true)
      pool[#pool + 1] = wrk.format("POST", line:sub(1, tab - 1), headers, line:sub(tab + 1))
    end
    i = i + 1
  end
  idx = 0
  wraps = 0
  size = #pool
end

function request()
  idx = idx + 1
  if idx > size then
    idx = 1
    wraps = wraps + 1
  end
  return pool[idx]
end

function done(summary, latency, requests)
  local wrapped, share = 0, 0
  for _, t in ipairs(threads) do
    wrapped = wrapped + t:get("wraps")
    share = share + t:get("size")
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
    '"max_us":%d,"err_connect":%d,"err_read":%d,"err_write":%d,"err_status":%d,' ..
    '"err_timeout":%d,"pool":%d,"pool_wraps":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout, share, wrapped))
end
