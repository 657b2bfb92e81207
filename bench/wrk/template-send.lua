-- The sandbox alone: POST /cgi-bin/message/template/send as fast as the connections allow, the
-- ceiling the gateway's send pipeline is compared with. Args: <access_token> <openid> <template_id>
function init(args)
  local body = string.format(
    '{"touser":"%s","template_id":"%s","data":{"thing1":{"value":"bench"}}}', args[2], args[3])
  req = wrk.format("POST", "/cgi-bin/message/template/send?access_token=" .. args[1],
    { ["Content-Type"] = "application/json" }, body)
end

function request() return req end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
