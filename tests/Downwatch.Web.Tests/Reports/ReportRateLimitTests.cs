using Downwatch.Web.Reports;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Downwatch.Web.Tests.Reports;

/// <summary>The per-client allowance: so many submissions per fixed window, per client, renewed when the window turns.</summary>
public class ReportRateLimitTests
{
    [Fact]
    public void Each_client_gets_its_allowance_per_window_and_a_new_one_when_the_window_turns()
    {
        var time = new FakeTimeProvider(TestSite.Start);
        var limit = new ReportRateLimit(Options.Create(new ReportOptions { PermitsPerClient = 3, PermitWindow = TimeSpan.FromMinutes(10) }), time);
        const string a = "0123456789abcdef0123456789abcdef";
        const string b = "fedcba9876543210fedcba9876543210";
        Assert.All(Enumerable.Range(0, 3), i => Assert.True(limit.TryAcquire(a, out _)));
        Assert.False(limit.TryAcquire(a, out var retryAfter));
        Assert.InRange(retryAfter, TimeSpan.FromTicks(1), TimeSpan.FromMinutes(10));
        Assert.True(limit.TryAcquire(b, out _));

        time.Advance(retryAfter);
        Assert.True(limit.TryAcquire(a, out _));
    }
}
