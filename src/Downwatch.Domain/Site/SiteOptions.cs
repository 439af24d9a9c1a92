using System.ComponentModel.DataAnnotations;

namespace Downwatch.Domain.Site;

/// <summary>Section "Site": how the site names itself and the public address used in canonical links and the sitemap.</summary>
public sealed class SiteOptions
{
    public const string Section = "Site";

    [Required]
    public string Name { get; set; } = "Downwatch";

    [Required]
    [Url]
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    public const string DefaultBaseUrl = "http://127.0.0.1:5080";

    /// <summary>True while the public address is still the default one, which only this machine can open.</summary>
    public bool IsDefaultBaseUrl => string.Equals(BaseUrl.TrimEnd('/'), DefaultBaseUrl, StringComparison.OrdinalIgnoreCase);

    public string Absolute(string path) => BaseUrl.TrimEnd('/') + path;
}
