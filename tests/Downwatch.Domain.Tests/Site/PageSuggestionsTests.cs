using Downwatch.Domain.Catalog;
using Downwatch.Domain.Site;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Downwatch.Domain.Tests.Site;

public class PageSuggestionsTests
{
    private static readonly ServiceCatalog Catalog = new(
    [
        new ServiceDefinition { Slug = "baidu-ernie", Name = "Baidu ERNIE Bot (文心一言)", Company = "Baidu" },
        new ServiceDefinition { Slug = "deepseek", Name = "DeepSeek", Company = "DeepSeek" },
        new ServiceDefinition { Slug = "sensenova", Name = "SenseNova", Company = "SenseTime", Identifiers = [new ServiceIdentifier { Kind = "name", Text = "商汤" }] },
        new ServiceDefinition { Slug = "openai", Name = "OpenAI API", Company = "OpenAI" },
        new ServiceDefinition { Slug = "azure-openai", Name = "Azure OpenAI Service", Company = "Microsoft" },
    ],
    [
        new ErrorType { Slug = "rate-limit-exceeded", Title = "Rate limit exceeded (429)" },
        new ErrorType { Slug = "timeout", Title = "Request timed out" },
    ]);

    [Theory]
    [InlineData("/status/ernie", "/status/baidu-ernie")]
    [InlineData("/is-baidu-down", "/status/baidu-ernie")]
    [InlineData("/status/deepsek", "/status/deepseek")]
    [InlineData("/status/文心一言", "/status/baidu-ernie")]
    [InlineData("/status/商汤科技", "/status/sensenova")]
    [InlineData("/status/%E5%95%86%E6%B1%A4", "/status/sensenova")]
    [InlineData("/errors/rate-limt", "/errors/rate-limit-exceeded")]
    [InlineData("/status/openai/errors/timed-out", "/errors/timeout")]
    public void The_page_meant_is_offered_first(string path, string expected) =>
        Assert.Equal(expected, PageSuggestions.For(Catalog, path)[0].Path);

    [Fact]
    public void A_word_several_services_share_offers_them_all_the_exact_one_first()
    {
        var offered = PageSuggestions.For(Catalog, "/status/openai").Select(s => s.Path).ToList();
        Assert.Equal(["/status/openai", "/status/azure-openai"], offered);
    }

    [Theory]
    [InlineData("/status/xyzzy-quux")]
    [InlineData("/")]
    [InlineData("/status/is/down/errors")]
    [InlineData("/status/a")]
    public void Nothing_like_the_address_offers_nothing(string path) => Assert.Empty(PageSuggestions.For(Catalog, path));

    [Property(MaxTest = 300)]
    public Property Any_address_gets_at_most_five_pages_of_the_catalog(NonNull<string> path)
    {
        var offered = PageSuggestions.For(Catalog, "/" + path.Get);
        var known = Catalog.Services.Select(s => $"/status/{s.Slug}").Concat(Catalog.Errors.Select(e => $"/errors/{e.Slug}")).ToHashSet();
        return (offered.Count <= 5 && offered.All(s => known.Contains(s.Path)) && offered.Select(s => s.Path).Distinct().Count() == offered.Count)
            .ToProperty();
    }
}
