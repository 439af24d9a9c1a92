using Downwatch.Domain.Observations;
using Downwatch.Domain.Status;
using static Downwatch.Domain.Tests.TestCatalog;

namespace Downwatch.Domain.Tests;

public class FlipStateTests
{
    [Theory]
    [InlineData("", false)]
    [InlineData("D", false)]
    [InlineData("DD", true)]
    [InlineData("DDU", true)]
    [InlineData("DDUU", false)]
    [InlineData("DUD", false)]
    [InlineData("UUDD", true)]
    [InlineData("DDUDU", true)]
    public void Confirms_before_flipping(string sequence, bool failing)
    {
        var results = sequence.Select((c, i) => Probe("api", "eu-west", TimeSpan.FromMinutes(10 - i),
            c == 'D' ? ProbeOutcome.Down : ProbeOutcome.Up));
        Assert.Equal(failing, FlipState.IsFailing(results, 2, 2));
    }
}
