-- bench/mixed: the deadline-day mix for wrk (see run.sh for the weights and how to run it).
--   wrk -t2 -c64 --timeout 30s -s mix.lua URL -- DATAFILE THINK_MS THREADS [MIX]
-- DATAFILE (written by run.sh before every level) holds the sessions, the cases to approve and
-- the accounts to log in as; each thread takes every THREADS-th student and case, so no two
-- threads act on the same case. Think time: exponential with mean THINK_MS (capped at 10×),
-- before every request of a connection (wrk's delay()). MIX: "kind=weight,…" overriding WEIGHTS.

-- Requests per 1000 (the kinds are described in run.sh). "write" is a student's next step of
-- ROUND, 暂存 → 上传证明材料 → 暂存 → 提交 (so 100 saves, 50 uploads and 50 submits per 1000);
-- MIX may name another, e.g. "round=save:save:submit" (no upload).
WEIGHTS = {
  { "home", 160 }, { "destination", 270 }, { "write", 200 },
  { "login_page", 10 }, { "login", 10 },
  { "review_list", 100 }, { "review_case", 100 }, { "approve", 60 },
  { "students", 88 }, { "export", 2 },
}

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
  login_redirects, withdraws, ran_out = 0, 0, 0
  mode = args[1]
  think = tonumber(args[2])
  local nthreads = tonumber(args[3])
  math.randomseed(os.time() * 1000 + tid * 7919)
  for _ = 1, 10 do math.random() end
  ROUND = { "save", "upload", "save", "submit" }
  if args[4] and args[4] ~= "" then
    local round = string.match(args[4], "round=([%a:]+)")
    if round then
      ROUND = {}
      for step in string.gmatch(round, "%a+") do ROUND[#ROUND + 1] = step end
      assert(ROUND[#ROUND] == "submit", "a round ends with submit")
    end
    for name, weight in string.gmatch(args[4], "([%w_]+)=([%d%.]+)") do
      for _, entry in ipairs(WEIGHTS) do if entry[1] == name then entry[2] = tonumber(weight) end end
    end
  end
  total_weight = 0
  for _, entry in ipairs(WEIGHTS) do total_weight = total_weight + entry[2] end

  students, drafting, submitted, approvals, finals, logins = {}, {}, {}, {}, {}, {}
  local n_approve, n_final, n_login = 0, 0, 0
  for line in io.lines(mode) do
    local f = split(line)
    local tag = f[1]
    if tag == "O" then origin = f[2]
    elseif tag == "N" then anon_cookie, anon_token = f[2], f[3]
    elseif tag == "R" then reviewer = { cookie = f[2], csrf = f[3] }
    elseif tag == "C" then college = { cookie = f[2], csrf = f[3] }
    elseif tag == "H" then school = { cookie = f[2], csrf = f[3] }
    elseif tag == "J" then
      local file = assert(io.open(f[2], "rb"))
      photo = file:read("*a")
      file:close()
    elseif tag == "S" then
      if tonumber(f[2]) % nthreads == tid then
        local s = { cookie = f[3], csrf = f[4], case = f[5], no = f[6], step = 0 }
        students[#students + 1] = s
        if f[7] == "d" then drafting[#drafting + 1] = s else submitted[#submitted + 1] = s end
      end
    elseif tag == "A" then
      if n_approve % nthreads == tid then approvals[#approvals + 1] = f[2] end
      n_approve = n_approve + 1
    elseif tag == "F" then
      if n_final % nthreads == tid then finals[#finals + 1] = f[2] end
      n_final = n_final + 1
    elseif tag == "L" then
      if n_login % nthreads == tid then logins[#logins + 1] = f[2] end
      n_login = n_login + 1
    end
  end
  -- Students act in turn: a window of ACTIVE drafting students, each taking its next step in
  -- turn, so one student's requests are far apart (never two of them in flight at once).
  active, active_at, fresh_at = {}, 1, 1
  ACTIVE = 48
  -- The first window is met mid-round (levels follow one another): each of its graduates is at
  -- a random step, so the mix has its proportions from the first second; the rest start at 暂存.
  for i = 1, math.min(ACTIVE, #drafting) do drafting[i].step = math.random(0, #ROUND - 1) end
  approve_at, final_at, serial = 1, 1, 0
  boundary = "----JiuyeBench" .. tid .. "x" .. math.random(100000000, 999999999)
  accept = "text/html,application/xhtml+xml"
  unit_location = urlencode("重庆市沙坪坝区")
  unit_base = "重庆示范科技有限公司"
end

local function get(path, cookie)
  local headers = { ["Accept"] = accept }
  if cookie then headers["Cookie"] = "jiuye_session=" .. cookie end
  return wrk.format("GET", path, headers)
end

local function post(path, cookie, body, content_type)
  local headers = { ["Accept"] = accept, ["Origin"] = origin,
                    ["Content-Type"] = content_type or "application/x-www-form-urlencoded" }
  headers["Cookie"] = cookie
  return wrk.format("POST", path, headers, body)
end

local function session(cookie) return "jiuye_session=" .. cookie end

local function destination_form(s, action)
  serial = serial + 1
  local unit = unit_base .. "（第" .. (s.step + 1) .. "稿 " .. serial .. "）"
  return "_csrf=" .. urlencode(s.csrf) .. "&lock=-1&action=" .. action ..
         "&category=11&position=13&unit_location=" .. unit_location .. "&unit_name=" .. urlencode(unit) .. "&remark=" ..
         -- The fields 签劳动合同形式就业 requires (DestinationMatrix row "11").
         "&unit_nature=39&credit_code=91500106MA5U37210Y&industry=34&contact_name=" .. urlencode("王经理") .. "&contact_phone=023-65678901"
end

-- A distinct photo each time (a JPEG comment segment after the JFIF header holds a nonce), as
-- real photos differ: the server stores each one rather than finding the same content again.
local function upload(s)
  serial = serial + 1
  local nonce = string.format("%02d%014d", tid, serial)
  local head = 4 + string.byte(photo, 5) * 256 + string.byte(photo, 6)   -- SOI and APP0
  local jpeg = string.sub(photo, 1, head) .. "\255\254\0" .. string.char(2 + #nonce) .. nonce .. string.sub(photo, head + 1)
  local body = "--" .. boundary .. "\r\n" ..
               'Content-Disposition: form-data; name="file"; filename="劳动合同.jpg"\r\n' ..
               "Content-Type: image/jpeg\r\n\r\n" .. jpeg .. "\r\n--" .. boundary .. "--\r\n"
  local path = "/uploads?_csrf=" .. urlencode(s.csrf) .. "&kind=labour-contract&case=destination:" .. s.case .. "&next=%2Fdestination"
  return post(path, session(s.cookie), body, "multipart/form-data; boundary=" .. boundary)
end

local function refill()
  while #active < ACTIVE and fresh_at <= #drafting do
    active[#active + 1] = drafting[fresh_at]
    fresh_at = fresh_at + 1
  end
end

-- The next step of the next drafting student: 暂存, 上传, 暂存, 提交. When every student of the
-- thread has submitted (a pool too small for the run), one withdraws (撤回) and starts again.
local function write()
  refill()
  if #active == 0 then
    if #submitted == 0 then return nil end
    local s = table.remove(submitted, 1)
    s.step = 0
    drafting[#drafting + 1] = s
    withdraws = withdraws + 1
    return "withdraw", post("/destination", session(s.cookie), "_csrf=" .. urlencode(s.csrf) .. "&action=withdraw")
  end
  if active_at > #active then active_at = 1 end
  local s = active[active_at]
  local step = ROUND[s.step + 1]
  s.step = s.step + 1
  if s.step == #ROUND then
    table.remove(active, active_at)
    submitted[#submitted + 1] = s
  else
    active_at = active_at + 1
  end
  if step == "upload" then return "upload", upload(s) end
  if step == "submit" then return "submit", post("/destination", session(s.cookie), destination_form(s, "submit")) end
  return "save", post("/destination", session(s.cookie), destination_form(s, "save"))
end

local function pick()
  local r = math.random() * total_weight
  for _, entry in ipairs(WEIGHTS) do
    r = r - entry[2]
    if r < 0 then return entry[1] end
  end
  return WEIGHTS[1][1]
end

local function build(kind)
  if kind == "home" or kind == "destination" then
    local s = students[math.random(#students)]
    return kind, get(kind == "home" and "/" or "/destination", s.cookie)
  elseif kind == "write" then
    local name, req = write()
    if name then return name, req end
    return build("destination")
  elseif kind == "login_page" then
    return kind, wrk.format("GET", "/login", { ["Accept"] = accept, ["Cookie"] = "jiuye_anon=" .. anon_cookie })
  elseif kind == "login" then
    local who = logins[math.random(#logins)]
    return kind, post("/login", "jiuye_anon=" .. anon_cookie,
                      "_csrf=" .. urlencode(anon_token) .. "&identifier=" .. urlencode(who) .. "&password=Bench%402026")
  elseif kind == "review_list" then
    if math.random() < 0.7 then return kind, get("/review/destination", reviewer.cookie) end
    return kind, get("/review/destination", school.cookie)
  elseif kind == "review_case" then
    -- The case the reviewer opens next (the one approved next), else one further down the list.
    if approve_at <= #approvals then return kind, get("/review/destination/" .. approvals[approve_at], reviewer.cookie) end
    if final_at <= #finals then return kind, get("/review/destination/" .. finals[final_at], school.cookie) end
    ran_out = ran_out + 1
    return build("review_list")
  elseif kind == "approve" then
    -- 初审 by the college reviewer, and 审核 by the school where seeded 初审通过 cases exist.
    local use_final = final_at <= #finals and (approve_at > #approvals or math.random() < 0.3)
    if use_final then
      local id = finals[final_at]
      final_at = final_at + 1
      return kind, post("/review/destination/" .. id, session(school.cookie), "_csrf=" .. urlencode(school.csrf) .. "&action=approve")
    end
    if approve_at <= #approvals then
      local id = approvals[approve_at]
      approve_at = approve_at + 1
      return kind, post("/review/destination/" .. id, session(reviewer.cookie), "_csrf=" .. urlencode(reviewer.csrf) .. "&action=approve")
    end
    ran_out = ran_out + 1
    return build("review_list")
  elseif kind == "students" then
    local r = math.random()
    if r < 0.5 then return kind, get("/students", college.cookie) end
    if r < 0.7 then return kind, get("/students?page=" .. math.random(2, 5), college.cookie) end
    if r < 0.85 then
      local s = students[math.random(#students)]
      return kind, get("/students?q=" .. urlencode(string.upper(s.no)), college.cookie)
    end
    return kind, get("/students", school.cookie)
  elseif kind == "export" then
    return kind, get("/students/export?format=xlsx", college.cookie)
  end
end

function request()
  local kind, req = build(pick())
  kinds[kind] = (kinds[kind] or 0) + 1
  return req
end

function delay()
  if think <= 0 then return 0 end
  local d = -think * math.log(1 - math.random())
  return math.floor(math.min(d, think * 10))
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
  local location = headers["Location"] or headers["location"]
  if status == 303 and location and string.find(location, "/login", 1, true) then
    login_redirects = login_redirects + 1
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
  local redirects, withdrawn, out = 0, 0, 0
  for _, thread in ipairs(threads) do
    for code, n in pairs(thread:get("counts") or {}) do status[code] = (status[code] or 0) + n end
    for name, n in pairs(thread:get("kinds") or {}) do kind[name] = (kind[name] or 0) + n end
    for key, _ in pairs(thread:get("samples") or {}) do seen[key] = true end
    redirects = redirects + (thread:get("login_redirects") or 0)
    withdrawn = withdrawn + (thread:get("withdraws") or 0)
    out = out + (thread:get("ran_out") or 0)
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
  io.write(string.format("MIX_LOGIN_REDIRECTS %d\nMIX_WITHDRAWS %d\nMIX_RAN_OUT %d\n", redirects, withdrawn, out))
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
