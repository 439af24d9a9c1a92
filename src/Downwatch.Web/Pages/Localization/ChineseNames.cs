using Downwatch.Domain.Catalog;

namespace Downwatch.Web.Pages.Localization;

/// <summary>The names in Chinese script that the catalog records for a service (its <c>name</c> identifiers).</summary>
public static class ChineseNames
{
    /// <summary>"千帆 / 文心" for Baidu's service; null for a service the catalog knows no Chinese name of.</summary>
    public static string? Of(ServiceDefinition service)
    {
        var names = service.Identifiers
            .Where(i => i.Kind == "name" && i.Text.Any(c => c is >= '\u4e00' and <= '\u9fff'))
            .Select(i => i.Text)
            .ToList();
        return names.Count == 0 ? null : string.Join(" / ", names);
    }


    /// <summary>The service's name with its Chinese names, when the catalog has any: "Baidu ERNIE Bot / Qianfan（千帆 / 文心）".</summary>
    public static string Display(ServiceDefinition service) => Of(service) is { } chinese ? $"{service.Name}（{chinese}）" : service.Name;
}
