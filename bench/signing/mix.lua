-- bench/signing: employers sending invitations while graduates poll 我的邀请, for wrk.
--   wrk -t2 -c64 --timeout 30s -s mix.lua URL -- DATAFILE THINK_MS THREADS [MIX]
-- DATAFILE (written by run.sh before every level):
--   O <origin>             the Origin header POSTs carry (PUBLIC_URL)
--   X <YYYY-MM-DD>         应约过期日期 of the invitations (Beijing today + 14)
--   F <payload>            the flash cookie payload of "已加入签约发送列表。" (a list answer)
--   K <slot>               employers with index % 4 >= 2 have their graduate of this slot (1–20) on
--                          their send list already (run.sh): they start with its send
--   E <index> <cookie> <csrf> <student id>:<token> … (the employer's 20 graduates)
--   S <index> <cookie>     a logged-in graduate who polls GET /signing
-- Each wrk thread takes every THREADS-th employer and graduate. Employers act in turn (a
-- rotation over the thread's employers), each request being the next step of that employer's
-- ROUND through its graduates, so two steps of one employer are a whole rotation apart (the
-- list POST has been answered before its send is made). Think time: exponential with mean
-- THINK_MS (capped at 10×) before every request of a connection (wrk's delay()).
-- MIX: "poll=…,employer=…" weights per 1000, "round=list:page:send:page" another round
-- (page: GET /employer/signing, what a browser loads after each 303).

WEIGHTS = { { "poll", 600 }, { "employer", 400 } }
ROUND = { "list", "send" }

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local function urlencode(s)
  return (string.gsub(s, "[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function split(line)
  local out = {}
  for word in string.gmatch(line, "%S+") do out[#out + 1] = word end
  return out
end

function init(args)
  counts, kinds, samples, nsamples = {}, {}, {}, 0
  login_redirects, list_ok, send_ok, send_refused, other_redirects = 0, 0, 0, 0, 0
  math.randomseed(os.time() * 16 + tid)
  local datafile = args[1]
  think = tonumber(args[2]) or 0
  local nthreads = tonumber(args[3]) or 1
  if args[4] and args[4] ~= "" then
    local round = string.match(args[4], "round=([%a:]+)")
    if round then
      ROUND = {}
      for step in string.gmatch(round, "%a+") do ROUND[#ROUND + 1] = step end
    end
    for name, weight in string.gmatch(args[4], "([%w_]+)=([%d%.]+)") do
      for _, entry in ipairs(WEIGHTS) do if entry[1] == name then entry[2] = tonumber(weight) end end
    end
  end
  total_weight = 0
  for _, entry in ipairs(WEIGHTS) do total_weight = total_weight + entry[2] end
  employers, students = {}, {}
  for line in io.lines(datafile) do
    local f = split(line)
    local tag = f[1]
    if tag == "O" then origin = f[2]
    elseif tag == "X" then expires = f[2]
    elseif tag == "F" then list_flash = f[2]
    elseif tag == "K" then slot = tonumber(f[2])
    elseif tag == "E" then
      if tonumber(f[2]) % nthreads == tid then
        local e = { cookie = "jiuye_session=" .. f[3], csrf = urlencode(f[4]), graduates = {}, step = 0 }
        for i = 5, #f do
          local id, token = string.match(f[i], "^(%d+):(.+)$")
          e.graduates[#e.graduates + 1] = { id = id, token = urlencode(token) }
        end
        -- run.sh put the graduate of slot K on the list of employers 2, 3, 6, 7, … (index % 4 >= 2,
        -- half of each thread's): those
        -- start with its send, the others with the list of slot K.
        if tonumber(f[2]) % 4 >= 2 then
          for i, step in ipairs(ROUND) do if step == "send" then e.step = i - 1; break end end
          e.at = slot % #e.graduates + 1
        else
          e.at = slot
        end
        employers[#employers + 1] = e
      end
    elseif tag == "S" then
      if tonumber(f[2]) % nthreads == tid then students[#students + 1] = "jiuye_session=" .. f[3] end
    end
  end
  turn = math.random(#employers)
  accept = "text/html,application/xhtml+xml"
  position = urlencode("软件开发工程师")
  no = urlencode("不接收")
end

local function get(path, cookie)
  return wrk.format("GET", path, { ["Accept"] = accept, ["Cookie"] = cookie })
end

local function post(path, cookie, body)
  return wrk.format("POST", path, { ["Accept"] = accept, ["Origin"] = origin, ["Cookie"] = cookie,
                                    ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
end

-- The next step of the next employer in the rotation: 加入签约发送列表 of its next graduate,
-- then 发送签约 (the list holds that one graduate: one invitation).
local function employer()
  turn = turn % #employers + 1
  local e = employers[turn]
  local step = ROUND[e.step % #ROUND + 1]
  e.step = e.step + 1
  if step == "list" then
    local g = e.graduates[e.at]
    e.at = e.at % #e.graduates + 1
    return "list", post("/employer/signing/list", e.cookie, "_csrf=" .. e.csrf .. "&student=" .. g.id .. "&token=" .. g.token)
  elseif step == "send" then
    return "send", post("/employer/signing/send", e.cookie, "_csrf=" .. e.csrf .. "&position=" .. position ..
                        "&position_category=13&expires_on=" .. expires .. "&hukou_reception=" .. no .. "&archive_reception=" .. no ..
                        "&other_terms=")
  end
  return "page", get("/employer/signing", e.cookie)
end

local function pick()
  local r = math.random() * total_weight
  for _, entry in ipairs(WEIGHTS) do
    r = r - entry[2]
    if r < 0 then return entry[1] end
  end
  return WEIGHTS[1][1]
end

function request()
  -- wrk calls request() once per thread to check the script and never sends that request: it
  -- must not take an employer's step (a list never sent made its send find an empty list).
  if not checked then
    checked = true
    return get("/signing", students[1])
  end
  local kind, req
  if pick() == "employer" then kind, req = employer()
  else kind, req = "poll", get("/signing", students[math.random(#students)]) end
  kinds[kind] = (kinds[kind] or 0) + 1
  return req
end

function delay()
  if think <= 0 then return 0 end
  local d = -think * math.log(1 - math.random())
  return math.floor(math.min(d, think * 10))
end

-- 303s: to /login a lost session; else the flash tells a list answer (its fixed message) from a
-- send: "success|…" (base64url "c3VjY2Vz…") sent the invitation, another kind refused it.
function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
  if status == 303 then
    local location = headers["Location"] or headers["location"] or ""
    local cookie = headers["Set-Cookie"] or headers["set-cookie"] or ""
    local flash = string.match(cookie, "jiuye_flash=([^.;]+)")
    if string.find(location, "/login", 1, true) then login_redirects = login_redirects + 1
    elseif flash == list_flash then list_ok = list_ok + 1
    elseif flash and string.sub(flash, 1, 8) == "c3VjY2Vz" then send_ok = send_ok + 1
    elseif flash then send_refused = send_refused + 1
    else other_redirects = other_redirects + 1 end
  end
  if status >= 400 and nsamples < 8 then
    local message = string.match(body or "", 'role="alert">([^<]*)') or string.match(body or "", "<title>([^<]*)") or ""
    local key = status .. " " .. message
    if not samples[key] then
      samples[key] = true
      nsamples = nsamples + 1
    end
  end
end

function done(summary, latency, requests)
  local status, kind, seen = {}, {}, {}
  local totals = { login_redirects = 0, list_ok = 0, send_ok = 0, send_refused = 0, other_redirects = 0 }
  for _, thread in ipairs(threads) do
    for code, n in pairs(thread:get("counts") or {}) do status[code] = (status[code] or 0) + n end
    for name, n in pairs(thread:get("kinds") or {}) do kind[name] = (kind[name] or 0) + n end
    for key, _ in pairs(thread:get("samples") or {}) do seen[key] = true end
    for name, _ in pairs(totals) do totals[name] = totals[name] + (thread:get(name) or 0) end
  end
  local ok, redirect, client, server = 0, 0, 0, 0
  for code, n in pairs(status) do
    if code < 300 then ok = ok + n elseif code < 400 then redirect = redirect + n
    elseif code < 500 then client = client + n else server = server + n end
  end
  local e = summary.errors
  io.write(string.format("MIX_REQUESTS %d\nMIX_SECONDS %.3f\n", summary.requests, summary.duration / 1e6))
  io.write(string.format("MIX_P50_MS %.2f\nMIX_P95_MS %.2f\nMIX_P99_MS %.2f\nMIX_MAX_MS %.2f\n",
                         latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("MIX_STATUS 2xx=%d 3xx=%d 4xx=%d 5xx=%d\n", ok, redirect, client, server))
  io.write(string.format("MIX_SOCKET connect=%d read=%d write=%d timeout=%d\n", e.connect, e.read, e.write, e.timeout))
  io.write(string.format("MIX_LOGIN_REDIRECTS %d\nMIX_LIST_OK %d\nMIX_SEND_OK %d\nMIX_SEND_REFUSED %d\nMIX_OTHER_303 %d\n",
                         totals.login_redirects, totals.list_ok, totals.send_ok, totals.send_refused, totals.other_redirects))
  local codes = {}
  for code, n in pairs(status) do codes[#codes + 1] = code .. ":" .. n end
  table.sort(codes)
  io.write("MIX_CODES " .. table.concat(codes, " ") .. "\n")
  local names = {}
  for name, n in pairs(kind) do names[#names + 1] = name .. ":" .. n end
  table.sort(names)
  io.write("MIX_KINDS " .. table.concat(names, " ") .. "\n")
  for key, _ in pairs(seen) do io.write("MIX_ERROR_SAMPLE " .. key .. "\n") end
end
