-- A plugin module with a deliberately slow function: the profile must show it on every repeat.
local M = {}

function M.slow_sum(n)
  local total = 0
  for i = 1, n do
    total = total + i
  end
  return total
end

function M.greet(name)
  return 'hello ' .. name
end

return M
