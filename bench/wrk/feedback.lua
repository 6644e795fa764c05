-- POST /api/v1/feedback as the demo citizen: a report in a random category, within ~500 m of a random commune
-- centre of Thanh Hóa (bench/load.py writes the centres and passes the categories).
local token = os.getenv("TOKEN")
local categories, points = {}, {}
for code in os.getenv("CATEGORIES"):gmatch("[^,]+") do categories[#categories + 1] = code end
for line in io.lines(os.getenv("POINTS")) do
  local lat, lon = line:match("(%S+) (%S+)")
  points[#points + 1] = { tonumber(lat), tonumber(lon) }
end
local counter = 0

request = function()
  counter = counter + 1
  local p = points[math.random(#points)]
  local body = string.format(
    '{"category":"%s","description":"[Đo tải] Đèn đường hỏng số %d","lat":%.6f,"lon":%.6f}',
    categories[math.random(#categories)], counter,
    p[1] + (math.random() - 0.5) * 0.009, p[2] + (math.random() - 0.5) * 0.009)
  return wrk.format("POST", "/api/v1/feedback",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end
