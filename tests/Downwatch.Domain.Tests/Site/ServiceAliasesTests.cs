using Downwatch.Domain.Catalog;
using Downwatch.Domain.Site;

namespace Downwatch.Domain.Tests.Site;

public class ServiceAliasesTests
{
    private static ServiceDefinition Service(string slug, params string[] names) =>
        new() { Slug = slug, Name = slug, Identifiers = names.Select(n => new ServiceIdentifier { Kind = "name", Text = n }).ToList() };

    private static readonly ServiceAliases Aliases = new(new ServiceCatalog(
    [
        Service("baidu-ernie", "ERNIE", "文心", "Qianfan"),
        Service("sensetime-sensechat", "SenseChat", "SenseNova"),
        Service("openai", "OpenAI", "GPT"),
        Service("azure-openai", "Azure OpenAI", "GPT"),
        Service("chatgpt", "openai"),
    ], []));

    [Theory]
    [InlineData("ernie", "baidu-ernie")]
    [InlineData("ERNIE", "baidu-ernie")]
    [InlineData("文心", "baidu-ernie")]
    [InlineData("sensechat", "sensetime-sensechat")]
    public void Another_name_leads_to_its_service(string alias, string slug) => Assert.Equal(slug, Aliases.Resolve(alias));

    [Theory]
    [InlineData("gpt")] // two services share it
    [InlineData("openai")] // a service's own slug is never another's alias
    [InlineData("nothing")]
    [InlineData("")]
    public void A_shared_own_or_unknown_name_leads_nowhere(string alias) => Assert.Null(Aliases.Resolve(alias));
}
