using System.ComponentModel.DataAnnotations;

namespace Downwatch.Web.Integrations;

/// <summary>Section "Api": rate limits of the write API, per API key and per client address.</summary>
internal sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Write requests one API key may make per <see cref="PermitWindow"/>.</summary>
    [Range(1, 1_000_000)]
    public int PermitsPerKey { get; set; } = 120;

    /// <summary>Write requests one client address without a key (e-mail subscribing) may make per window.</summary>
    [Range(1, 1_000_000)]
    public int PermitsPerClient { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PermitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Pasted errors one client address may have diagnosed per window (API and form alike).</summary>
    [Range(1, 1_000_000)]
    public int DiagnosesPerClient { get; set; } = 30;

    /// <summary>Webhook, Slack and Discord subscriptions one API key may hold.</summary>
    [Range(1, 1_000_000)]
    public int SubscriptionsPerKey { get; set; } = 100;
}
