local plugin = require('slowplugin')

describe('slowplugin', function()
  it('greets', function()
    assert.are.equal('hello you', plugin.greet('you'))
  end)

  describe('sums', function()
    it('a long range #slow', function()
      assert.are.equal(20000100000, plugin.slow_sum(200000))
    end)

    it('wrongly #flaky #slow', function()
      assert.are.equal(1, plugin.slow_sum(2))
    end)
  end)

  it('raises an error', function()
    error('deliberate')
  end)

  pending('is not written yet')
end)
