-- POST /api/v1/feedback as the demo citizen: a report at a random point in Phường Hạc Thành (bench/load.py).
local token = os.getenv("TOKEN")
local category = os.getenv("CATEGORY")
local counter = 0

request = function()
  counter = counter + 1
  local lat = 19.800 + math.random() * 0.012
  local lon = 105.775 + math.random() * 0.020
  local body = string.format(
    '{"category":"%s","description":"[Đo tải] Đèn đường hỏng số %d","lat":%.6f,"lon":%.6f}',
    category, counter, lat, lon)
  return wrk.format("POST", "/api/v1/feedback",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end
