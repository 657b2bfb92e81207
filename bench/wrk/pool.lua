-- Replays pre-generated signed callback requests (bench/jmh RequestPool): one line per request,
-- "<path?query>\t<body>". Each wrk thread takes every n-th line, so no two threads send the same
-- push; a thread that runs past its share starts again from its first line and counts a wrap.
-- Usage: POOL=<pool-file> wrk -t2 -c64 -d20s -s pool.lua http://127.0.0.1:PORT -- <wrk-threads>
--
-- The whole pool is read and formatted once, in the first setup() call, into C memory that every
-- thread reads (LuaJIT's FFI), so no thread loads anything in init(). wrk calls each thread's
-- init() and starts that thread at once, and starts its clock only after the last thread has
-- started: a pool loaded in init() let the first thread send while the second was still loading,
-- requests counted against a duration that did not include them (with a pool of a million pushes,
-- ~8 s of one thread's requests, ~20 % more requests/s than were served).
local ffi = require("ffi")
ffi.cdef([[
void *malloc(size_t size);
]])

local threads = {}
local loaded -- main state: { base = address, offsets = address, count = lines }

-- Reads the pool into one C buffer of formatted HTTP requests; offsets[i] is where request i
-- starts, offsets[count] where the last one ends. Addresses go to the threads as plain numbers.
local function load(file)
  local count, bytes = 0, 0
  for line in io.lines(file) do
    count = count + 1
    bytes = bytes + #line
  end
  if count == 0 then error("no requests in " .. file) end
  -- a line's request adds the request line and headers to it: well under 512 bytes
  local capacity = bytes + count * 512
  local buf = ffi.cast("char *", ffi.C.malloc(capacity))
  local offsets = ffi.cast("int64_t *", ffi.C.malloc((count + 1) * 8))
  if buf == nil or offsets == nil then error("cannot allocate the pool") end
  -- wrk adds Host only to requests formatted in a thread's init(); this is the main state
  local host = wrk.host:find(":") and ("[" .. wrk.host .. "]") or wrk.host
  if wrk.port then host = host .. ":" .. wrk.port end
  local headers = { ["Content-Type"] = "text/xml", ["Host"] = host }
  local pos, i = 0, 0
  for line in io.lines(file) do
    local tab = line:find("\t", 1, true)
    local request = wrk.format("POST", line:sub(1, tab - 1), headers, line:sub(tab + 1))
    if pos + #request > capacity then error("pool buffer too small") end
    ffi.copy(buf + pos, request, #request)
    offsets[i] = pos
    pos = pos + #request
    i = i + 1
  end
  offsets[count] = pos
  return {
    base = tonumber(ffi.cast("intptr_t", buf)),
    offsets = tonumber(ffi.cast("intptr_t", offsets)),
    count = count,
  }
end

function setup(thread)
  if not loaded then
    local file = os.getenv("POOL")
    if not file or file == "" then error("POOL (the pool file) is not set") end
    loaded = load(file)
  end
  thread:set("id", #threads)
  thread:set("base_address", loaded.base)
  thread:set("offsets_address", loaded.offsets)
  thread:set("count", loaded.count)
  table.insert(threads, thread)
end

function init(args)
  local nthreads = tonumber(args[1])
  base = ffi.cast("const char *", base_address)
  offsets = ffi.cast("const int64_t *", offsets_address)
  if count < nthreads then
    -- a pool smaller than the thread count (the one-request replay) is shared by every thread
    first, stride = 0, 1
  else
    first, stride = id, nthreads
  end
  size = math.floor((count - 1 - first) / stride) + 1
  idx = 0
  wraps = 0
end

function request()
  if idx >= size then
    idx = 0
    wraps = wraps + 1
  end
  local line = first + idx * stride
  idx = idx + 1
  local from = offsets[line]
  return ffi.string(base + from, tonumber(offsets[line + 1] - from))
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
