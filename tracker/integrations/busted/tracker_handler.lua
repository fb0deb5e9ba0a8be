-- tracker's busted output handler: `busted -o tracker_handler.lua -Xoutput FILE [-Xoutput profile]`.
--
-- Writes tracker's JSON (format "tracker", version 1) to FILE when busted exits: per test its full
-- name (`<spec file> <describe ...> <it>`, the id busted's JSON output gives), file and line,
-- status and duration of every status, one sample per `--repeat`. With `profile`, each test's
-- function calls are timed through debug.sethook and written as call-tree nodes (`profiles`).
-- Works with Lua 5.1 to 5.4 and LuaJIT, standalone or under `nvim -l`.

local json = require 'dkjson'

local STATUS = { success = 'passed', failure = 'failed', error = 'error', pending = 'skipped' }

local clock = os.clock
do
  local ok, system = pcall(require, 'system')
  if ok and type(system) == 'table' and system.monotime then clock = system.monotime end
end

local function process_id()
  local stat = io.open('/proc/self/stat', 'r')
  if not stat then return '1' end
  local text = stat:read('*l') or ''
  stat:close()
  return text:match('^(%d+)') or '1'
end

local function tags_of(name)
  local tags, seen = {}, {}
  for tag in (' ' .. name):gmatch('%s#([%w_%.%-]+)') do
    if not seen[tag] then seen[tag] = true; tags[#tags + 1] = tag end
  end
  return tags
end

-- The profiler: one call tree per test, keyed by the stack of function labels. A label is made of
-- the function's name, file and first line, never of the function object: modules reloaded
-- between files and repeats (busted insulates each file) give new objects with the same label.
local Profiler = {}
Profiler.__index = Profiler

function Profiler.new()
  return setmetatable({ trees = {}, order = {} }, Profiler)
end

function Profiler.label(info)
  local name = info.name or '?'
  if info.what == 'C' then return name .. ' [C]' end
  return name .. ' ' .. info.short_src .. ':' .. (info.linedefined or 0)
end

function Profiler:tree(test)
  local tree = self.trees[test]
  if not tree then
    tree = {}
    self.trees[test] = tree
    self.order[#self.order + 1] = test
  end
  return tree
end

function Profiler:node(tree, key)
  local node = tree[key]
  if not node then
    node = { key = key, calls = 0, total = 0, children = 0, kids = setmetatable({}, { __mode = 'k' }) }
    tree[key] = node
  end
  return node
end

-- The hook runs on every call and return: it reads only locals, and the stack is kept in three
-- arrays (function, start time, node) so that a call allocates nothing but getinfo's table.
local getinfo, sethook = debug.getinfo, debug.sethook
local reports_no_tail_calls = rawget(_G, 'jit') ~= nil

-- One closure per test on purpose: the hook runs on every call and return, and upvalues are the
-- cheapest state Lua has (a table of state costs a lookup per event).
function Profiler:start(test, run)
  local tree, profiler = self:tree(test), self
  local funcs, starts, nodes, depth = {}, {}, {}, 0

  local function pop()
    local node, elapsed = nodes[depth], clock() - starts[depth]
    funcs[depth], nodes[depth] = nil, nil
    depth = depth - 1
    node.calls, node.total = node.calls + 1, node.total + elapsed
    if depth > 0 then nodes[depth].children = nodes[depth].children + elapsed end
  end

  local function push(func, node)
    depth = depth + 1
    funcs[depth], nodes[depth], starts[depth] = func, node, clock()
  end

  local function child(func)
    local parent = nodes[depth]
    local node = parent.kids[func]
    if node then return node end
    -- First call of FUNC under this parent: name it as called here (a name belongs to the call
    -- site: luassert calls one function as every assertion) and find its node by that name.
    local label = Profiler.label(getinfo(3, 'Sn'))
    local key = parent.key .. '\n' .. label
    node = tree[key] or profiler:node(tree, key)
    parent.kids[func] = node
    return node
  end

  -- Returns are matched to frames by function: an error unwinds frames without return events,
  -- and LuaJIT reports no return for a frame that made a tail call, so a return pops every frame
  -- above the one returning. A return from one of the functions that called the test's function
  -- (busted's xpcall after an error) ends it; other unknown returns are ignored.
  local outer = {}
  local function returned(func)
    local index = depth
    while index > 0 and funcs[index] ~= func do index = index - 1 end
    if index == 0 then
      if not outer[func] then return end
      index = 1
    end
    while depth >= index do pop() end
  end

  local function enter_root(func)
    for level = 4, 12 do -- 1: this function, 2: the hook, 3: the test's function, then its callers
      local info = getinfo(level, 'f')
      if not info then break end
      outer[info.func] = true
    end
    push(func, profiler:node(tree, test))
  end

  -- LuaJIT reports a tail call as a plain call and the replaced frame never returns, nor do its C
  -- functions: a call whose caller is below the top of the stack closes the frames above it.
  local function close_replaced_frames()
    local caller = getinfo(4, 'f') -- 1: this function, 2: the hook, 3: the called function
    caller = caller and caller.func
    if caller == funcs[depth] then return end
    if outer[caller] then -- an error unwound the test's function: busted is handling it
      while depth > 0 do pop() end
      return
    end
    local index = depth - 1
    while index > 0 and funcs[index] ~= caller do index = index - 1 end
    if index > 0 then
      while depth > index do pop() end
    end
  end

  sethook(function(event)
    local func = getinfo(2, 'f').func
    if event == 'call' or event == 'tail call' then
      if depth == 0 then
        if func == run then enter_root(func) end
        return
      end
      if event == 'tail call' then pop() elseif reports_no_tail_calls then close_replaced_frames() end
      if depth > 0 then push(func, child(func)) end
    elseif depth > 0 then
      if event == 'tail return' then pop() else returned(func) end
    end
  end, 'cr')
  self.finish = function()
    sethook()
    while depth > 0 do pop() end
  end
end

function Profiler:stop()
  if self.finish then self.finish() end
  self.finish = nil
end

function Profiler:entries(pid)
  local entries = {}
  for _, test in ipairs(self.order) do
    local keys = {}
    for key in pairs(self.trees[test]) do keys[#keys + 1] = key end
    table.sort(keys)
    for _, key in ipairs(keys) do
      local node, frames = self.trees[test][key], {}
      for frame in key:gmatch('[^\n]+') do frames[#frames + 1] = frame end
      entries[#entries + 1] = {
        test = test, pid = pid, tid = '1', stack = frames, calls = node.calls,
        total = node.total, self_time = math.max(node.total - node.children, 0), unit = 's',
      }
    end
  end
  return entries
end

-- Results per test, in the order busted reported them; a test's worst status over the repeats wins.
local SEVERITY = { passed = 0, skipped = 1, failed = 2, error = 3 }

local Results = {}
Results.__index = Results

function Results.new()
  return setmetatable({ by_name = {}, order = {}, tests = {} }, Results)
end

function Results:record(name, file, line, status, duration)
  local result = self.by_name[name]
  if not result then
    result = { test = name, metric = 'time', status = status, samples = {} }
    self.by_name[name] = result
    self.order[#self.order + 1] = name
    self.tests[name] = { file = file, line = line, tags = tags_of(name) }
  end
  if SEVERITY[status] > SEVERITY[result.status] then result.status = status end
  if duration then result.samples[#result.samples + 1] = duration end
end

local function array(list) return setmetatable(list, { __jsontype = 'array' }) end

-- The header is written by hand: tracker recognises its JSON by `"format": "tracker"` up front.
function Results:write(path, started, profiles)
  local jit = rawget(_G, 'jit')
  local run = {
    format = 'tracker-busted', tool = 'busted', source = 'busted',
    time = os.date('!%Y-%m-%dT%H:%M:%S+00:00', started),
    environment = { interpreter = (jit and jit.version) or _VERSION },
    results = array({}), profiles = array(profiles),
  }
  for index, name in ipairs(self.order) do
    local result = self.by_name[name]
    array(result.samples)
    run.results[index] = result
  end
  for _, test in pairs(self.tests) do array(test.tags) end
  local file = assert(io.open(path, 'w'))
  file:write('{"format": "tracker", "version": 1,\n"runs": [', json.encode(run), '],\n')
  file:write('"tests": ', json.encode(self.tests), ',\n')
  file:write('"metrics": {"time": {"unit": "s", "direction": "lower"}}}\n')
  file:close()
end

return function(options)
  local busted = require 'busted'
  local handler = require 'busted.outputHandlers.base'()
  local arguments = options.arguments or {}
  local output_path = arguments[1]
  local profiler = arguments[2] == 'profile' and Profiler.new() or nil
  -- LuaJIT calls no hooks from compiled code: profiled runs are interpreted, or frames go missing.
  local jit = rawget(_G, 'jit')
  if profiler and jit then jit.off(); jit.flush() end
  local results, started = Results.new(), os.time()

  local function full_name(element)
    local trace = element.trace or {}
    local file = trace.short_src
    local name = handler.getFullName(element)
    return file and (file .. ' ' .. name) or name, file, trace.currentline
  end

  busted.subscribe({ 'test', 'start' }, function(element)
    if profiler then profiler:start(full_name(element), element.run) end
    return nil, true
  end, { priority = 1 })

  busted.subscribe({ 'test', 'end' }, function(element, parent, status)
    if profiler then profiler:stop() end
    local name, file, line = full_name(element)
    results:record(name, file, line, STATUS[status] or 'error', element.duration)
    return nil, true
  end, { priority = 1 })

  -- Errors outside any test (a spec file that does not load, a failing setup) count as errors.
  busted.subscribe({ 'error' }, function(element)
    if element.descriptor ~= 'it' then
      local name, file, line = full_name(element)
      if element.descriptor == 'file' then file = element.name end
      results:record(name, file, line, 'error', nil)
    end
    return nil, true
  end, { priority = 1 })

  busted.subscribe({ 'exit' }, function()
    results:write(output_path, started, profiler and profiler:entries(process_id()) or {})
    return nil, true
  end)

  return handler
end
