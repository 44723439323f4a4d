-- wrk script for `just bench`: anonymous staff sign-ins with wrong passwords for addresses no one
-- has, each from a different forwarded client address (the server trusts 127.0.0.1 as a proxy),
-- so no per-address throttle helps: every request reaches the password hasher.
local counter = 0
c401, c429, c503, cother = 0, 0, 0, 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function request()
  counter = counter + 1
  local ip = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  local body = string.format('{"email":"spray%d-%d@example.com","password":"Spring2026!guess"}', math.random(1, 1000000), counter)
  return wrk.format("POST", "/api/v1/staff/auth/login",
    { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = ip }, body)
end

function response(status)
  if status == 401 then c401 = c401 + 1
  elseif status == 429 then c429 = c429 + 1
  elseif status == 503 then c503 = c503 + 1
  else cother = cother + 1 end
end

function done()
  local a, b, c, d = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("c401"); b = b + t:get("c429"); c = c + t:get("c503"); d = d + t:get("cother")
  end
  io.write(string.format("flood-statuses 401=%d 429=%d 503=%d other=%d\n", a, b, c, d))
end
