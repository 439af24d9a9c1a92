using Downwatch.Domain.Catalog;

namespace Downwatch.Catalog;

/// <summary>Checks of feeds that speak for a whole cloud.</summary>
internal static partial class CatalogValidator
{
    /// <summary>Feeds that speak for a whole cloud: a service can use one only with a mapping that picks its own products.</summary>
    private static readonly (string Host, string Whole)[] SharedFeedHosts =
    [
        ("azure.status.microsoft", "all of Azure"), ("status.azure.com", "all of Azure"), ("azurestatuscdn.azureedge.net", "all of Azure"),
        ("health.aws.amazon.com", "all of AWS"), ("status.aws.amazon.com", "all of AWS"), ("status.aliyun.com", "all of Alibaba Cloud"),
        ("status.alibabacloud.com", "all of Alibaba Cloud"), ("status.cloud.google.com", "all of Google Cloud"),
    ];

    private static string? SharedFeed(StatusPageDefinition page)
    {
        if (page.Format == "azure-rss")
        {
            return "all of Azure";
        }

        var host = Uri.TryCreate(page.FeedUrl, UriKind.Absolute, out var feed) ? feed.Host : "";
        return SharedFeedHosts.FirstOrDefault(s => host == s.Host || host.EndsWith("." + s.Host, StringComparison.OrdinalIgnoreCase)).Whole;
    }
}
