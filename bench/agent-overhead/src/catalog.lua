-- wrk request generator for BenchService: a spread of users (LRU hit rate ~40%), item counts, sorts and filters.
math.randomseed(42)
local sorts = {"price", "name", "stock"}
local needles = {"a", "e", "io", "ar", "x", ""}
request = function()
  local path = "/api/catalog?user=" .. math.random(1, 5000)
      .. "&count=" .. math.random(200, 300)
      .. "&sort=" .. sorts[math.random(1, #sorts)]
      .. "&q=" .. needles[math.random(1, #needles)]
  return wrk.format("GET", path)
end
