-- GET /api/v1/public/dossiers/{code}?phone= over stored (code, phone) pairs (bench/load.py writes the file).
local pairs = {}
for line in io.lines(os.getenv("LOOKUPS")) do
  local code, phone = line:match("(%S+) (%S+)")
  pairs[#pairs + 1] = "/api/v1/public/dossiers/" .. code .. "?phone=" .. phone
end

request = function()
  return wrk.format("GET", pairs[math.random(#pairs)])
end
